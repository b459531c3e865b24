namespace InterviewPortal.Domain.Identity;

/// <summary>The portal's roles (see the domain rules). Names are stored in the database: never rename one.</summary>
public static class Roles
{
    public const string Admin = "Admin";
    public const string HR = "HR";
    public const string Interviewer = "Interviewer";
    public const string Agency = "Agency";
    public const string Auditor = "Auditor";

    public static IReadOnlyList<string> All { get; } = [Admin, HR, Interviewer, Agency, Auditor];

    public static bool IsKnown(string role) => All.Contains(role, StringComparer.Ordinal);
}
