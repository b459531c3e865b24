using System.Linq.Expressions;
using InterviewPortal.Domain.Interviews;
using InterviewPortal.Domain.Permission;
using InterviewPortal.Domain.Recruiting;
using InterviewPortal.Domain.Scorecards;
using InterviewPortal.Web.Data;
using InterviewPortal.Web.Features.Recruiting;
using InterviewPortal.Web.Features.Shared;
using Microsoft.EntityFrameworkCore;

namespace InterviewPortal.Web.Features.Reports;

/// <summary>
/// What a report covers: interviews starting in [<see cref="FromUtc"/>, <see cref="ToUtc"/>) (the chosen local days in
/// the viewer's zone), narrowed by position, agency and round. Weeks start on Monday in <see cref="Zone"/>.
/// </summary>
public sealed record ReportScope(
    DateOnly From, DateOnly To, DateTime FromUtc, DateTime ToUtc, TimeZoneInfo Zone, DateTime NowUtc,
    Guid? PositionId = null, Guid? AgencyId = null, InterviewRound? Round = null)
{
    public const int MaxDays = 366;

    public static ReportScope For(DateOnly from, DateOnly to, TimeZoneInfo zone, DateTime nowUtc, Guid? positionId = null, Guid? agencyId = null, InterviewRound? round = null)
    {
        if (to < from)
        {
            throw new Domain.DomainException("ReportRangeInvalid");
        }

        if (to.DayNumber - from.DayNumber + 1 > MaxDays)
        {
            throw new Domain.DomainException("ReportRangeTooLong", MaxDays);
        }

        return new ReportScope(from, to, Utc(from, zone), Utc(to.AddDays(1), zone), zone, nowUtc, positionId, agencyId, round);
    }

    private static DateTime Utc(DateOnly day, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified), zone);

    public static DateOnly WeekOf(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));

    /// <summary>When each of <see cref="Weeks"/> starts, in UTC (the first: the range's start).</summary>
    public IReadOnlyList<DateTime> WeekStartsUtc() =>
        Weeks().Select((w, k) => k == 0 ? FromUtc : Utc(w, Zone)).ToList();

    /// <summary>Every Monday from the week of <see cref="From"/> to the week of <see cref="To"/>.</summary>
    public IReadOnlyList<DateOnly> Weeks()
    {
        var weeks = new List<DateOnly>();
        for (var w = WeekOf(From); w <= To; w = w.AddDays(7))
        {
            weeks.Add(w);
        }

        return weeks;
    }
}

public sealed record StatusCount(DateOnly Week, InterviewStatus Status, int Count);

public sealed record AttendanceCount(Guid? AgencyId, InterviewRound Round, bool Native, InterviewStatus Status, int Count);

public sealed record RescheduleCount(InterviewRound Round, int Interviews, int Rescheduled, int ByCandidate);

/// <summary>The days spent in one stage by each candidate who left it, for one position they applied for.</summary>
public sealed record StageSpells(Guid PositionId, PipelineStage Stage, IReadOnlyList<double> Days);

public sealed record Hire(Guid PositionId, double Days);

public sealed record SlotCount(string UserId, DateOnly Week, int Count);

/// <summary>The hours from the interview's end to each first scorecard of one round.</summary>
public sealed record Submissions(InterviewRound Round, IReadOnlyList<double> Hours);

public sealed record PendingFeedback(InterviewRound Round, int Count);

public sealed record CoverageCount(DateOnly Week, bool Consented, bool Recorded, int Count);

/// <summary>
/// The reports' reads, one per figure, on a DbContext the caller owns (the service, the tests and bench/reports-bench.cs
/// call them). Every read starts from <see cref="Visibility"/>, so an agency user's figures are their agency's only,
/// whatever filter they send.
/// </summary>
internal static class ReportQueries
{
    /// <summary>Interviews starting in the scope's range, as the caller may see them.</summary>
    public static IQueryable<Interview> Interviews(AppDbContext db, Caller caller, ReportScope s)
    {
        var q = db.VisibleInterviews(caller).AsNoTracking().Where(i => i.StartUtc >= s.FromUtc && i.StartUtc < s.ToUtc);
        if (s.PositionId is { } p)
        {
            q = q.Where(i => i.PositionId == p);
        }

        if (s.AgencyId is { } a)
        {
            q = q.Where(i => i.AgencyId == a);
        }

        if (s.Round is { } r)
        {
            q = q.Where(i => i.Round == r);
        }

        return q;
    }

