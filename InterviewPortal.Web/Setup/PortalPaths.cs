namespace InterviewPortal.Web.Setup;

/// <summary>Where the portal keeps its run-time files (database, logs).</summary>
public static class PortalPaths
{
    /// <summary>
    /// The repository root when running from a clone (the folder that holds InterviewPortal.sln, found upwards from
    /// the content root), else the content root itself (a published build).
    /// </summary>
    public static string Root(string contentRoot)
    {
        for (var dir = new DirectoryInfo(contentRoot); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "InterviewPortal.sln")))
            {
                return dir.FullName;
            }
        }

        return contentRoot;
    }

    /// <summary>
    /// Where uploaded and generated files live: <c>Storage:FilesDirectory</c> (default <c>db/files</c>, relative to
    /// <see cref="Root"/>), never under wwwroot. Each feature keeps its files in a sub-folder of it.
    /// </summary>
    public static string FilesRoot(IConfiguration configuration, IHostEnvironment environment) =>
        Path.GetFullPath(configuration["Storage:FilesDirectory"] ?? "db/files", Root(environment.ContentRootPath));

    /// <summary>Writes <paramref name="content"/> to a temporary name first, so a half-written file is never served.</summary>
    public static async Task WriteFileAtomicallyAsync(string path, ReadOnlyMemory<byte> content, CancellationToken ct)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = path + ".part";
        await File.WriteAllBytesAsync(temp, content, ct);
        File.Move(temp, path, overwrite: true);
    }
}
