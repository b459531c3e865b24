using InterviewPortal.Web.Setup;

namespace InterviewPortal.Web.Features.Invitations;

/// <summary>
/// Where made invitation codes (PNG) live: <c>Storage:FilesDirectory</c>/invitations, outside wwwroot and outside the
/// database, named by invitation id.
/// </summary>
public sealed class InvitationFiles(IConfiguration configuration, IHostEnvironment environment)
{
    private readonly string _root = Path.Combine(
        Path.GetFullPath(configuration["Storage:FilesDirectory"] ?? "db/files", PortalPaths.Root(environment.ContentRootPath)), "invitations");

    public string PathFor(Guid invitationId) => Path.Combine(_root, invitationId.ToString("N") + ".png");

    public async Task WriteAsync(Guid invitationId, byte[] png, CancellationToken ct)
    {
        var path = PathFor(invitationId);
        Directory.CreateDirectory(_root);
        var temp = path + ".part";
        await File.WriteAllBytesAsync(temp, png, ct);
        File.Move(temp, path, overwrite: true);
    }

    public async Task<byte[]?> ReadAsync(Guid invitationId, CancellationToken ct)
    {
        var path = PathFor(invitationId);
        return File.Exists(path) ? await File.ReadAllBytesAsync(path, ct) : null;
    }
}