    /// <summary>Interviews per week and status (grouped in SQL: a few hundred rows for a year).</summary>
    public static async Task<IReadOnlyList<StatusCount>> InterviewsByWeekAsync(AppDbContext db, Caller caller, ReportScope s, CancellationToken ct)
    {
        var weeks = s.Weeks();
        var rows = await Interviews(db, caller, s)
            .Select(WeekBuckets.Inline((Interview i) => new { Week = WeekBuckets.Of(i.StartUtc), i.Status }, s.WeekStartsUtc()))
            .GroupBy(x => new { x.Week, x.Status })
            .Select(g => new { g.Key.Week, g.Key.Status, Count = g.Count() })
            .ToListAsync(ct);
        return rows.Select(r => new StatusCount(weeks[r.Week], r.Status, r.Count)).ToList();
    }

    /// <summary>
    /// Interviews by agency, round, join mode and status: the three no-show breakdowns are sums of these groups.
    /// </summary>
    public static async Task<IReadOnlyList<AttendanceCount>> AttendanceAsync(AppDbContext db, Caller caller, ReportScope s, CancellationToken ct)
    {
        var nativeSince = await NativeSinceAsync(db, ct) ?? DateTime.MaxValue;
        var rows = new List<AttendanceCount>();
        foreach (var part in AttendanceQueries(db, caller, s, nativeSince))
        {
            rows.AddRange(await part.ToListAsync(ct));
        }

        return rows;
    }

    /// <summary>
    /// Two reads: agencies' interviews agency by agency (for each agency, a seek into the interviews-by-agency index for
    /// the range), then the direct candidates' (agency null, the same index). A year is 100,000 interviews: grouped by
    /// agency, round, mode and status as they come from the range in time order, SQLite's sorter takes 150-170 ms in the
    /// sqlite3 shell; arriving agency by agency, 40-50 ms, plus about 30 ms for the direct ones (docs/perf.md). SQLite
    /// keeps the left side of a CROSS JOIN as the outer loop; on SQL Server it is an inner join like any other.
    /// </summary>
    internal static IEnumerable<IQueryable<AttendanceCount>> AttendanceQueries(AppDbContext db, Caller caller, ReportScope s, DateTime nativeSince)
    {
        var interviews = Interviews(db, caller, s);
        var byAgency = from a in db.Agencies
                       from i in interviews
                       where i.AgencyId == a.Id
                       select i;
        yield return Attendance(byAgency, nativeSince);
        if (s.AgencyId is null && !caller.IsAgencyOnly)
        {
            yield return Attendance(interviews.Where(i => i.AgencyId == null), nativeSince);
        }
    }

    private static IQueryable<AttendanceCount> Attendance(IQueryable<Interview> interviews, DateTime nativeSince) =>
        interviews
            .GroupBy(i => new { i.AgencyId, i.Round, Native = i.StartUtc >= nativeSince, i.Status })
            .Select(g => new AttendanceCount(g.Key.AgencyId, g.Key.Round, g.Key.Native, g.Key.Status, g.Count()));

    /// <summary>
    /// The join mode an interview was answered with, as a time: interviews starting at or after the moment the WeChat
    /// permission became Enabled joined natively (live-pusher); earlier ones through the web-view (or the ZEGO plugin
    /// where configured). This is the rule <c>JoinModeService</c> applies at join time, which also gives a mode to
    /// candidates who never joined (the no-shows this report is about). Null: never enabled.
    /// </summary>
    public static async Task<DateTime?> NativeSinceAsync(AppDbContext db, CancellationToken ct) =>
        await db.PermissionApplications.AsNoTracking()
            .Where(a => a.State == PermissionState.Enabled && a.EnabledAtUtc != null)
            .MinAsync(a => a.EnabledAtUtc, ct);

