using InterviewPortal.Web.Setup;

namespace InterviewPortal.Web.Features.Permission;

/// <summary>
/// Where permission materials live: <c>Storage:FilesDirectory</c>/permission (default <c>db/files</c>), never under
/// wwwroot, each under its id so no uploaded name becomes a path.
/// </summary>
public sealed class PermissionFileStore(IConfiguration configuration, IHostEnvironment environment)
{
    private readonly string _root = Path.Combine(Path.GetFullPath(configuration["Storage:FilesDirectory"] ?? "db/files", PortalPaths.Root(environment.ContentRootPath)), "permission");

    public string PathFor(Guid applicationId, Guid fileId) => Path.Combine(_root, applicationId.ToString("N"), fileId.ToString("N") + ".img");

    public async Task WriteAsync(Guid applicationId, Guid fileId, ReadOnlyMemory<byte> content, CancellationToken ct)
    {
        var path = PathFor(applicationId, fileId);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = path + ".part";
        await File.WriteAllBytesAsync(temp, content.ToArray(), ct);
        File.Move(temp, path, overwrite: true);
    }

    public void Delete(Guid applicationId, Guid fileId)
    {
        var path = PathFor(applicationId, fileId);
        if (File.Exists(path))
        {
            File.Delete(path);
        }
    }
}
