using Hangfire;
using Hangfire.Storage;
using InterviewPortal.Domain.Identity;
using InterviewPortal.Domain.Interviews;
using InterviewPortal.Domain.Recruiting;
using InterviewPortal.Domain.Scorecards;
using InterviewPortal.Domain.Sessions;
using InterviewPortal.Web.Features.Recruiting;
using InterviewPortal.Web.Data;
using InterviewPortal.Web.Features.Audit;
using InterviewPortal.Web.Features.Scorecards;
using InterviewPortal.Web.Features.Shared;
using Microsoft.EntityFrameworkCore;

namespace InterviewPortal.Web.Features.Dashboard;

public sealed record DashboardCounts(
    int ActiveUsers, int DisabledUsers, int LockedOutUsers, int SignInsToday, int FailedSignInsToday,
    long AuditEntries, long FailedJobs, int RecurringJobs);

/// <summary>Interview and pipeline numbers, limited to what the caller may see (agencies: their own; interviewers: theirs).</summary>
public sealed record RecruitingCounts(int InterviewsToday, int InterviewsNext7Days, int ActiveCandidates, int OpenPositions);

/// <summary>Where an interview stands right now, for the dashboard's agenda.</summary>
public enum LiveStatus
{
    /// <summary>Not started yet.</summary>
    Upcoming,

    /// <summary>Started (or about to), nobody missing for long: waiting for the parties to join.</summary>
    Waiting,

    /// <summary>Both parties are in the room.</summary>
    InProgress,

    /// <summary>A party is still missing five minutes after the start (the HR escalation rule).</summary>
    NoShowAlert,

    /// <summary>Over: completed, a no-show, a technical failure or cancelled (the status says which).</summary>
    Finished,
}

public sealed record AgendaRow(
    Guid Id, DateTime StartUtc, int DurationMinutes, string CandidateName, string PositionTitle, InterviewRound Round, InterviewStatus Status,
    LiveStatus Live, bool CandidateMissing, bool InterviewerMissing);

public sealed record StageCount(PipelineStage Stage, int Count);

/// <summary>An agency's attendance over the last 30 days: interviews with an outcome and candidate no-shows.</summary>
public sealed record AgencyAttendance(int Due, int Attended, int NoShows);

public sealed record SystemHealth(long FailedJobs, DateTime? VerificationJobLastRunUtc, string? VerificationJobState, DateTime? LastManualVerificationUtc, string? LastManualVerification);

