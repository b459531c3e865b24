using InterviewPortal.Domain.Permission;

namespace InterviewPortal.Web.Features.Permission;

/// <summary>The seed guide's six-week plan, counted from the day the application was started, against its actual dates.</summary>
public static class PermissionTimeline
{
    public static IReadOnlyList<TimelinePhase> For(PermissionApplication app)
    {
        var start = PermissionService.ChinaDate(app.CreatedAtUtc);
        DateOnly? Day(DateTime? utc) => utc is { } u ? PermissionService.ChinaDate(u) : null;
        var firstSubmitted = Day(app.Submissions.Where(s => s.SubmittedAtUtc is not null).MinBy(s => s.Number)?.SubmittedAtUtc);
        var preparingFrom = Day(app.Submissions.MinBy(s => s.Number)?.StartedAtUtc);
        return
        [
            new("PermissionPhase_Materials", start, start.AddDays(6), preparingFrom, firstSubmitted),
            new("PermissionPhase_Review", start.AddDays(7), start.AddDays(13), firstSubmitted, Day(app.ApprovedAtUtc)),
            new("PermissionPhase_Switches", start.AddDays(14), start.AddDays(14), Day(app.ApprovedAtUtc), Day(app.EnabledAtUtc)),
            new("PermissionPhase_Integration", start.AddDays(14), start.AddDays(27), Day(app.EnabledAtUtc), null),
            new("PermissionPhase_Testing", start.AddDays(28), start.AddDays(34), null, null),
            new("PermissionPhase_Release", start.AddDays(35), start.AddDays(41), null, null),
        ];
    }
}
