namespace InterviewPortal.Web.Features.Settings;

/// <summary>Admin-editable security settings.</summary>
public sealed record SecuritySettings(IReadOnlyList<string> RequireTwoFactorRoles)
{
    public const string Key = "Security";

    public static SecuritySettings Default { get; } = new([]);

    public bool RequiresTwoFactor(IEnumerable<string> roles) => roles.Any(r => RequireTwoFactorRoles.Contains(r, StringComparer.Ordinal));
}
