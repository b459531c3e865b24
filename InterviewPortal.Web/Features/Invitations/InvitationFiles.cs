using InterviewPortal.Web.Setup;

namespace InterviewPortal.Web.Features.Invitations;

/// <summary>
/// Where made invitation codes (PNG, or the JPEG WeChat draws) live: <c>Storage:FilesDirectory</c>/invitations, outside wwwroot and outside the
/// database, named by invitation id.
/// </summary>
public sealed class InvitationFiles(IConfiguration configuration, IHostEnvironment environment)
{
    private readonly string _root = Path.Combine(PortalPaths.FilesRoot(configuration, environment), "invitations");

    public string PathFor(Guid invitationId) => Path.Combine(_root, invitationId.ToString("N") + ".code");

    /// <summary>The image type, read from its first bytes (the file's name says nothing).</summary>
    public static (string ContentType, string Extension) TypeOf(byte[] image) =>
        image is [0xFF, 0xD8, 0xFF, ..] ? ("image/jpeg", ".jpg") : ("image/png", ".png");

    public Task WriteAsync(Guid invitationId, byte[] image, CancellationToken ct) =>
        PortalPaths.WriteFileAtomicallyAsync(PathFor(invitationId), image, ct);

    public async Task<byte[]?> ReadAsync(Guid invitationId, CancellationToken ct)
    {
        var path = PathFor(invitationId);
        return File.Exists(path) ? await File.ReadAllBytesAsync(path, ct) : null;
    }
}
