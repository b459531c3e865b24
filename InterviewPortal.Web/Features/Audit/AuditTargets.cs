namespace InterviewPortal.Web.Features.Audit;

/// <summary>Where an audit entry's target lives in the portal: the one map from target types to pages.</summary>
public static class AuditTargets
{
    public const string Interview = "Interview";

    /// <summary>The page of the target, relative to the base address; null when the target has no page.</summary>
    public static string? Href(string? type, string? id)
    {
        var hasId = !string.IsNullOrEmpty(id);
        var escaped = hasId ? Uri.EscapeDataString(id!) : "";
        return type switch
        {
            "Candidate" when hasId => $"candidates/{escaped}",
            Interview when hasId => $"interviews/{escaped}",
            "User" when hasId => $"users?search={escaped}",
            "PermissionApplication" when hasId => $"permission/{escaped}",
            "PermissionApplication" => "permission",
            "PermissionCategory" => "permission/categories",
            "HolidayCalendar" => "permission/holidays",
            "Position" => "positions",
            "Agency" => "agencies",
            "Competencies" => "scorecards/competencies",
            "Setting" => "settings",
            "Reminder" => "reminders",
            "Report" when hasId => $"reports/{escaped}",
            "Report" => "reports",
            "Invitation" => "invitations/batch",
            "AuditTrail" => "audit",
            _ => null,
        };
    }

    /// <summary>The session audit page of an interview target (for the audit readers, who do not see interview pages).</summary>
    public static string? SessionHref(string? type, string? id) =>
        type == Interview && Guid.TryParse(id, out var interview) ? $"audit/sessions/{interview}" : null;
}