    /// <summary>
    /// Interviews and how many were moved at least once, per round. The interview's version counts its reschedules and
    /// its cancellation (Interview.Version), so moves = version − 1 − (cancelled ? 1 : 0), read from the row itself.
    /// </summary>
    public static async Task<IReadOnlyList<RescheduleCount>> ReschedulesAsync(AppDbContext db, Caller caller, ReportScope s, CancellationToken ct)
    {
        var rows = await Interviews(db, caller, s)
            .GroupBy(i => i.Round)
            .Select(g => new
            {
                Round = g.Key,
                Interviews = g.Count(),
                Rescheduled = g.Count(i => i.Version - (i.Status == InterviewStatus.Cancelled ? 1 : 0) > 1),
                ByCandidate = g.Count(i => i.CandidateReschedules > 0),
            })
            .ToListAsync(ct);
        return rows.Select(r => new RescheduleCount(r.Round, r.Interviews, r.Rescheduled, r.ByCandidate)).OrderBy(r => r.Round).ToList();
    }

    /// <summary>Candidates the caller may see, narrowed by the scope's agency (stages have no round); null: every candidate.</summary>
    private static IQueryable<Candidate>? NarrowedCandidates(AppDbContext db, Caller caller, ReportScope s) =>
        caller.IsRecruiter && s.AgencyId is null ? null : Candidates(db, caller, s);

    private static IQueryable<Candidate> Candidates(AppDbContext db, Caller caller, ReportScope s)
    {
        var q = db.VisibleCandidates(caller);
        if (s.AgencyId is { } a)
        {
            q = q.Where(c => c.AgencyId == a);
        }

        return q;
    }

    private static IQueryable<CandidatePosition> Positions(AppDbContext db, ReportScope s) =>
        s.PositionId is { } p ? db.CandidatePositions.Where(cp => cp.PositionId == p) : db.CandidatePositions;

    /// <summary>
    /// Each stage left in the range, per applied-for position and stage: the days spent in it (from the change that entered
    /// it to the one that left it, kept on the move as <see cref="StageChange.SecondsInFrom"/>). The seconds come back as
    /// one list per position and stage (group_concat / STRING_AGG): a year is tens of thousands of spells, and reading them
    /// as a few hundred strings is about twice as fast as reading as many rows with a position id each.
    /// </summary>
    public static async Task<IReadOnlyList<StageSpells>> StageSpellsAsync(AppDbContext db, Caller caller, ReportScope s, CancellationToken ct)
    {
        var rows = await StageSecondsQuery(db, caller, s).ToListAsync(ct);
        return rows.Select(r => new StageSpells(r.PositionId, r.Stage, Numbers(r.Seconds, 86400.0))).ToList();
    }

    /// <summary>One row per position and stage left, with the seconds spent in it as comma-separated text.</summary>
    internal sealed record StageSeconds(Guid PositionId, PipelineStage Stage, string Seconds);

    internal static IQueryable<StageSeconds> StageSecondsQuery(AppDbContext db, Caller caller, ReportScope s)
    {
        var changes = db.CandidateStageChanges.AsNoTracking().Where(h => h.AtUtc >= s.FromUtc && h.AtUtc < s.ToUtc && h.From != null && h.SecondsInFrom != null);
        if (NarrowedCandidates(db, caller, s) is { } narrowed)
        {
            var ids = narrowed.Select(c => c.Id);
            changes = changes.Where(h => ids.Contains(h.CandidateId));
        }

        return from h in changes
               join cp in Positions(db, s) on h.CandidateId equals cp.CandidateId
               group h.SecondsInFrom!.Value by new { cp.PositionId, Stage = h.From!.Value } into g
               select new StageSeconds(g.Key.PositionId, g.Key.Stage, string.Join(",", g.Select(x => SqlText.Of(x))));
    }

    /// <summary>A comma-separated list of whole seconds, each divided by <paramref name="unit"/> (hours, days).</summary>
    private static List<double> Numbers(string seconds, double unit)
    {
        var values = new List<double>();
        var text = seconds.AsSpan();
        foreach (var part in text.Split(','))
        {
            values.Add(long.Parse(text[part], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture) / unit);
        }

        return values;
    }

