using InterviewPortal.Web.Setup;

namespace InterviewPortal.Web.Features.Invitations;

/// <summary>
/// Where made invitation codes (PNG, or the JPEG WeChat draws) live: <c>Storage:FilesDirectory</c>/invitations, outside wwwroot and outside the
/// database, named by invitation id.
/// </summary>
public sealed class InvitationFiles(IConfiguration configuration, IHostEnvironment environment)
{
    private readonly string _root = Path.Combine(
        Path.GetFullPath(configuration["Storage:FilesDirectory"] ?? "db/files", PortalPaths.Root(environment.ContentRootPath)), "invitations");

    public string PathFor(Guid invitationId) => Path.Combine(_root, invitationId.ToString("N") + ".code");

    /// <summary>The image type, read from its first bytes (the file's name says nothing).</summary>
    public static (string ContentType, string Extension) TypeOf(byte[] image) =>
        image is [0xFF, 0xD8, 0xFF, ..] ? ("image/jpeg", ".jpg") : ("image/png", ".png");

    public async Task WriteAsync(Guid invitationId, byte[] image, CancellationToken ct)
    {
        var path = PathFor(invitationId);
        Directory.CreateDirectory(_root);
        var temp = path + ".part";
        await File.WriteAllBytesAsync(temp, image, ct);
        File.Move(temp, path, overwrite: true);
    }

    public async Task<byte[]?> ReadAsync(Guid invitationId, CancellationToken ct)
    {
        var path = PathFor(invitationId);
        return File.Exists(path) ? await File.ReadAllBytesAsync(path, ct) : null;
    }
}
