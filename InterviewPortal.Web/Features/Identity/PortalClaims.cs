namespace InterviewPortal.Web.Features.Identity;

/// <summary>Claims the portal adds to the sign-in cookie.</summary>
public static class PortalClaims
{
    public const string DisplayName = "portal:name";
    public const string MustChangePassword = "portal:must-change-password";
    public const string TwoFactor = "portal:2fa";
    public const string TimeZone = "portal:tz";
    public const string AgencyId = "portal:agency";
}
