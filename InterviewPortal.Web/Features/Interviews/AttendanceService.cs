using InterviewPortal.Domain.Audit;
using InterviewPortal.Domain.Interviews;
using InterviewPortal.Domain.Notifications;
using InterviewPortal.Domain.Sessions;
using InterviewPortal.Web.Data;
using InterviewPortal.Web.Features.Audit;
using InterviewPortal.Web.Features.Recruiting;
using InterviewPortal.Web.Features.Shared;
using InterviewPortal.Web.Setup;
using Microsoft.EntityFrameworkCore;

namespace InterviewPortal.Web.Features.Interviews;

public sealed record SessionLogRow(DateTime AtUtc, SessionEventKind Kind, SessionParty Party, string? Name, SessionDevice Device, int? AuthLevel, bool Reconnect, int? ReasonCode);

public sealed record PresenceRow(SessionParty Party, string Name, DateTime FirstJoinedUtc, DateTime? LastLeftUtc, int MinutesPresent, int Reconnects, bool LastLeaveWasError);

public sealed record SessionLog(IReadOnlyList<SessionLogRow> Events, IReadOnlyList<PresenceRow> Presence, bool Met, DateTime? ClosedAtUtc, DateTime NoShowDeadlineUtc);

/// <summary>
/// Attendance from the session log (rules in <see cref="AttendanceRules"/>): applies the status the log calls for,
/// escalates a missing party to the position's hiring owner in-app (once per interview version and party), shows the
/// log, and lets HR correct the outcome with a reason. Automatic changes are recorded as the system's, and audited.
/// </summary>
public sealed class AttendanceService(
    IDbContextFactory<AppDbContext> dbFactory, ClientOrigin origin, AuditTrail audit, DatabaseSettings database, TimeProvider clock)
{
    public const string SystemActor = "session-log";
    public const string CandidateMissingKey = "AttendanceCandidateMissingNotification";
    public const string PanelMissingKey = "AttendanceInterviewerMissingNotification";

    public static string EscalationKey(Guid interviewId, int version, SessionParty party) => $"attendance-missing:{interviewId:N}:{version}:{party}";

    /// <summary>Brings one interview's status and escalations up to date with its session log. Safe to repeat.</summary>
    public async Task ApplyAsync(Guid interviewId, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await WriteLock.TakeAsync(db, database, InterviewService.SchedulingLock, ct);
        var interview = await db.Interviews.Include(i => i.Interviewers).FirstOrDefaultAsync(i => i.Id == interviewId, ct);
        if (interview is null)
        {
            return;
        }

        var events = await db.SessionEvents.AsNoTracking().Where(e => e.InterviewId == interviewId).ToListAsync(ct);
        var attendance = AttendanceRules.Summarize(events, now);
        var audits = new List<AuditEvent>();
        while (AttendanceRules.NextStatus(interview.Status, interview.StartUtc, interview.DurationMinutes, attendance, now) is { } next)
        {
            var from = interview.Status;
            interview.ChangeStatus(next, null, SystemActor, now);
            audits.Add(new AuditEvent(AuditActions.InterviewStatusChanged, "Interview", interviewId.ToString(), $"{from} -> {next} (session log)"));
        }

        foreach (var party in AttendanceRules.Missing(interview.Status, interview.StartUtc, attendance, now))
        {
            var key = EscalationKey(interviewId, interview.Version, party);
            if (await db.Notifications.AnyAsync(n => n.DedupKey == key, ct))
            {
                continue;
            }

            var owner = await db.Positions.Where(p => p.Id == interview.PositionId).Select(p => p.HiringOwnerId).FirstAsync(ct);
            var candidate = await db.Candidates.Where(c => c.Id == interview.CandidateId).Select(c => c.Name).FirstAsync(ct);
            db.Notifications.Add(Notification.Create(owner, party == SessionParty.Candidate ? CandidateMissingKey : PanelMissingKey,
                $"interviews/{interviewId}", key, now, candidate));
            audits.Add(new AuditEvent(AuditActions.AttendanceEscalated, "Interview", interviewId.ToString(), $"{party} missing 5 min after the start; in-app to {owner}"));
        }

        if (audits.Count == 0)
        {
            return;
        }

        await db.SaveChangesAsync(ct);
        foreach (var e in audits)
        {
            await audit.AppendAsync(db, e, ct);
        }

        await tx.CommitAsync(ct);
    }

    /// <summary>The every-minute sweep: interviews that started at least 5 minutes ago and are still open.</summary>
    public async Task<int> SweepAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var from = now.AddDays(-1);
        var to = now - AttendanceRules.EscalateAfter;
        List<Guid> ids;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            ids = await db.Interviews.AsNoTracking()
                .Where(i => (i.Status == InterviewStatus.Scheduled || i.Status == InterviewStatus.InProgress) && i.StartUtc >= from && i.StartUtc <= to)
                .Select(i => i.Id).ToListAsync(ct);
        }

        foreach (var id in ids)
        {
            await ApplyAsync(id, ct);
        }

        return ids.Count;
    }

    /// <summary>The session log and attendance of an interview the caller may see; null otherwise.</summary>
    public async Task<SessionLog?> GetLogAsync(Guid interviewId, CancellationToken ct = default)
    {
        var caller = await origin.GetCallerAsync();
        return await ReadLogAsync(db => db.VisibleInterviews(caller), interviewId, ct);
    }

    /// <summary>The session log of any interview, for the session audit (Admins and Auditors, who read every session).</summary>
    public async Task<SessionLog?> GetLogForAuditAsync(Guid interviewId, CancellationToken ct = default)
    {
        (await origin.GetCallerAsync()).RequireAuditReader();
        return await ReadLogAsync(db => db.Interviews, interviewId, ct);
    }

    private async Task<SessionLog?> ReadLogAsync(Func<AppDbContext, IQueryable<Interview>> visible, Guid interviewId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var interview = await visible(db).AsNoTracking().Where(i => i.Id == interviewId)
            .Select(i => new { i.StartUtc, i.DurationMinutes, i.CandidateId }).FirstOrDefaultAsync(ct);
        if (interview is null)
        {
            return null;
        }

        var events = await db.SessionEvents.AsNoTracking().Where(e => e.InterviewId == interviewId).ToListAsync(ct);
        var candidate = await db.Candidates.Where(c => c.Id == interview.CandidateId).Select(c => c.Name).FirstAsync(ct);
        var userIds = events.Select(e => e.PanelUserId).OfType<string>().Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        string? Name(SessionParty party, string? key) => party switch
        {
            SessionParty.Candidate => candidate,
            SessionParty.Interviewer when key is not null => names.GetValueOrDefault(key, key),
            _ => null,
        };

        var attendance = AttendanceRules.Summarize(events, clock.GetUtcNow().UtcDateTime);
        var rows = events.OrderBy(e => e.AtUtc).ThenBy(e => e.SourceId)
            .Select(e => new SessionLogRow(e.AtUtc, e.Kind, e.Party, Name(e.Party, e.PanelUserId), e.Device, e.AuthLevel, e.Reconnect, e.ReasonCode)).ToList();
        var presence = attendance.Parties.Select(p => new PresenceRow(p.Party, Name(p.Party, p.Key) ?? "", p.FirstJoinedUtc, p.LastLeftUtc,
            (int)Math.Round(p.TimePresent.TotalMinutes), p.Reconnects, p.LastLeaveWasError)).ToList();
        return new SessionLog(rows, presence, attendance.Met, attendance.ClosedAtUtc, AttendanceRules.NoShowDeadline(interview.StartUtc, interview.DurationMinutes));
    }

    /// <summary>HR corrects the attendance outcome, with a reason; audited.</summary>
    public async Task OverrideAsync(Guid interviewId, InterviewStatus to, string? reason, CancellationToken ct = default)
    {
        var caller = await origin.GetCallerAsync();
        caller.RequireRecruiter();
        var e = await audit.DescribeAsync(new AuditEvent(AuditActions.AttendanceOverridden, "Interview", interviewId.ToString()));
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await WriteLock.TakeAsync(db, database, InterviewService.SchedulingLock, ct);
        var interview = await db.Interviews.Include(i => i.Interviewers).FirstOrDefaultAsync(i => i.Id == interviewId, ct)
            ?? throw new Domain.DomainException("NotFound");
        var from = interview.Status;
        var change = interview.OverrideAttendance(to, reason, caller.UserId, clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(ct);
        await audit.AppendAsync(db, e with { Summary = $"{from} -> {to}; reason: {change.Reason}" }, ct);
        await tx.CommitAsync(ct);
    }
}
