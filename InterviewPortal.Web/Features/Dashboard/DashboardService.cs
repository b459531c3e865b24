using Hangfire;
using Hangfire.Storage;
using InterviewPortal.Domain.Identity;
using InterviewPortal.Domain.Interviews;
using InterviewPortal.Domain.Recruiting;
using InterviewPortal.Web.Features.Recruiting;
using InterviewPortal.Web.Data;
using InterviewPortal.Web.Features.Audit;
using InterviewPortal.Web.Features.Shared;
using Microsoft.EntityFrameworkCore;

namespace InterviewPortal.Web.Features.Dashboard;

public sealed record DashboardCounts(
    int ActiveUsers, int DisabledUsers, int LockedOutUsers, int SignInsToday, int FailedSignInsToday,
    long AuditEntries, long FailedJobs, int RecurringJobs);

/// <summary>Interview and pipeline numbers, limited to what the caller may see (agencies: their own; interviewers: theirs).</summary>
public sealed record RecruitingCounts(int InterviewsToday, int InterviewsNext7Days, int ActiveCandidates, int OpenPositions);

/// <summary>The home page's numbers: real counts from the database and the job store.</summary>
public sealed class DashboardService(IDbContextFactory<AppDbContext> dbFactory, JobStorage jobs, ClientOrigin origin, UserClock userClock, TimeProvider clock)
{
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