    /// <summary>Each hire in the range with the days from the candidate's creation (Applied) to Hired, per applied-for position.</summary>
    public static async Task<IReadOnlyList<Hire>> HiresAsync(AppDbContext db, Caller caller, ReportScope s, CancellationToken ct)
    {
        var rows = await (
                from h in db.CandidateStageChanges.AsNoTracking()
                where h.AtUtc >= s.FromUtc && h.AtUtc < s.ToUtc && h.To == PipelineStage.Hired
                join c in Candidates(db, caller, s) on h.CandidateId equals c.Id
                join cp in Positions(db, s) on h.CandidateId equals cp.CandidateId
                select new { cp.PositionId, Applied = c.CreatedAtUtc, Hired = h.AtUtc })
            .ToListAsync(ct);
        return rows.Select(r => new Hire(r.PositionId, (r.Hired - r.Applied).TotalDays)).ToList();
    }

    /// <summary>Panel seats per interviewer and week (cancelled interviews excluded).</summary>
    public static async Task<IReadOnlyList<SlotCount>> InterviewerLoadAsync(AppDbContext db, Caller caller, ReportScope s, CancellationToken ct)
    {
        var weeks = s.Weeks();
        var rows = await InterviewerLoadQuery(db, caller, s).ToListAsync(ct);
        return rows.Select(x => new SlotCount(x.UserId, weeks[x.Week], x.Count)).ToList();
    }

    internal sealed record SeatsInWeek(string UserId, int Week, int Count);

    /// <summary>
    /// The seats are read person by person: for each user, a seek into the seats-by-interviewer index
    /// (<c>IX_InterviewInterviewers_UserId_StartUtc</c>, which covers the filters) for the range. The rows then reach the
    /// grouping already in (person, time) order. Read from the seats-by-start index instead, a year is 137,000 rows in
    /// time order, regrouped by person and week: 200-240 ms in the sqlite3 shell, against about 60 ms this way
    /// (docs/perf.md). SQLite keeps the left side of a CROSS JOIN as the outer loop, which is how this form is kept
    /// without statistics; on SQL Server a cross join filtered on the key is an inner join, its optimizer's to order.
    /// </summary>
    internal static IQueryable<SeatsInWeek> InterviewerLoadQuery(AppDbContext db, Caller caller, ReportScope s)
    {
        var seats = Slots(db, caller, s).Where(p => p.Status != InterviewStatus.Cancelled);
        var byPerson = from u in db.Users
                       from p in seats
                       where p.UserId == u.Id
                       select p;
        return byPerson.Select(WeekBuckets.Inline((InterviewParticipant p) => new { p.UserId, Week = WeekBuckets.Of(p.StartUtc) }, s.WeekStartsUtc()))
            .GroupBy(x => new { x.UserId, x.Week })
            .Select(g => new SeatsInWeek(g.Key.UserId, g.Key.Week, g.Count()));
    }

    /// <summary>Panel seats of interviews starting in the range (a seat carries its interview's filter columns).</summary>
    private static IQueryable<InterviewParticipant> Slots(AppDbContext db, Caller caller, ReportScope s)
    {
        var q = db.VisibleSlots(caller).AsNoTracking().Where(p => p.StartUtc >= s.FromUtc && p.StartUtc < s.ToUtc);
        if (s.PositionId is { } pos)
        {
            q = q.Where(p => p.PositionId == pos);
        }

        if (s.AgencyId is { } a)
        {
            q = q.Where(p => p.AgencyId == a);
        }

        if (s.Round is { } r)
        {
            q = q.Where(p => p.Round == r);
        }

        return q;
    }

    /// <summary>
    /// First submissions (version 1; amendments do not count) with the hours from the interview's end, per round, read from
    /// the panel seats alone: each seat keeps its first submission's delay (<see cref="InterviewParticipant.FeedbackDelaySeconds"/>).
    /// A year is 100,000+ seats: the delays come back as one comma-separated list per round (as for time in stage).
    /// </summary>
    public static async Task<IReadOnlyList<Submissions>> SubmissionsAsync(AppDbContext db, Caller caller, ReportScope s, CancellationToken ct)
    {
        var rows = await SubmissionSecondsQuery(db, caller, s).ToListAsync(ct);
        return rows.Select(r => new Submissions(r.Round, Numbers(r.Seconds, 3600.0))).ToList();
    }

    /// <summary>One row per round, with each first scorecard's delay in seconds as comma-separated text.</summary>
    internal sealed record RoundSeconds(InterviewRound Round, string Seconds);

