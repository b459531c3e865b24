using System.Globalization;
using InterviewPortal.Domain;
using InterviewPortal.Domain.Audit;
using InterviewPortal.Domain.Interviews;
using InterviewPortal.Domain.Permission;
using InterviewPortal.Domain.Recruiting;
using InterviewPortal.Web.Components.Shared;
using InterviewPortal.Web.Data;
using InterviewPortal.Web.Features.Audit;
using InterviewPortal.Web.Features.Permission;
using InterviewPortal.Web.Features.Recruiting;
using InterviewPortal.Web.Features.Settings;
using InterviewPortal.Web.Features.Shared;
using InterviewPortal.Web.Resources;
using InterviewPortal.Web.Setup;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace InterviewPortal.Web.Features.Reports;

public enum ReportKind
{
    InterviewsByWeek,
    NoShows,
    Reschedules,
    PipelineTimes,
    InterviewerLoad,
    ScorecardTimeliness,
    RecordingCoverage,
}

public enum ValueFormat
{
    Count,
    Percent,
    Hours,
    Days,
}

public enum ChartStyle
{
    Bar,
    StackedBar,
    Line,
}

/// <summary>A value column; <see cref="Charted"/> columns are the chart's series, all columns are in the table and the export.</summary>
public sealed record ReportColumn(string Header, ValueFormat Format, bool Charted);

public sealed record ReportRow(string Label, IReadOnlyList<double?> Values);

/// <summary>
/// One figure: the chart, its table and its export sheet are all drawn from these rows, so they cannot disagree.
/// Percentages are 0–100 and, like hours and days, rounded to one decimal.
/// </summary>
public sealed record ReportTable(string Id, string Title, string LabelHeader, IReadOnlyList<ReportColumn> Columns, IReadOnlyList<ReportRow> Rows, ChartStyle Chart = ChartStyle.Bar);

public sealed record ReportResult(ReportKind Kind, string Title, string Explanation, IReadOnlyList<ReportTable> Tables, ReportScope Scope);

public sealed class ReportFilter
{
    public DateTime? From { get; set; }

    public DateTime? To { get; set; }

    public Guid? PositionId { get; set; }

    public Guid? AgencyId { get; set; }

    public InterviewRound? Round { get; set; }
}

public sealed record ReportOption(Guid Id, string Name);

