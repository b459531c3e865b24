using Microsoft.AspNetCore.Identity;

namespace InterviewPortal.Web.Data;

public sealed class ApplicationUser : IdentityUser
{
    public const string DefaultTimeZone = "Asia/Shanghai";

    [PersonalData]
    public string DisplayName { get; set; } = "";

    /// <summary>Set for accounts created with a generated password; cleared by the user's first password change.</summary>
    public bool MustChangePassword { get; set; }

    /// <summary>Disabled by an admin: cannot sign in, and open sessions end at the next revalidation.</summary>
    public bool IsDisabled { get; set; }

    /// <summary>IANA time zone id used to show times to this user.</summary>
    public string TimeZone { get; set; } = DefaultTimeZone;

    /// <summary>The language messages to this user are written in (the one they last picked in the portal).</summary>
    public string Language { get; set; } = DefaultLanguage;

    public const string DefaultLanguage = "zh-CN";

    /// <summary>For Agency users: the one agency whose candidates they see.</summary>
    public Guid? AgencyId { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    public DateTime? LastSignInAtUtc { get; set; }
}