    internal static IQueryable<RoundSeconds> SubmissionSecondsQuery(AppDbContext db, Caller caller, ReportScope s) =>
        Slots(db, caller, s)
            .Where(p => p.FeedbackDelaySeconds != null)
            .GroupBy(p => p.Round, p => p.FeedbackDelaySeconds!.Value)
            .Select(g => new RoundSeconds(g.Key, string.Join(",", g.Select(x => SqlText.Of(x)))));

    /// <summary>Panel seats still owing a scorecard (the test of ScorecardRules.FeedbackExpected, as SQL), per round.</summary>
    public static async Task<IReadOnlyList<PendingFeedback>> PendingFeedbackAsync(AppDbContext db, Caller caller, ReportScope s, CancellationToken ct)
    {
        var now = s.NowUtc;
        var rows = await Slots(db, caller, s)
            .Where(p => (p.Status == InterviewStatus.InProgress || p.Status == InterviewStatus.Completed || (p.Status == InterviewStatus.Scheduled && p.StartUtc <= now))
                && p.FeedbackDelaySeconds == null)
            .GroupBy(p => p.Round)
            .Select(g => new { Round = g.Key, Count = g.Count() })
            .ToListAsync(ct);
        return rows.Select(r => new PendingFeedback(r.Round, r.Count)).ToList();
    }

    /// <summary>
    /// Interviews that took place (in progress, completed or failed technically) per local day, by whether the candidate's
    /// recording consent for that interview (the latest answer) was granted and whether it was recorded: both kept on the
    /// interview (<see cref="Interview.RecordingConsent"/>, <see cref="Interview.RecordingStarted"/>), so a year is read
    /// from the reports index alone.
    /// </summary>
    public static async Task<IReadOnlyList<CoverageCount>> RecordingCoverageAsync(AppDbContext db, Caller caller, ReportScope s, CancellationToken ct)
    {
        var weeks = s.Weeks();
        var rows = await Interviews(db, caller, s)
            .Where(i => i.Status == InterviewStatus.InProgress || i.Status == InterviewStatus.Completed || i.Status == InterviewStatus.TechnicalFailure)
            .Select(WeekBuckets.Inline((Interview i) => new
            {
                Week = WeekBuckets.Of(i.StartUtc),
                Consented = i.RecordingConsent == true,
                Recorded = i.RecordingStarted,
            }, s.WeekStartsUtc()))
            .GroupBy(x => new { x.Week, x.Consented, x.Recorded })
            .Select(g => new { g.Key.Week, g.Key.Consented, g.Key.Recorded, Count = g.Count() })
            .ToListAsync(ct);
        return rows.Select(r => new CoverageCount(weeks[r.Week], r.Consented, r.Recorded, r.Count)).ToList();
    }

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}

/// <summary>
/// Puts a time into its report week inside SQL, without date functions: <see cref="Of"/> in a query shape is replaced by
/// a balanced tree of comparisons with the weeks' UTC starts (six for a year), which the database evaluates far faster
/// than formatting every row's date, and which is right across daylight-saving changes.
/// </summary>
internal static class WeekBuckets
{
    /// <summary>A placeholder: only meaningful inside a shape given to <see cref="Inline{T, TResult}"/>.</summary>
    public static int Of(DateTime utc) => throw new InvalidOperationException("WeekBuckets.Of is only for report query shapes.");

    public static Expression<Func<T, TResult>> Inline<T, TResult>(Expression<Func<T, TResult>> shape, IReadOnlyList<DateTime> weekStartsUtc) =>
        (Expression<Func<T, TResult>>)new Replace(weekStartsUtc).Visit(shape);

    private sealed class Replace(IReadOnlyList<DateTime> starts) : ExpressionVisitor
    {
        protected override Expression VisitMethodCall(MethodCallExpression node) =>
            node.Method.DeclaringType == typeof(WeekBuckets) && node.Method.Name == nameof(Of)
                ? Tree(Visit(node.Arguments[0]), 0, starts.Count - 1)
                : base.VisitMethodCall(node);

        private Expression Tree(Expression at, int lo, int hi)
        {
            if (lo >= hi)
            {
                return Expression.Constant(lo);
            }

            var mid = (lo + hi + 1) / 2;
            return Expression.Condition(Expression.LessThan(at, Expression.Constant(starts[mid])), Tree(at, lo, mid - 1), Tree(at, mid, hi));
        }
    }
}
