using System.Linq.Expressions;
using InterviewPortal.Domain;
using InterviewPortal.Domain.Audit;
using InterviewPortal.Domain.Identity;
using InterviewPortal.Domain.Interviews;
using InterviewPortal.Domain.Recruiting;
using InterviewPortal.Web.Data;
using Hangfire;
using InterviewPortal.Domain.Invitations;
using InterviewPortal.Web.Features.Audit;
using InterviewPortal.Web.Features.Invitations;
using InterviewPortal.Web.Features.Recruiting;
using InterviewPortal.Web.Features.Reminders;
using InterviewPortal.Domain.Reminders;
using InterviewPortal.Web.Features.Settings;
using InterviewPortal.Web.Features.Shared;
using InterviewPortal.Web.Setup;
using InterviewPortal.Web.Components.Shared;
using InterviewPortal.Web.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace InterviewPortal.Web.Features.Interviews;

public enum InterviewSort
{
    StartAscending,
    StartDescending,
}

public sealed record InterviewFilter(
    DateTime? FromUtc = null, DateTime? ToUtc = null, InterviewStatus? Status = null, Guid? PositionId = null,
    InterviewRound? Round = null, string? InterviewerId = null, Guid? AgencyId = null, string? Search = null, bool Mine = false,
    InterviewSort Sort = InterviewSort.StartAscending);

public sealed record InterviewRow(
    Guid Id, DateTime StartUtc, int DurationMinutes, InterviewRound Round, InterviewStatus Status, Guid CandidateId,
    string CandidateName, string PositionTitle, string? AgencyName, IReadOnlyList<string> Interviewers, int Version);

/// <summary>A page of the list; when <paramref name="TotalIsLowerBound"/> is set the list has more than <paramref name="TotalCount"/> rows ("1,000+").</summary>
public sealed record InterviewPage(IReadOnlyList<InterviewRow> Rows, int TotalCount, bool TotalIsLowerBound = false);

public sealed record InterviewHistoryRow(int Version, InterviewChangeKind Kind, string? ByName, bool ByCandidate, DateTime AtUtc, string? Reason,
    DateTime? OldStartUtc, int? OldDurationMinutes, DateTime? NewStartUtc, int? NewDurationMinutes, InterviewStatus? ToStatus);

public sealed record InterviewDetails(
    Guid Id, Guid CandidateId, string CandidateName, Guid PositionId, string PositionTitle, string? AgencyName,
    InterviewRound Round, DateTime StartUtc, int DurationMinutes, InterviewStatus Status, int Version, string CandidateTimeZone,
    string? NotesForInterviewers, string VideoRoomId, string? CancelReason, IReadOnlyList<PersonOption> Interviewers,
    IReadOnlyList<InterviewHistoryRow> History, bool CanManage);

public sealed record RescheduleRequestRow(
    Guid Id, DateTime RequestedStartUtc, string Reason, RescheduleRequestStatus Status, DateTime CreatedAtUtc, string? DecisionNote, string? DecidedByName, DateTime? DecidedAtUtc);

public sealed record CalendarItem(Guid Id, DateTime StartUtc, DateTime EndUtc, InterviewRound Round, InterviewStatus Status, string CandidateName, string PositionTitle);

public sealed class ScheduleForm
{
    public Guid? CandidateId { get; set; }

    public Guid? PositionId { get; set; }

    public InterviewRound Round { get; set; } = InterviewRound.Technical;

    public DateTime? StartUtc { get; set; }

    public int DurationMinutes { get; set; } = 60;

    public HashSet<string> InterviewerIds { get; set; } = [];

    public string CandidateTimeZone { get; set; } = Interview.DefaultTimeZone;

    public string? Notes { get; set; }

    /// <summary>When set, HR books the panel despite a conflict, and this reason is recorded.</summary>
    public string? OverrideReason { get; set; }

    /// <summary>The conflict HR was shown and overrides; a different conflict is shown again rather than booked over.</summary>
    public Guid? AcknowledgedConflictId { get; set; }
}

/// <summary>An interviewer who is already booked (within the buffer) at the asked time.</summary>
public sealed record SchedulingConflict(Guid InterviewId, string InterviewerName, DateTime StartUtc, DateTime EndUtc, string CandidateName);

public sealed record ScheduleResult(Guid? InterviewId, SchedulingConflict? Conflict);