/// <summary>The home page's numbers: real counts from the database and the job store.</summary>
public sealed class DashboardService(
    IDbContextFactory<AppDbContext> dbFactory, JobStorage jobs, ClientOrigin origin, UserClock userClock, ScorecardService scorecards, TimeProvider clock)
{
    public async Task<Caller> CallerAsync() => Caller.From(await origin.GetUserAsync());

    /// <summary>Today's and the coming week's interviews, candidates in the pipeline and open positions, for the caller.</summary>
    public async Task<RecruitingCounts?> GetRecruitingAsync(CancellationToken ct = default)
    {
        var user = await origin.GetUserAsync();
        if (!user.IsInRole(Roles.Admin) && !user.IsInRole(Roles.HR) && !user.IsInRole(Roles.Interviewer) && !user.IsInRole(Roles.Agency))
        {
            return null;
        }

        var caller = Caller.From(user);
        await userClock.ZoneAsync();
        var todayUtc = userClock.ToUtc(userClock.LocalToday);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var interviews = db.VisibleInterviews(caller).Where(i => i.Status == InterviewStatus.Scheduled || i.Status == InterviewStatus.InProgress);
        var today = await interviews.CountAsync(i => i.StartUtc >= todayUtc && i.StartUtc < todayUtc.AddDays(1), ct);
        var week = await interviews.CountAsync(i => i.StartUtc >= todayUtc && i.StartUtc < todayUtc.AddDays(7), ct);
        var candidates = await db.VisibleCandidates(caller).CountAsync(c => c.Stage < PipelineStage.Hired, ct);
        var positions = caller.IsRecruiter || caller.IsAgencyOnly ? await db.Positions.CountAsync(p => p.IsOpen, ct) : 0;
        return new RecruitingCounts(today, week, candidates, positions);
    }

    /// <summary>
    /// The caller's interviews from today's start to the end of the coming 7 days (HR and admins: everyone's), each with
    /// its live status from the session log: who has joined, and a no-show alert once a party is missing 5 minutes after
    /// the start (AttendanceRules.Missing).
    /// </summary>
    public async Task<IReadOnlyList<AgendaRow>> AgendaAsync(int days = 7, int max = 200, CancellationToken ct = default)
    {
        var user = await origin.GetUserAsync();
        if (!user.IsInRole(Roles.Admin) && !user.IsInRole(Roles.HR) && !user.IsInRole(Roles.Interviewer) && !user.IsInRole(Roles.Agency))
        {
            return [];
        }

        var caller = Caller.From(user);
        await userClock.ZoneAsync();
        var from = userClock.ToUtc(userClock.LocalToday);
        var to = from.AddDays(days);
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.VisibleInterviews(caller).AsNoTracking()
            .Where(i => i.StartUtc >= from && i.StartUtc < to)
            .OrderBy(i => i.StartUtc).ThenBy(i => i.Id).Take(max)
            .Select(i => new
            {
                i.Id, i.StartUtc, i.DurationMinutes, i.Round, i.Status,
                Candidate = db.Candidates.Where(c => c.Id == i.CandidateId).Select(c => c.Name).FirstOrDefault() ?? "",
                Position = db.Positions.Where(p => p.Id == i.PositionId).Select(p => p.Title).FirstOrDefault() ?? "",
            })
            .ToListAsync(ct);

        // The session log only for interviews under way today: the rest have either not started or are settled.
        var live = rows.Where(r => r.StartUtc <= now.AddMinutes(15) && r.Status is InterviewStatus.Scheduled or InterviewStatus.InProgress).Select(r => r.Id).ToList();
        var events = live.Count == 0 ? [] : await db.SessionEvents.AsNoTracking().Where(e => live.Contains(e.InterviewId)).ToListAsync(ct);
        var byInterview = events.ToLookup(e => e.InterviewId);
        return rows.Select(r =>
        {
            if (r.Status is not (InterviewStatus.Scheduled or InterviewStatus.InProgress))
            {
                return new AgendaRow(r.Id, r.StartUtc, r.DurationMinutes, r.Candidate, r.Position, r.Round, r.Status, LiveStatus.Finished, false, false);
            }

            var attendance = AttendanceRules.Summarize(byInterview[r.Id], now);
            var missing = AttendanceRules.Missing(r.Status, r.StartUtc, attendance, now);
            var state = missing.Count > 0 ? LiveStatus.NoShowAlert
                : attendance.CandidateJoined && attendance.InterviewerJoined ? LiveStatus.InProgress
                : r.StartUtc > now.AddMinutes(10) && r.Status == InterviewStatus.Scheduled ? LiveStatus.Upcoming
                : LiveStatus.Waiting;
            return new AgendaRow(r.Id, r.StartUtc, r.DurationMinutes, r.Candidate, r.Position, r.Round, r.Status, state,
                missing.Contains(SessionParty.Candidate), missing.Contains(SessionParty.Interviewer));
        }).ToList();
    }

    /// <summary>How far back the dashboard counts interviews awaiting feedback: the reminders nudge for 10 working days.</summary>
    public const int FeedbackWindowDays = 30;

    /// <summary>
    /// Interviews of the last <see cref="FeedbackWindowDays"/> days still awaiting a scorecard (everyone's for HR and
    /// admins, one's own for an interviewer), so the count reads a few thousand seats rather than every seat ever.
    /// </summary>
    public Task<int> FeedbackPendingAsync(CancellationToken ct = default) =>
        scorecards.PendingFeedbackCountAsync(clock.GetUtcNow().UtcDateTime.AddDays(-FeedbackWindowDays), ct);

    /// <summary>The interviewer's own interviews still owing their scorecard (the FeedbackExpected test), oldest first.</summary>
    public async Task<IReadOnlyList<AgendaRow>> MyPendingScorecardsAsync(int max = 20, CancellationToken ct = default)
    {
        var user = await origin.GetUserAsync();
        if (!user.IsInRole(Roles.Interviewer))
        {
            return [];
        }

        var caller = Caller.From(user);
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await ScorecardService.SeatsOwingFeedback(db, now).Where(p => p.UserId == caller.UserId)
            .OrderBy(p => p.StartUtc).Take(max)
            .Select(p => new AgendaRow(p.InterviewId, p.StartUtc, 0,
                db.Candidates.Where(c => c.Id == p.CandidateId).Select(c => c.Name).FirstOrDefault() ?? "",
                db.Positions.Where(x => x.Id == p.PositionId).Select(x => x.Title).FirstOrDefault() ?? "",
                p.Round, p.Status, LiveStatus.Finished, false, false))
            .ToListAsync(ct);
    }

    /// <summary>An agency user's candidates per stage and their attendance over the last 30 days (their agency only).</summary>
    public async Task<(IReadOnlyList<StageCount> Stages, AgencyAttendance Attendance)?> AgencyOverviewAsync(CancellationToken ct = default)
    {
        var caller = Caller.From(await origin.GetUserAsync());
        if (!caller.IsAgencyOnly)
        {
            return null;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var stages = await db.VisibleCandidates(caller).GroupBy(c => c.Stage).Select(g => new StageCount(g.Key, g.Count())).ToListAsync(ct);
        var statuses = await db.VisibleInterviews(caller).Where(i => i.StartUtc >= now.AddDays(-30) && i.StartUtc < now)
            .GroupBy(i => i.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        int Sum(params InterviewStatus[] s) => statuses.Where(x => s.Contains(x.Key)).Sum(x => x.Count);
        var attended = Sum(InterviewStatus.InProgress, InterviewStatus.Completed, InterviewStatus.NoShowInterviewer, InterviewStatus.TechnicalFailure);
        var noShows = Sum(InterviewStatus.NoShowCandidate);
        var ordered = PipelineStages.Active.Concat([PipelineStage.Rejected, PipelineStage.Withdrawn, PipelineStage.Archived])
            .Select(s => new StageCount(s, stages.FirstOrDefault(x => x.Stage == s)?.Count ?? 0)).ToList();
        return (ordered, new AgencyAttendance(attended + noShows, attended, noShows));
    }

    /// <summary>For admins: failed jobs, the nightly audit verification's last run and state, and the last verification run by hand.</summary>
    public async Task<SystemHealth?> HealthAsync(CancellationToken ct = default)
    {
        var user = await origin.GetUserAsync();
        if (!user.IsInRole(Roles.Admin))
        {
            return null;
        }

        var failed = jobs.GetMonitoringApi().GetStatistics().Failed;
        using var connection = jobs.GetConnection();
        var verification = connection.GetRecurringJobs([Jobs.AuditVerificationJob.Id]).FirstOrDefault();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var manual = await db.AuditEntries.AsNoTracking().Where(a => a.Action == AuditActions.AuditVerified)
            .OrderByDescending(a => a.Id).Select(a => new { a.AtUtc, a.Summary }).FirstOrDefaultAsync(ct);
        return new SystemHealth(failed, verification?.LastExecution, verification?.LastJobState, manual?.AtUtc, manual?.Summary);
    }

    /// <summary>Counts for Admin and Auditor; others get null.</summary>
    public async Task<DashboardCounts?> GetAsync(CancellationToken ct = default)
    {
        var user = await origin.GetUserAsync();
        if (!user.IsInRole(Roles.Admin) && !user.IsInRole(Roles.Auditor))
        {
            return null;
        }

        await userClock.ZoneAsync();
        var todayUtc = userClock.ToUtc(userClock.LocalToday);
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var active = await db.Users.CountAsync(u => !u.IsDisabled, ct);
        var disabled = await db.Users.CountAsync(u => u.IsDisabled, ct);
        var lockouts = await db.Users.Where(u => u.LockoutEnd != null).Select(u => u.LockoutEnd).ToListAsync(ct);
        var signIns = await db.AuditEntries.CountAsync(a => a.Action == AuditActions.SignInSucceeded && a.AtUtc >= todayUtc, ct);
        var failed = await db.AuditEntries.CountAsync(a => (a.Action == AuditActions.SignInFailed || a.Action == AuditActions.SignInLockedOut) && a.AtUtc >= todayUtc, ct);
        var audit = await db.AuditEntries.LongCountAsync(ct);

        var monitor = jobs.GetMonitoringApi();
        var stats = monitor.GetStatistics();
        using var connection = jobs.GetConnection();
        var recurring = connection.GetRecurringJobs().Count;
        return new DashboardCounts(active, disabled, lockouts.Count(l => l > now), signIns, failed, audit, stats.Failed, recurring);
    }
}
