using InterviewPortal.Domain.Recruiting;

namespace InterviewPortal.Web.Features.Settings;

/// <summary>Admin-editable privacy settings: days after rejection or withdrawal before a candidate is anonymised.</summary>
public sealed record PrivacySettings(int CandidateRetentionDays)
{
    public const string Key = "Privacy";

    public static PrivacySettings Default { get; } = new(CandidateRetention.DefaultDays);
}
