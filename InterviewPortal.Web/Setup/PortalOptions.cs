using System.ComponentModel.DataAnnotations;

namespace InterviewPortal.Web.Setup;

/// <summary><c>Portal:*</c> settings that concern the portal as a whole.</summary>
public sealed class PortalOptions
{
    /// <summary>
    /// The address candidates reach the portal at, used in invitation links (<c>{PublicBaseUrl}/i/{token}</c>) and
    /// their QR codes. Absolute http(s), no query.
    /// </summary>
    [Required]
    public string PublicBaseUrl { get; set; } = "http://127.0.0.1:5080";

    public Uri PublicBase => new(PublicBaseUrl.TrimEnd('/') + "/");

    internal static bool IsValid(PortalOptions o) =>
        Uri.TryCreate(o.PublicBaseUrl, UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttps || u.Scheme == Uri.UriSchemeHttp)
        && string.IsNullOrEmpty(u.Query) && string.IsNullOrEmpty(u.Fragment);
}
