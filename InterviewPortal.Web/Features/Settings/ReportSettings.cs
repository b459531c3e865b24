namespace InterviewPortal.Web.Features.Settings;

/// <summary>Admin-editable report settings: the weekly number of interviews an interviewer should not exceed.</summary>
public sealed record ReportSettings(int InterviewerWeeklyCap)
{
    public const string Key = "Reports";

    public const int MaxCap = 60;

    public static ReportSettings Default { get; } = new(10);
}