/// <summary>
/// The reports (issue 9): HR and admins see everything, agency users their agency's interviews and candidates only
/// (interviewer load, scorecard timeliness and recording coverage are not theirs to see). Exports are audited.
/// </summary>
public sealed class ReportService(
    IDbContextFactory<AppDbContext> dbFactory, ClientOrigin origin, UserClock userClock, AuditTrail audit, SettingsService settings,
    JoinModeService joinModes, IStringLocalizer<Strings> L, TimeProvider clock, DatabaseSettings database)
{
    public static IReadOnlyList<ReportKind> AgencyReports { get; } = [ReportKind.InterviewsByWeek, ReportKind.NoShows, ReportKind.Reschedules, ReportKind.PipelineTimes];

    /// <summary>The reports the caller may open (none for interviewers and auditors).</summary>
    public async Task<IReadOnlyList<ReportKind>> AvailableAsync()
    {
        var caller = await origin.GetCallerAsync();
        return caller.IsRecruiter ? Enum.GetValues<ReportKind>() : caller.IsAgencyOnly ? AgencyReports : [];
    }

    /// <summary>Positions and agencies for the filters (agency users: only their own agency).</summary>
    public async Task<(IReadOnlyList<ReportOption> Positions, IReadOnlyList<ReportOption> Agencies)> OptionsAsync(CancellationToken ct = default)
    {
        var caller = await RequireAsync(null);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var positions = await db.Positions.AsNoTracking().OrderBy(p => p.Title).Select(p => new ReportOption(p.Id, p.Title)).ToListAsync(ct);
        var agencies = db.Agencies.AsNoTracking();
        if (!caller.IsRecruiter)
        {
            agencies = agencies.Where(a => a.Id == caller.AgencyId);
        }

        return (positions, await agencies.OrderBy(a => a.Name).Select(a => new ReportOption(a.Id, a.Name)).ToListAsync(ct));
    }

    /// <summary>The default range: the last 12 weeks, this week included.</summary>
    public async Task<ReportFilter> DefaultFilterAsync()
    {
        await userClock.ZoneAsync();
        var today = userClock.LocalToday;
        var monday = ReportScope.WeekOf(DateOnly.FromDateTime(today));
        return new ReportFilter { From = monday.AddDays(-77).ToDateTime(TimeOnly.MinValue), To = today };
    }

    public async Task<ReportResult> RunAsync(ReportKind kind, ReportFilter filter, CancellationToken ct = default)
    {
        var caller = await RequireAsync(kind);
        var scope = await ScopeAsync(filter);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var reads = await LargeReads.BeginAsync(db, database.Sqlite, ct);
        var tables = kind switch
        {
            ReportKind.InterviewsByWeek => InterviewsByWeek(scope, await ReportQueries.InterviewsByWeekAsync(db, caller, scope, ct)),
            ReportKind.NoShows => NoShows(await ReportQueries.AttendanceAsync(db, caller, scope, ct), await AgencyNamesAsync(db, caller, ct)),
            ReportKind.Reschedules => Reschedules(await ReportQueries.ReschedulesAsync(db, caller, scope, ct)),
            ReportKind.PipelineTimes => PipelineTimes(
                await ReportQueries.StageSpellsAsync(db, caller, scope, ct), await ReportQueries.HiresAsync(db, caller, scope, ct), await PositionNamesAsync(db, ct)),
            ReportKind.InterviewerLoad => await InterviewerLoadAsync(db, scope, await ReportQueries.InterviewerLoadAsync(db, caller, scope, ct), ct),
            ReportKind.ScorecardTimeliness => Timeliness(
                await ReportQueries.SubmissionsAsync(db, caller, scope, ct), await ReportQueries.PendingFeedbackAsync(db, caller, scope, ct)),
            ReportKind.RecordingCoverage => Coverage(scope, await ReportQueries.RecordingCoverageAsync(db, caller, scope, ct)),
            _ => throw new DomainException("NotAllowed"),
        };
        return new ReportResult(kind, L[$"ReportKind_{kind}"], L[$"Report{kind}Explanation"], tables, scope);
    }

    /// <summary>The report as a CSV or XLSX file (in the caller's language), audited with the filters it was made with.</summary>
    public async Task<ReportFile> ExportAsync(ReportKind kind, ReportFilter filter, ReportFormat format, CancellationToken ct = default)
    {
        var e = await audit.DescribeAsync(new AuditEvent(AuditActions.ReportExported, "Report", kind.ToString()));
        var result = await RunAsync(kind, filter, ct);
        var file = ReportExport.Write(result, format, L);
        var s = result.Scope;
        await audit.RecordAsync(e with
        {
            Summary = $"{format} {s.From:yyyy-MM-dd}..{s.To:yyyy-MM-dd} position {s.PositionId?.ToString() ?? "*"} agency {s.AgencyId?.ToString() ?? "*"} round {s.Round?.ToString() ?? "*"}, {result.Tables.Sum(t => t.Rows.Count)} rows",
        }, ct);
        return file;
    }

    private async Task<Caller> RequireAsync(ReportKind? kind)
    {
        var caller = await origin.GetCallerAsync();
        var allowed = caller.IsRecruiter || (caller.IsAgencyOnly && (kind is null || AgencyReports.Contains(kind.Value)));
        return allowed ? caller : throw new DomainException("NotAllowed");
    }

    private async Task<ReportScope> ScopeAsync(ReportFilter filter)
    {
        var zone = await userClock.ZoneAsync();
        var defaults = await DefaultFilterAsync();
        var from = DateOnly.FromDateTime(filter.From ?? defaults.From!.Value);
        var to = DateOnly.FromDateTime(filter.To ?? defaults.To!.Value);
        return ReportScope.For(from, to, zone, clock.GetUtcNow().UtcDateTime, filter.PositionId, filter.AgencyId, filter.Round);
    }

    private static async Task<Dictionary<Guid, string>> AgencyNamesAsync(AppDbContext db, Caller caller, CancellationToken ct)
    {
        var agencies = db.Agencies.AsNoTracking();
        if (!caller.IsRecruiter)
        {
            agencies = agencies.Where(a => a.Id == caller.AgencyId);
        }

        return await agencies.ToDictionaryAsync(a => a.Id, a => a.Name, ct);
    }

    private static Task<Dictionary<Guid, string>> PositionNamesAsync(AppDbContext db, CancellationToken ct) =>
        db.Positions.AsNoTracking().ToDictionaryAsync(p => p.Id, p => p.Title, ct);

    private string Week(DateOnly monday) => monday.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static double Round1(double value) => Math.Round(value, 1, MidpointRounding.AwayFromZero);

    private static double? Percent(int part, int whole) => whole == 0 ? null : Round1(100.0 * part / whole);

    private static double? Value(double value) => double.IsNaN(value) ? null : Round1(value);

    private IReadOnlyList<ReportTable> InterviewsByWeek(ReportScope scope, IReadOnlyList<StatusCount> counts)
    {
        var statuses = Enum.GetValues<InterviewStatus>();
        var byWeek = counts.ToLookup(c => c.Week);
        var rows = scope.Weeks().Select(w =>
        {
            var week = byWeek[w].ToList();
            var values = statuses.Select(s => (double?)week.Where(c => c.Status == s).Sum(c => c.Count)).ToList();
            values.Add(week.Sum(c => c.Count));
            return new ReportRow(Week(w), values);
        }).ToList();
        var columns = statuses.Select(s => new ReportColumn(L.Label(s), ValueFormat.Count, true)).Append(new ReportColumn(L["ReportColTotal"], ValueFormat.Count, false)).ToList();
        return [new ReportTable("per-week", L["ReportInterviewsByWeekTable"], L["ReportColWeek"], columns, rows, ChartStyle.StackedBar)];
    }

    /// <summary>Interviews that reached an attendance outcome: the denominator of the no-show rates.</summary>
    private static bool IsDue(InterviewStatus s) =>
        s is InterviewStatus.InProgress or InterviewStatus.Completed or InterviewStatus.NoShowCandidate or InterviewStatus.NoShowInterviewer or InterviewStatus.TechnicalFailure;

    private IReadOnlyList<ReportTable> NoShows(IReadOnlyList<AttendanceCount> counts, Dictionary<Guid, string> agencies)
    {
        var columns = new List<ReportColumn>
        {
            new(L["ReportColDue"], ValueFormat.Count, false),
            new(L["ReportColNoShowCandidate"], ValueFormat.Count, false),
            new(L["ReportColNoShowInterviewer"], ValueFormat.Count, false),
            new(L["ReportColNoShowCandidateRate"], ValueFormat.Percent, true),
            new(L["ReportColNoShowInterviewerRate"], ValueFormat.Percent, true),
        };

        ReportRow Row(string label, IEnumerable<AttendanceCount> group)
        {
            var due = group.Where(c => IsDue(c.Status)).ToList();
            var total = due.Sum(c => c.Count);
            var candidate = due.Where(c => c.Status == InterviewStatus.NoShowCandidate).Sum(c => c.Count);
            var interviewer = due.Where(c => c.Status == InterviewStatus.NoShowInterviewer).Sum(c => c.Count);
            return new ReportRow(label, [total, candidate, interviewer, Percent(candidate, total), Percent(interviewer, total)]);
        }

        var byAgency = counts.GroupBy(c => c.AgencyId)
            .Select(g => (Name: g.Key is { } id ? agencies.GetValueOrDefault(id, "?") : L["ReportDirectCandidates"].Value, Group: g))
            .OrderBy(x => x.Name, StringComparer.CurrentCulture)
            .Select(x => Row(x.Name, x.Group)).ToList();
        var byRound = Enum.GetValues<InterviewRound>().Select(r => Row(L.Label(r), counts.Where(c => c.Round == r))).ToList();
        var web = joinModes.ModeFor(PermissionState.NotStarted);
        var byMode = new[] { (Mode: JoinMode.NativePusher, Native: true), (Mode: web, Native: false) }
            .Select(m => Row(L.Label(m.Mode), counts.Where(c => c.Native == m.Native))).ToList();
        var total = Row(L["ReportColTotal"], counts);
        return
        [
            new ReportTable("by-agency", L["ReportNoShowsByAgency"], L["ReportColAgency"], columns, [.. byAgency, total]),
            new ReportTable("by-round", L["ReportNoShowsByRound"], L["ReportColRound"], columns, [.. byRound, total]),
            new ReportTable("by-join-mode", L["ReportNoShowsByJoinMode"], L["ReportColJoinMode"], columns, [.. byMode, total]),
        ];
    }

    private IReadOnlyList<ReportTable> Reschedules(IReadOnlyList<RescheduleCount> counts)
    {
        var columns = new List<ReportColumn>
        {
            new(L["ReportColInterviews"], ValueFormat.Count, false),
            new(L["ReportColRescheduled"], ValueFormat.Count, false),
            new(L["ReportColRescheduleRate"], ValueFormat.Percent, true),
            new(L["ReportColRescheduledByCandidate"], ValueFormat.Count, false),
            new(L["ReportColCandidateRescheduleRate"], ValueFormat.Percent, true),
        };
        ReportRow Row(string label, IEnumerable<RescheduleCount> group)
        {
            var list = group.ToList();
            var (n, moved, byCandidate) = (list.Sum(c => c.Interviews), list.Sum(c => c.Rescheduled), list.Sum(c => c.ByCandidate));
            return new ReportRow(label, [n, moved, Percent(moved, n), byCandidate, Percent(byCandidate, n)]);
        }

        var rows = Enum.GetValues<InterviewRound>().Select(r => Row(L.Label(r), counts.Where(c => c.Round == r))).Append(Row(L["ReportColTotal"], counts)).ToList();
        return [new ReportTable("by-round", L["ReportReschedulesByRound"], L["ReportColRound"], columns, rows)];
    }

    private static readonly PipelineStage[] SpellStages = [PipelineStage.Applied, PipelineStage.Screening, PipelineStage.Interviewing, PipelineStage.Offer];

    private IReadOnlyList<ReportTable> PipelineTimes(IReadOnlyList<StageSpells> spells, IReadOnlyList<Hire> hires, Dictionary<Guid, string> positions)
    {
        string Name(Guid id) => positions.GetValueOrDefault(id, "?");
        var stageColumns = SpellStages.Select(s => new ReportColumn(L["ReportColMedianDaysIn", L.Label(s)], ValueFormat.Days, true))
            .Append(new ReportColumn(L["ReportColStageMoves"], ValueFormat.Count, false)).ToList();
        ReportRow StageRow(string label, IReadOnlyCollection<StageSpells> group) =>
            new(label, [.. SpellStages.Select(st => Value(ReportQueries.Median(group.Where(x => x.Stage == st).SelectMany(x => x.Days)))), group.Sum(x => x.Days.Count)]);
        var stageRows = spells.GroupBy(s => s.PositionId).Select(g => StageRow(Name(g.Key), g.ToList()))
            .OrderBy(r => r.Label, StringComparer.CurrentCulture).ToList();
        stageRows.Add(StageRow(L["ReportColTotal"], spells.ToList()));

        var hireColumns = new List<ReportColumn>
        {
            new(L["ReportColHires"], ValueFormat.Count, false),
            new(L["ReportColMedianDaysToHire"], ValueFormat.Days, true),
            new(L["ReportColMeanDaysToHire"], ValueFormat.Days, false),
        };
        ReportRow HireRow(string label, IReadOnlyCollection<Hire> group) =>
            new(label, [group.Count, Value(ReportQueries.Median(group.Select(h => h.Days))), group.Count == 0 ? null : Round1(group.Average(h => h.Days))]);
        var hireRows = hires.GroupBy(h => h.PositionId).Select(g => HireRow(Name(g.Key), g.ToList())).OrderBy(r => r.Label, StringComparer.CurrentCulture).ToList();
        hireRows.Add(HireRow(L["ReportColTotal"], hires.ToList()));
        return
        [
            new ReportTable("time-in-stage", L["ReportTimeInStage"], L["ReportColPosition"], stageColumns, stageRows),
            new ReportTable("time-to-hire", L["ReportTimeToHire"], L["ReportColPosition"], hireColumns, hireRows),
        ];
    }

    private async Task<IReadOnlyList<ReportTable>> InterviewerLoadAsync(AppDbContext db, ReportScope scope, IReadOnlyList<SlotCount> counts, CancellationToken ct)
    {
        var cap = (await settings.GetReportsAsync(ct)).InterviewerWeeklyCap;
        var perWeek = counts.GroupBy(c => (c.UserId, c.Week)).Select(g => (g.Key.UserId, g.Key.Week, Seats: g.Sum(c => c.Count))).ToList();
        var byWeek = perWeek.ToLookup(x => x.Week);
        var columns = new List<ReportColumn>
        {
            new(L["ReportColInterviewersBusy"], ValueFormat.Count, false),
            new(L["ReportColAverageLoad"], ValueFormat.Count, true),
            new(L["ReportColMaxLoad"], ValueFormat.Count, true),
            new(L["ReportColCap"], ValueFormat.Count, true),
            new(L["ReportColOverCap"], ValueFormat.Count, false),
        };
        var rows = scope.Weeks().Select(w =>
        {
            var week = byWeek[w].ToList();
            return new ReportRow(Week(w),
                [week.Count, week.Count == 0 ? 0 : Round1(week.Average(x => x.Seats)), week.Count == 0 ? 0 : week.Max(x => x.Seats), cap, week.Count(x => x.Seats > cap)]);
        }).ToList();

        var over = perWeek.Where(x => x.Seats > cap).OrderByDescending(x => x.Seats).ThenBy(x => x.Week).Take(100).ToList();
        var ids = over.Select(x => x.UserId).Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        var overColumns = new List<ReportColumn> { new(L["ReportColSeats"], ValueFormat.Count, true), new(L["ReportColCap"], ValueFormat.Count, false) };
        var overRows = over.Select(x => new ReportRow($"{names.GetValueOrDefault(x.UserId, "?")} · {Week(x.Week)}", [x.Seats, cap])).ToList();
        return
        [
            new ReportTable("per-week", L["ReportLoadPerWeek", cap], L["ReportColWeek"], columns, rows, ChartStyle.Line),
            new ReportTable("over-cap", L["ReportLoadOverCap", cap], L["ReportColInterviewerWeek"], overColumns, overRows),
        ];
    }

    private IReadOnlyList<ReportTable> Timeliness(IReadOnlyList<Submissions> submissions, IReadOnlyList<PendingFeedback> pending)
    {
        var columns = new List<ReportColumn>
        {
            new(L["ReportColSubmitted"], ValueFormat.Count, false),
            new(L["ReportColMedianHours"], ValueFormat.Hours, true),
            new(L["ReportColWithin24h"], ValueFormat.Percent, false),
            new(L["ReportColStillOwed"], ValueFormat.Count, false),
        };
        ReportRow Row(string label, IReadOnlyCollection<double> hours, int owed) =>
            new(label, [hours.Count, Value(ReportQueries.Median(hours)), Percent(hours.Count(h => h <= 24), hours.Count), owed]);
        var rows = Enum.GetValues<InterviewRound>()
            .Select(r => Row(L.Label(r), submissions.Where(s => s.Round == r).SelectMany(s => s.Hours).ToList(), pending.Where(p => p.Round == r).Sum(p => p.Count)))
            .Append(Row(L["ReportColTotal"], submissions.SelectMany(s => s.Hours).ToList(), pending.Sum(p => p.Count))).ToList();
        return [new ReportTable("by-round", L["ReportTimelinessByRound"], L["ReportColRound"], columns, rows)];
    }

    private IReadOnlyList<ReportTable> Coverage(ReportScope scope, IReadOnlyList<CoverageCount> counts)
    {
        var columns = new List<ReportColumn>
        {
            new(L["ReportColHeld"], ValueFormat.Count, false),
            new(L["ReportColConsented"], ValueFormat.Count, true),
            new(L["ReportColRecorded"], ValueFormat.Count, true),
            new(L["ReportColCoverage"], ValueFormat.Percent, false),
            new(L["ReportColRecordedWithoutConsent"], ValueFormat.Count, false),
        };
        ReportRow Row(string label, IReadOnlyCollection<CoverageCount> group)
        {
            var consented = group.Where(c => c.Consented).Sum(c => c.Count);
            var recorded = group.Where(c => c.Consented && c.Recorded).Sum(c => c.Count);
            return new ReportRow(label, [group.Sum(c => c.Count), consented, recorded, Percent(recorded, consented), group.Where(c => !c.Consented && c.Recorded).Sum(c => c.Count)]);
        }

        var byWeek = counts.ToLookup(c => c.Week);
        var rows = scope.Weeks().Select(w => Row(Week(w), byWeek[w].ToList())).Append(Row(L["ReportColTotal"], counts.ToList())).ToList();
        return [new ReportTable("per-week", L["ReportCoveragePerWeek"], L["ReportColWeek"], columns, rows)];
    }
}