/// <summary>
/// Interviews: the Domain owns the rules, this service loads, checks the panel's calendars, saves, and audits, each in
/// one transaction. Scheduling and rescheduling are serialized so two HR users cannot book the same free slot twice.
/// </summary>
public sealed class InterviewService(
    IDbContextFactory<AppDbContext> dbFactory, ClientOrigin origin, AuditTrail audit, SettingsService settings,
    DatabaseSettings database, TimeProvider clock, IStringLocalizer<Strings> l, InvitationTokenProtector protector, IBackgroundJobClient jobs,
    ReminderPlanner reminders)
{
    public const int MaxPageSize = 100;

    /// <summary>A narrowed list is counted up to this many rows; beyond it the total reads "1,000+" (nobody pages that far: they narrow).</summary>
    public const int CountLimit = 1000;
    internal const string SchedulingLock = "InterviewPortal.Scheduling";

    public async Task<InterviewPage> ListAsync(InterviewFilter filter, int page, int pageSize, CancellationToken ct = default)
    {
        var caller = await origin.GetCallerAsync();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await ReadPageAsync(db, caller, filter, page, pageSize, ct);
    }

    /// <summary>
    /// The list's reads; the query-plan test and the benchmark run exactly these. The whole list is counted exactly and
    /// paged by offset (from the nearer end). A narrowed list is counted up to <see cref="CountLimit"/> + 1 rows and its
    /// page's ids read in order, both from one covering index: the interviews' own, or, when the list is one person's
    /// (an interviewer filter, "mine", an interviewer's own list), that person's panel slots. The page's rows then come
    /// by id. Why each step is shaped as it is, with the figures: docs/perf.md.
    /// </summary>
    internal static async Task<InterviewPage> ReadPageAsync(AppDbContext db, Caller caller, InterviewFilter filter, int page, int pageSize, CancellationToken ct)
    {
        pageSize = Math.Clamp(pageSize, 1, MaxPageSize);
        var skip = Math.Max(page, 0) * pageSize;
        var descending = filter.Sort == InterviewSort.StartDescending;
        List<Guid> ids;
        int total;
        var atLeast = false;
        if (caller.IsRecruiter && string.IsNullOrWhiteSpace(filter.Search) && filter is
            { FromUtc: null, ToUtc: null, Status: null, PositionId: null, Round: null, InterviewerId: null, AgencyId: null, Mine: false })
        {
            // Counting everything walks the smallest index. Past the middle, a page is nearer from the other end.
            total = await db.Interviews.CountAsync(ct);
            var backwards = skip > total / 2;
            var (from, take) = backwards ? (Math.Max(total - skip - pageSize, 0), Math.Clamp(total - skip, 0, pageSize)) : (skip, pageSize);
            ids = take == 0 ? [] : await Ordered(db.Interviews, descending != backwards).Skip(from).Take(take).Select(i => i.Id).ToListAsync(ct);
            if (backwards)
            {
                ids.Reverse();
            }
        }
        else
        {
            var named = await CandidateService.NameMatchesAsync(db, filter.Search, ct, gauge: true);
            if (named?.Few is { Count: 0 })
            {
                // Nobody has the name: nothing to read.
                return new InterviewPage([], 0);
            }

            var limit = named?.IsCommon == true ? CandidateService.CommonNameCountLimit : CountLimit;
            var people = PanelMembers(caller, filter);
            if (people.Count > 1)
            {
                (total, ids) = await SharedPanelsAsync(db, caller, filter, people, named, descending, skip, pageSize, ct);
            }
            else if (people.Count > 0)
            {
                var slots = FilterSlots(db, caller, filter, people, named);
                var ordered = (descending
                    ? slots.OrderByDescending(p => p.StartUtc).ThenByDescending(p => p.InterviewId)
                    : slots.OrderBy(p => p.StartUtc).ThenBy(p => p.InterviewId)).Select(p => p.InterviewId);
                (total, ids) = named is null
                    ? (await slots.Take(limit + 1).CountAsync(ct), await ordered.Skip(skip).Take(pageSize).ToListAsync(ct))
                    : await CountedPageAsync(ordered, limit, skip, pageSize, ct);
            }
            else if (named is null || CountsThroughPeople(caller, filter, named))
            {
                // Counted (a common name through its people, with no order to keep), then the page walks the list's order.
                total = await Filter(db, caller, filter, named, forCount: true).Take(limit + 1).CountAsync(ct);
                ids = await Ordered(Filter(db, caller, filter, named), descending).Skip(skip).Take(pageSize).Select(i => i.Id).ToListAsync(ct);
            }
            else
            {
                (total, ids) = await CountedPageAsync(Ordered(Filter(db, caller, filter, named), descending).Select(i => i.Id), limit, skip, pageSize, ct);
            }

            atLeast = total > limit;
            total = Math.Min(total, limit);
        }

        // The ids come from the caller's own list, so their rows need no second visibility check.
        var rows = ids.Count == 0 ? [] : await db.Interviews.AsNoTracking().Where(i => ids.Contains(i.Id))
            .Select(i => new
            {
                i.Id, i.StartUtc, i.DurationMinutes, i.Round, i.Status, i.CandidateId, i.Version,
                Candidate = db.Candidates.Where(c => c.Id == i.CandidateId).Select(c => c.Name).First(),
                Position = db.Positions.Where(p => p.Id == i.PositionId).Select(p => p.Title).First(),
                Agency = db.Agencies.Where(a => a.Id == i.AgencyId).Select(a => a.Name).FirstOrDefault(),
            })
            .ToListAsync(ct);
        var panel = ids.Count == 0 ? [] : await db.InterviewInterviewers.AsNoTracking().Where(p => ids.Contains(p.InterviewId))
            .Join(db.Users, p => p.UserId, u => u.Id, (p, u) => new { p.InterviewId, u.DisplayName })
            .ToListAsync(ct);
        return new InterviewPage(
            rows.OrderBy(r => ids.IndexOf(r.Id)).Select(r => new InterviewRow(r.Id, r.StartUtc, r.DurationMinutes, r.Round, r.Status, r.CandidateId, r.Candidate, r.Position, r.Agency,
                panel.Where(p => p.InterviewId == r.Id).Select(p => p.DisplayName).Order(StringComparer.CurrentCulture).ToList(), r.Version)).ToList(),
            total, atLeast);
    }

    /// <summary>Interviews whose start falls in [from, to), for the calendar; at most <paramref name="max"/>.</summary>
    public async Task<IReadOnlyList<CalendarItem>> CalendarAsync(DateTime fromUtc, DateTime toUtc, string? interviewerId, bool mine, int max = 500, CancellationToken ct = default)
    {
        var caller = await origin.GetCallerAsync();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await ReadCalendarAsync(db, caller, fromUtc, toUtc, interviewerId, mine, max, ct);
    }

    /// <summary>The calendar's reads: one person's week comes from their panel slots, everyone's from the interviews.</summary>
    internal static async Task<IReadOnlyList<CalendarItem>> ReadCalendarAsync(
        AppDbContext db, Caller caller, DateTime fromUtc, DateTime toUtc, string? interviewerId, bool mine, int max, CancellationToken ct)
    {
        var filter = new InterviewFilter(fromUtc, toUtc, InterviewerId: interviewerId, Mine: mine);
        var people = PanelMembers(caller, filter);
        var ids = people.Count > 0
            ? await FilterSlots(db, caller, filter, people, null).Where(p => p.Status != InterviewStatus.Cancelled)
                .OrderBy(p => p.StartUtc).ThenBy(p => p.InterviewId).Take(max).Select(p => p.InterviewId).ToListAsync(ct)
            : await Ordered(Filter(db, caller, filter, null).Where(i => i.Status != InterviewStatus.Cancelled), false)
                .Take(max).Select(i => i.Id).ToListAsync(ct);
        var items = ids.Count == 0 ? [] : await db.Interviews.AsNoTracking().Where(i => ids.Contains(i.Id))
            .Select(i => new CalendarItem(i.Id, i.StartUtc, i.EndUtc, i.Round, i.Status,
                db.Candidates.Where(c => c.Id == i.CandidateId).Select(c => c.Name).First(),
                db.Positions.Where(p => p.Id == i.PositionId).Select(p => p.Title).First()))
            .ToListAsync(ct);
        return items.OrderBy(i => i.StartUtc).ThenBy(i => i.Id).ToList();
    }

    /// <summary>
    /// The people whose panels the list is limited to: the interviewer filter, the caller for "mine", and an
    /// interviewer's own list (they see nothing else). Empty for an unrestricted list.
    /// </summary>
    private static List<string> PanelMembers(Caller caller, InterviewFilter filter)
    {
        var people = new List<string>();
        if (!caller.IsRecruiter && !caller.IsAgencyOnly && caller.IsInterviewer)
        {
            // An interviewer's visible slots are their own, so their own come first.
            people.Add(caller.UserId);
        }

        if (filter.InterviewerId is { Length: > 0 } interviewer && !people.Contains(interviewer))
        {
            people.Add(interviewer);
        }

        if (filter.Mine && !people.Contains(caller.UserId))
        {
            people.Add(caller.UserId);
        }

        return people;
    }

    /// <summary>
    /// The panels several people share (an interviewer filter with "mine"), counted in full and paged: the first
    /// person's slots under the whole filter, in list order, kept when every other person holds a slot on the same
    /// interview. The others' slots are read once each (their interview ids, from their own range of the slot index),
    /// not probed per slot of the first: about 2,000 probes of the panel index for one busy interviewer took 7 ms to
    /// count and 3.5 ms again for the page, where reading both people's slots takes about a millisecond each.
    /// </summary>
    private static async Task<(int Total, List<Guid> Ids)> SharedPanelsAsync(
        AppDbContext db, Caller caller, InterviewFilter filter, List<string> people, NameMatches? named, bool descending, int skip, int pageSize, CancellationToken ct)
    {
        var others = new List<HashSet<Guid>>();
        foreach (var other in people.Skip(1))
        {
            // The filter's columns narrow the others' slots too (a date range is a range of their index); the name is
            // checked on the first person's slots only.
            others.Add([.. await FilterSlots(db, caller, filter, [other], named: null).Select(p => p.InterviewId).ToListAsync(ct)]);
        }

        var first = FilterSlots(db, caller, filter, [people[0]], named);
        var shared = (await (descending
                ? first.OrderByDescending(p => p.StartUtc).ThenByDescending(p => p.InterviewId)
                : first.OrderBy(p => p.StartUtc).ThenBy(p => p.InterviewId))
            .Select(p => p.InterviewId).ToListAsync(ct))
            .Where(id => others.TrueForAll(o => o.Contains(id))).ToList();
        return (shared.Count, shared.Skip(skip).Take(pageSize).ToList());
    }

    /// <summary>
    /// One person's list, read from their panel slots (which carry the interview's start and list columns), within
    /// what the caller may see; any further panel member is checked per interview.
    /// </summary>
    private static IQueryable<InterviewParticipant> FilterSlots(AppDbContext db, Caller caller, InterviewFilter filter, List<string> people, NameMatches? named)
    {
        var first = people[0];
        var q = db.VisibleSlots(caller).AsNoTracking().Where(p => p.UserId == first);
        foreach (var other in people.Skip(1))
        {
            q = q.Where(p => db.InterviewInterviewers.Any(o => o.InterviewId == p.InterviewId && o.UserId == other));
        }

        if (filter.FromUtc is { } from)
        {
            q = q.Where(p => p.StartUtc >= from);
        }

        if (filter.ToUtc is { } to)
        {
            q = q.Where(p => p.StartUtc < to);
        }

        if (filter.Status is { } status)
        {
            q = q.Where(p => p.Status == status);
        }

        if (filter.PositionId is { } position)
        {
            q = q.Where(p => p.PositionId == position);
        }

        if (filter.Round is { } round)
        {
            q = q.Where(p => p.Round == round);
        }

        if (filter.AgencyId is { } agency && caller.IsRecruiter)
        {
            q = q.Where(p => p.AgencyId == agency);
        }

        if (named is not null)
        {
            q = q.Where(CandidateService.Compose(CandidateService.IsNamed(db, named), (InterviewParticipant p) => p.CandidateId));
        }

        return q;
    }

    /// <summary>The caller's visible interviews narrowed by the filter's own columns and the name search, in no order.</summary>
    private static IQueryable<Interview> Filter(AppDbContext db, Caller caller, InterviewFilter filter, NameMatches? named, bool forCount = false)
    {
        var q = db.VisibleInterviews(caller).AsNoTracking();
        foreach (var person in PanelMembers(caller, filter))
        {
            q = q.Where(i => db.InterviewInterviewers.Any(p => p.InterviewId == i.Id && p.UserId == person));
        }

        if (filter.FromUtc is { } from)
        {
            q = q.Where(i => i.StartUtc >= from);
        }

        if (filter.ToUtc is { } to)
        {
            q = q.Where(i => i.StartUtc < to);
        }

        if (filter.Status is { } status)
        {
            // SQLite keeps no statistics, so it takes every equality as equally selective and would walk the status
            // index even for a status that piles up over the years (Completed, Cancelled: most interviews) when a
            // position or an agency narrows the list to a short range of its own index. "+ 0" keeps the status index
            // out of that choice; the position or agency index covers the status. A rarer status (scheduled, a no-show)
            // is still read from its own index, which is then the shorter range. A rare name's people (at most
            // RareNameLimit, a few rows each in the candidate index) are always the shorter way in: without the "+ 0"
            // SQLite walked all of a status's rows checking each against them (130 ms for Completed).
            var fromPeople = named?.Few is { Count: > 0 };
            q = fromPeople || (InterviewRules.Accumulates(status) && (filter.PositionId is not null || (filter.AgencyId is not null && caller.IsRecruiter) || caller.IsAgencyOnly))
                ? q.Where(i => (int)i.Status + 0 == (int)status)
                : q.Where(i => i.Status == status);
        }

        if (filter.PositionId is { } position)
        {
            q = q.Where(i => i.PositionId == position);
        }

        if (filter.Round is { } round)
        {
            q = q.Where(i => i.Round == round);
        }

        if (filter.AgencyId is { } agency && caller.IsRecruiter)
        {
            q = q.Where(i => i.AgencyId == agency);
        }

        if (forCount && named is not null && CountsThroughPeople(caller, filter, named))
        {
            var matches = CandidateService.Matches(db, named);
            q = q.Where(i => matches.Contains(i.CandidateId));
        }
        else if (named is not null)
        {
            q = q.Where(CandidateService.Compose(CountsThroughPeople(caller, filter, named) ? CandidateService.IsNamed(db, named) : IsNamed(db, named), (Interview i) => i.CandidateId));
        }

        return q;
    }

    /// <summary>
    /// Counting a common name's interviews goes through its people and stops at the limit, unless another filter
    /// already narrows the list to an index range short enough to check row by row.
    /// </summary>
    private static bool CountsThroughPeople(Caller caller, InterviewFilter filter, NameMatches? named) =>
        named is { IsCommon: true } && caller.IsRecruiter && filter is { Status: null, PositionId: null, AgencyId: null, FromUtc: null, ToUtc: null };

    /// <summary>
    /// Whether an interview's candidate has the name, in a list another filter narrows (dates, status, position,
    /// agency). A common name that is not one of the very common surnames is a set of a thousand or so people: as a
    /// set (an IN list SQLite builds once) the list is read through their rows in the candidate index, or its rows are
    /// checked against the set in memory, where checking each row against the name index walked up to a year of a
    /// busy list to find a page and its count (16 ms for 周 over a year in one round, against 4.5 ms: docs/perf.md).
    /// </summary>
    private static Expression<Func<Guid, bool>> IsNamed(AppDbContext db, NameMatches named)
    {
        if (named is { IsCommon: true, Many: false })
        {
            var people = CandidateService.Matches(db, named);
            return id => people.Contains(id);
        }

        return CandidateService.IsNamed(db, named);
    }

    /// <summary>
    /// A name-searched list's count (up to <paramref name="limit"/> + 1) and page from one walk of its order: the first
    /// limit + 1 ids (or as far as the page reaches), counted and cut in memory. Counting apart and then walking again
    /// for the page made such a list do its walk twice, and for a name checked row by row the second walk cost as much
    /// as the first. A list without a name keeps the two reads: its count walks an index without reading the ids
    /// (0.15 ms for a year's 1,001, against 0.95 ms to read them), and its page stops at 25.
    /// </summary>
    private static async Task<(int Total, List<Guid> Ids)> CountedPageAsync(IQueryable<Guid> ordered, int limit, int skip, int pageSize, CancellationToken ct)
    {
        var read = await ordered.Take(Math.Max(limit + 1, skip + pageSize)).ToListAsync(ct);
        return (read.Count, read.Skip(skip).Take(pageSize).ToList());
    }

    private static IQueryable<Interview> Ordered(IQueryable<Interview> q, bool descending) =>
        descending ? q.OrderByDescending(i => i.StartUtc).ThenByDescending(i => i.Id) : q.OrderBy(i => i.StartUtc).ThenBy(i => i.Id);

    public async Task<InterviewDetails?> GetAsync(Guid id, CancellationToken ct = default)
    {
        var caller = await origin.GetCallerAsync();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var i = await db.VisibleInterviews(caller).AsNoTracking().Include(x => x.Interviewers).Include(x => x.History).FirstOrDefaultAsync(x => x.Id == id, ct);
        if (i is null)
        {
            return null;
        }

        var candidate = await db.Candidates.Where(c => c.Id == i.CandidateId).Select(c => c.Name).FirstAsync(ct);
        var position = await db.Positions.Where(p => p.Id == i.PositionId).Select(p => p.Title).FirstAsync(ct);
        var agency = i.AgencyId is null ? null : await db.Agencies.Where(a => a.Id == i.AgencyId).Select(a => a.Name).FirstOrDefaultAsync(ct);
        var userIds = i.Interviewers.Select(p => p.UserId).Concat(i.History.Select(h => h.By)).Distinct().ToList();
        var people = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id)).Select(u => new PersonOption(u.Id, u.DisplayName, u.Email ?? "")).ToListAsync(ct);
        var panel = i.Interviewers.Select(p => people.FirstOrDefault(u => u.Id == p.UserId) ?? new PersonOption(p.UserId, p.UserId, ""))
            .Select(p => caller.IsAgencyOnly ? p with { Email = "" } : p).ToList();
        var history = i.History.OrderBy(h => h.AtUtc).ThenBy(h => h.Id)
            .Select(h => new InterviewHistoryRow(h.Version, h.Kind, people.FirstOrDefault(u => u.Id == h.By)?.Name, h.ByCandidate, h.AtUtc, h.Reason,
                h.OldStartUtc, h.OldDurationMinutes, h.NewStartUtc, h.NewDurationMinutes, h.ToStatus)).ToList();
        // Agencies see times and attendance, not the notes meant for interviewers.
        var notes = caller.IsAgencyOnly ? null : i.NotesForInterviewers;
        return new InterviewDetails(i.Id, i.CandidateId, candidate, i.PositionId, position, agency, i.Round, i.StartUtc, i.DurationMinutes, i.Status, i.Version,
            // Agencies get times and attendance: not the video room, the panel's addresses or the history.
            i.CandidateTimeZone, notes, caller.IsAgencyOnly ? "" : i.VideoRoomId, i.CancelReason, panel, caller.IsAgencyOnly ? [] : history, caller.IsRecruiter);
    }

    public async Task<ScheduleResult> ScheduleAsync(ScheduleForm form, CancellationToken ct = default)
    {
        var caller = await origin.GetCallerAsync();
        caller.RequireRecruiter();
        var policy = await settings.GetSchedulingAsync(ct);
        var e = await audit.DescribeAsync(new AuditEvent(AuditActions.InterviewScheduled, "Interview"));
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await WriteLock.TakeAsync(db, database, SchedulingLock, ct);
        var candidate = await db.Candidates.FirstOrDefaultAsync(c => c.Id == form.CandidateId, ct) ?? throw new DomainException("InterviewCandidateRequired");
        if (candidate.IsAnonymised)
        {
            throw new DomainException("CandidateAnonymised");
        }

        if (!await db.Positions.AnyAsync(p => p.Id == form.PositionId, ct))
        {
            throw new DomainException("InterviewPositionRequired");
        }

        if (candidate.Stage.IsExit() || candidate.Stage == PipelineStage.Hired)
        {
            throw new DomainException("InterviewCandidateNotActive", candidate.Stage);
        }

        var start = form.StartUtc ?? throw new DomainException("InterviewStartRequired");
        var interview = Interview.Schedule(Guid.NewGuid(), candidate.Id, form.PositionId!.Value, candidate.AgencyId, form.Round,
            DateTime.SpecifyKind(start, DateTimeKind.Utc), form.DurationMinutes, form.InterviewerIds, form.CandidateTimeZone, form.Notes, caller.UserId, now);
        await CheckPanelAsync(db, interview.Interviewers.Select(p => p.UserId).ToList(), ct);
        var conflict = await FindConflictAsync(db, interview, policy, ct);
        if (conflict is not null && (string.IsNullOrWhiteSpace(form.OverrideReason) || conflict.InterviewId != form.AcknowledgedConflictId))
        {
            return new ScheduleResult(null, conflict);
        }

        db.Interviews.Add(interview);
        StageChange? moved = null;
        if (candidate.Stage is PipelineStage.Applied or PipelineStage.Screening)
        {
            // Scheduling an interview is what "Interviewing" means; the move is part of the candidate's history.
            moved = candidate.MoveTo(PipelineStage.Interviewing, null, caller.UserId, now);
        }

        var summary = $"{interview.Round} {interview.StartUtc:O} {interview.DurationMinutes}m, panel {interview.Interviewers.Count}";
        if (conflict is not null)
        {
            interview.RecordDoubleBookingOverride(conflict.InterviewId, form.OverrideReason, caller.UserId, now);
        }

        var invitation = await InvitationService.IssueInAsync(db, interview, policy, protector, caller.UserId, now, ct);
        await reminders.PlanInAsync(db, interview, ReminderKind.Scheduled, now, ct);
        await db.SaveChangesAsync(ct);
        await audit.AppendAsync(db, e with { TargetId = interview.Id.ToString(), Summary = summary }, ct);
        await audit.AppendAsync(db, e with { Action = AuditActions.InvitationIssued, TargetId = interview.Id.ToString(), Summary = $"invitation {invitation.Id} v{interview.Version}" }, ct);
        if (moved is not null)
        {
            await audit.AppendAsync(db, e with { Action = AuditActions.CandidateStageChanged, TargetType = "Candidate", TargetId = candidate.Id.ToString(), Summary = $"{moved.From} -> {moved.To} (interview scheduled)" }, ct);
        }

        if (conflict is not null)
        {
            await audit.AppendAsync(db, e with
            {
                Action = AuditActions.InterviewDoubleBookingOverridden,
                TargetId = interview.Id.ToString(),
                Summary = $"conflicts with {conflict.InterviewId}; reason: {form.OverrideReason!.Trim()}",
            }, ct);
        }

        await tx.CommitAsync(ct);
        InvitationService.QueueCode(jobs, invitation.Id);
        reminders.QueueDispatch();
        return new ScheduleResult(interview.Id, null);
    }

    public async Task<ScheduleResult> RescheduleAsync(Guid id, DateTime newStartUtc, int durationMinutes, string? reason, string? overrideReason, Guid? acknowledgedConflictId = null, CancellationToken ct = default)
    {
        var caller = await origin.GetCallerAsync();
        caller.RequireRecruiter();
        var policy = await settings.GetSchedulingAsync(ct);
        var e = await audit.DescribeAsync(new AuditEvent(AuditActions.InterviewRescheduled, "Interview", id.ToString()));
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await WriteLock.TakeAsync(db, database, SchedulingLock, ct);
        var interview = await LoadAsync(db, id, ct);
        var change = interview.Reschedule(DateTime.SpecifyKind(newStartUtc, DateTimeKind.Utc), durationMinutes, reason, caller.UserId, byCandidate: false, policy, now);
        var conflict = await FindConflictAsync(db, interview, policy, ct);
        if (conflict is not null && (string.IsNullOrWhiteSpace(overrideReason) || conflict.InterviewId != acknowledgedConflictId))
        {
            return new ScheduleResult(null, conflict);
        }

        if (conflict is not null)
        {
            interview.RecordDoubleBookingOverride(conflict.InterviewId, overrideReason, caller.UserId, now);
        }

        // The old token stops working; the candidate gets a new code for the new time.
        var invitation = await InvitationService.IssueInAsync(db, interview, policy, protector, caller.UserId, now, ct);
        await reminders.PlanInAsync(db, interview, ReminderKind.Rescheduled, now, ct);
        await db.SaveChangesAsync(ct);
        await audit.AppendAsync(db, e with { Summary = $"v{change.Version}: {change.OldStartUtc:O}/{change.OldDurationMinutes}m -> {change.NewStartUtc:O}/{change.NewDurationMinutes}m; reason: {change.Reason}" }, ct);
        await audit.AppendAsync(db, e with { Action = AuditActions.InvitationIssued, Summary = $"invitation {invitation.Id} v{interview.Version}; previous revoked" }, ct);
        if (conflict is not null)
        {
            await audit.AppendAsync(db, e with { Action = AuditActions.InterviewDoubleBookingOverridden, Summary = $"conflicts with {conflict.InterviewId}; reason: {overrideReason!.Trim()}" }, ct);
        }

        await tx.CommitAsync(ct);
        InvitationService.QueueCode(jobs, invitation.Id);
        reminders.QueueDispatch();
        return new ScheduleResult(interview.Id, null);
    }

    /// <summary>The candidate's reschedule requests for an interview, newest first (HR and the panel's HR only).</summary>
    public async Task<IReadOnlyList<RescheduleRequestRow>> RescheduleRequestsAsync(Guid interviewId, CancellationToken ct = default)
    {
        var caller = await origin.GetCallerAsync();
        if (!caller.IsRecruiter)
        {
            return [];
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.RescheduleRequests.AsNoTracking().Where(r => r.InterviewId == interviewId).OrderByDescending(r => r.CreatedAtUtc)
            .Select(r => new RescheduleRequestRow(r.Id, r.RequestedStartUtc, r.Reason, r.Status, r.CreatedAtUtc, r.DecisionNote,
                db.Users.Where(u => u.Id == r.DecidedBy).Select(u => u.DisplayName).FirstOrDefault(), r.DecidedAtUtc))
            .ToListAsync(ct);
    }

    /// <summary>
    /// Approves a candidate's request: the interview moves to the asked slot as the candidate's reschedule (their limits
    /// judged by when they asked), with the usual panel conflict check; a new invitation replaces the old one.
    /// </summary>
    public async Task<ScheduleResult> ApproveRescheduleRequestAsync(Guid requestId, string? overrideReason = null, Guid? acknowledgedConflictId = null, CancellationToken ct = default)
    {
        var caller = await origin.GetCallerAsync();
        caller.RequireRecruiter();
        var policy = await settings.GetSchedulingAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await WriteLock.TakeAsync(db, database, SchedulingLock, ct);
        var request = await db.RescheduleRequests.FirstOrDefaultAsync(r => r.Id == requestId, ct) ?? throw new DomainException("NotFound");
        var e = await audit.DescribeAsync(new AuditEvent(AuditActions.RescheduleRequestApproved, "Interview", request.InterviewId.ToString()));
        var interview = await LoadAsync(db, request.InterviewId, ct);
        request.Approve(caller.UserId, now);
        var change = interview.Reschedule(request.RequestedStartUtc, interview.DurationMinutes, request.Reason, caller.UserId, byCandidate: true, policy, now, request.CreatedAtUtc);
        var conflict = await FindConflictAsync(db, interview, policy, ct);
        if (conflict is not null && (string.IsNullOrWhiteSpace(overrideReason) || conflict.InterviewId != acknowledgedConflictId))
        {
            return new ScheduleResult(null, conflict);
        }

        if (conflict is not null)
        {
            interview.RecordDoubleBookingOverride(conflict.InterviewId, overrideReason, caller.UserId, now);
        }

        var invitation = await InvitationService.IssueInAsync(db, interview, policy, protector, caller.UserId, now, ct);
        await reminders.PlanInAsync(db, interview, ReminderKind.Rescheduled, now, ct);
        await db.SaveChangesAsync(ct);
        await audit.AppendAsync(db, e with { Summary = $"request {request.Id}; v{change.Version}: {change.OldStartUtc:O} -> {change.NewStartUtc:O}" }, ct);
        await audit.AppendAsync(db, e with { Action = AuditActions.InvitationIssued, Summary = $"invitation {invitation.Id} v{interview.Version}; previous revoked" }, ct);
        if (conflict is not null)
        {
            await audit.AppendAsync(db, e with { Action = AuditActions.InterviewDoubleBookingOverridden, Summary = $"conflicts with {conflict.InterviewId}; reason: {overrideReason!.Trim()}" }, ct);
        }

        await tx.CommitAsync(ct);
        InvitationService.QueueCode(jobs, invitation.Id);
        reminders.QueueDispatch();
        return new ScheduleResult(interview.Id, null);
    }

    public async Task DeclineRescheduleRequestAsync(Guid requestId, string? note, CancellationToken ct = default)
    {
        var caller = await origin.GetCallerAsync();
        caller.RequireRecruiter();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var request = await db.RescheduleRequests.FirstOrDefaultAsync(r => r.Id == requestId, ct) ?? throw new DomainException("NotFound");
        var e = await audit.DescribeAsync(new AuditEvent(AuditActions.RescheduleRequestDeclined, "Interview", request.InterviewId.ToString()));
        request.Decline(caller.UserId, note, clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(ct);
        await audit.AppendAsync(db, e with { Summary = $"request {request.Id}; note: {request.DecisionNote}" }, ct);
        await tx.CommitAsync(ct);
    }

    public async Task CancelAsync(Guid id, string? reason, CancellationToken ct = default)
    {
        var caller = await origin.GetCallerAsync();
        caller.RequireRecruiter();
        var e = await audit.DescribeAsync(new AuditEvent(AuditActions.InterviewCancelled, "Interview", id.ToString()));
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await WriteLock.TakeAsync(db, database, SchedulingLock, ct);
        var interview = await LoadAsync(db, id, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var change = interview.Cancel(reason, caller.UserId, now);
        var revoked = await InvitationService.RevokeInAsync(db, interview.Id, InvitationRevokeReason.Cancelled, now, ct);
        await reminders.PlanInAsync(db, interview, ReminderKind.Cancelled, now, ct);
        await db.SaveChangesAsync(ct);
        await audit.AppendAsync(db, e with { Summary = $"v{change.Version}; reason: {change.Reason}" }, ct);
        if (revoked > 0)
        {
            await audit.AppendAsync(db, e with { Action = AuditActions.InvitationRevoked, Summary = $"{revoked} invitation(s) revoked: interview cancelled" }, ct);
        }
        await tx.CommitAsync(ct);
        reminders.QueueDispatch();
    }

    public async Task ChangeStatusAsync(Guid id, InterviewStatus status, string? reason, CancellationToken ct = default)
    {
        var caller = await origin.GetCallerAsync();
        caller.RequireRecruiter();
        var e = await audit.DescribeAsync(new AuditEvent(AuditActions.InterviewStatusChanged, "Interview", id.ToString()));
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await WriteLock.TakeAsync(db, database, SchedulingLock, ct);
        var interview = await LoadAsync(db, id, ct);
        var from = interview.Status;
        var now = clock.GetUtcNow().UtcDateTime;
        interview.ChangeStatus(status, reason, caller.UserId, now);
        if (status == InterviewStatus.Cancelled)
        {
            await reminders.PlanInAsync(db, interview, ReminderKind.Cancelled, now, ct);
        }

        await db.SaveChangesAsync(ct);
        await audit.AppendAsync(db, e with { Summary = $"{from} -> {status}" }, ct);
        await tx.CommitAsync(ct);
        if (status == InterviewStatus.Cancelled)
        {
            reminders.QueueDispatch();
        }
    }

    /// <summary>The interview's calendar invite (.ics), for anyone who may see the interview; the download is audited.</summary>
    public async Task<(string FileName, string Content)?> GetInviteAsync(Guid id, CancellationToken ct = default)
    {
        var caller = await origin.GetCallerAsync();
        var e = await audit.DescribeAsync(new AuditEvent(AuditActions.InterviewCalendarDownloaded, "Interview", id.ToString()));
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var i = await db.VisibleInterviews(caller).AsNoTracking().Include(x => x.Interviewers).FirstOrDefaultAsync(x => x.Id == id, ct);
        if (i is null)
        {
            return null;
        }

        var candidate = await db.Candidates.AsNoTracking().Where(c => c.Id == i.CandidateId).Select(c => new { c.Name, c.Email }).FirstAsync(ct);
        var position = await db.Positions.AsNoTracking().Where(p => p.Id == i.PositionId).Select(p => new { p.Title, p.HiringOwnerId }).FirstAsync(ct);
        var panelIds = i.Interviewers.Select(p => p.UserId).Append(position.HiringOwnerId).ToList();
        var people = await db.Users.AsNoTracking().Where(u => panelIds.Contains(u.Id)).Select(u => new { u.Id, u.DisplayName, u.Email, u.TimeZone }).ToListAsync(ct);
        var owner = people.FirstOrDefault(p => p.Id == position.HiringOwnerId);
        var attendees = caller.IsAgencyOnly
            ? []
            : people.Where(p => i.Interviewers.Any(x => x.UserId == p.Id) && p.Email is not null).Select(p => (p.DisplayName, p.Email!)).ToList();
        // The candidate's address is theirs to give: only HR's invite carries it (an interviewer sees it masked, see ContactMasking).
        if (candidate.Email is not null && caller.IsRecruiter)
        {
            attendees.Add((candidate.Name, candidate.Email));
        }

        var content = InterviewCalendar.Build(new InviteContent(
            i.Id, i.Version, i.Status == InterviewStatus.Cancelled, i.StartUtc, i.EndUtc,
            $"{position.Title} · {l.Label(i.Round)} · {candidate.Name}",
            caller.IsAgencyOnly ? l["InviteDescriptionAgency"] : l["InviteDescription", i.VideoRoomId],
            owner?.DisplayName ?? "InterviewPortal", owner?.Email ?? "noreply@interviewportal.local", owner?.TimeZone ?? Interview.DefaultTimeZone, attendees));
        await audit.RecordAsync(e with { Summary = $"calendar invite v{i.Version}, {attendees.Count} attendee(s)" }, ct);
        return (InterviewCalendar.FileName(i.Id, i.Version), content);
    }

    private static async Task<Interview> LoadAsync(AppDbContext db, Guid id, CancellationToken ct) =>
        await db.Interviews.Include(i => i.Interviewers).FirstOrDefaultAsync(i => i.Id == id, ct) ?? throw new DomainException("NotFound");

    private static async Task CheckPanelAsync(AppDbContext db, IReadOnlyList<string> ids, CancellationToken ct)
    {
        var roleIds = db.Roles.Where(r => r.Name == Roles.Interviewer || r.Name == Roles.HR || r.Name == Roles.Admin).Select(r => r.Id);
        var eligible = await db.Users.CountAsync(u => ids.Contains(u.Id) && !u.IsDisabled && db.UserRoles.Any(ur => ur.UserId == u.Id && roleIds.Contains(ur.RoleId)), ct);
        if (eligible != ids.Count)
        {
            throw new DomainException("InterviewInterviewerNotEligible");
        }
    }

    private static async Task<SchedulingConflict?> FindConflictAsync(AppDbContext db, Interview interview, SchedulingPolicy policy, CancellationToken ct)
    {
        var ids = interview.Interviewers.Select(p => p.UserId).ToList();
        var buffer = TimeSpan.FromMinutes(policy.BufferMinutes);
        var from = interview.StartUtc - buffer;
        var to = interview.EndUtc + buffer;
        var slots = await db.InterviewInterviewers.AsNoTracking()
            .Where(p => ids.Contains(p.UserId) && p.InterviewId != interview.Id && p.StartUtc < to && p.EndUtc > from)
            .Where(p => p.Status == InterviewStatus.Scheduled || p.Status == InterviewStatus.InProgress)
            .Select(p => new InterviewSlot(p.InterviewId, p.UserId, p.StartUtc, p.EndUtc))
            .ToListAsync(ct);
        var hit = InterviewRules.FindConflict(interview.StartUtc, interview.DurationMinutes, slots, policy.BufferMinutes);
        if (hit is null)
        {
            return null;
        }

        var name = await db.Users.Where(u => u.Id == hit.InterviewerId).Select(u => u.DisplayName).FirstAsync(ct);
        var candidate = await db.Interviews.Where(i => i.Id == hit.InterviewId).Join(db.Candidates, i => i.CandidateId, c => c.Id, (i, c) => c.Name).FirstAsync(ct);
        return new SchedulingConflict(hit.InterviewId, name, hit.StartUtc, hit.EndUtc, candidate);
    }
}
