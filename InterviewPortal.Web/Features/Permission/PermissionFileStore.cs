using InterviewPortal.Web.Setup;

namespace InterviewPortal.Web.Features.Permission;

/// <summary>
/// Where permission materials live: <c>Storage:FilesDirectory</c>/permission (default <c>db/files</c>), never under
/// wwwroot, each under its id so no uploaded name becomes a path.
/// </summary>
public sealed class PermissionFileStore(IConfiguration configuration, IHostEnvironment environment)
{
    private readonly string _root = Path.Combine(PortalPaths.FilesRoot(configuration, environment), "permission");

    public string PathFor(Guid applicationId, Guid fileId) => Path.Combine(_root, applicationId.ToString("N"), fileId.ToString("N") + ".img");

    public Task WriteAsync(Guid applicationId, Guid fileId, ReadOnlyMemory<byte> content, CancellationToken ct) =>
        PortalPaths.WriteFileAtomicallyAsync(PathFor(applicationId, fileId), content, ct);

    public void Delete(Guid applicationId, Guid fileId)
    {
        var path = PathFor(applicationId, fileId);
        if (File.Exists(path))
        {
            File.Delete(path);
        }
    }
}
