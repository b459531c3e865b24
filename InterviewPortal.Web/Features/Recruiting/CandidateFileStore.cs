using InterviewPortal.Web.Setup;

namespace InterviewPortal.Web.Features.Recruiting;

/// <summary>
/// Where candidate files live: <c>Storage:FilesDirectory</c> (default <c>db/files</c> in the portal root), never under
/// wwwroot, each under its id so no uploaded name ever becomes a path.
/// </summary>
public sealed class CandidateFileStore(IConfiguration configuration, IHostEnvironment environment)
{
    private readonly string _root = PortalPaths.FilesRoot(configuration, environment);

    public string PathFor(Guid candidateId, Guid fileId) => Path.Combine(_root, candidateId.ToString("N"), fileId.ToString("N") + ".pdf");

    public Task WriteAsync(Guid candidateId, Guid fileId, ReadOnlyMemory<byte> content, CancellationToken ct) =>
        PortalPaths.WriteFileAtomicallyAsync(PathFor(candidateId, fileId), content, ct);

    public string DirectoryFor(Guid candidateId) => Path.Combine(_root, candidateId.ToString("N"));

    /// <summary>Deletes every stored file of the candidate (an anonymisation or erasure); nothing there is fine.</summary>
    public void DeleteAll(Guid candidateId)
    {
        var directory = DirectoryFor(candidateId);
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    public void Delete(Guid candidateId, Guid fileId)
    {
        var path = PathFor(candidateId, fileId);
        if (File.Exists(path))
        {
            File.Delete(path);
        }
    }
}
