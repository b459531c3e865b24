using InterviewPortal.Domain.Audit;
using InterviewPortal.Domain.Interviews;
using InterviewPortal.Domain.Sessions;
using InterviewPortal.Web.Data;
using InterviewPortal.Web.Features.Interviews;
using InterviewPortal.Web.Features.Shared;
using Microsoft.EntityFrameworkCore;

namespace InterviewPortal.Web.Features.Audit;

public sealed record SessionAuditRow(Guid InterviewId, string CandidateName, string PositionTitle, InterviewRound Round, DateTime StartUtc, InterviewStatus Status);

public sealed record SessionAuditResults(IReadOnlyList<SessionAuditRow> Rows, int TotalCount);

public enum SessionAuditSource
{
    Callback,
    Timeline,
    Audit,
}

/// <summary>
/// One moment of a session's audit, whatever its source: a ZEGO callback (<see cref="Session"/>), a fact of the
/// interview's timeline (<see cref="Timeline"/>) or an audit entry naming the interview (<see cref="Audit"/>: tokens
/// issued, recording views, attendance overrides…).
/// </summary>
public sealed record SessionAuditEntry(DateTime AtUtc, SessionAuditSource Source, SessionLogRow? Session = null, TimelineEntry? Timeline = null, AuditRow? Audit = null);

public sealed record SessionAuditDetails(SessionAuditRow Interview, string VideoRoomId, int DurationMinutes, SessionLog Log, IReadOnlyList<SessionAuditEntry> Entries);

/// <summary>
/// The session audit (Admins and Auditors, read-only): any interview's video session from the callbacks, the tokens
/// issued for it (who, when; the token itself is never stored), recording views and attendance overrides, in time
/// order. Reads the session log and timeline through their own services; opening a session is audited.
/// </summary>
public sealed class SessionAuditService(
    IDbContextFactory<AppDbContext> dbFactory, ClientOrigin origin, AuditTrail audit, AttendanceService attendance, InterviewTimelineService timeline)
{
    // Timeline facts that have no audit entry of their own (the others show as the audit entries that recorded them).
    private static readonly HashSet<TimelineKind> UnauditedTimeline = [TimelineKind.InvitationOpened, TimelineKind.RecordingReady];

    /// <summary>Interviews by candidate name, position title or id, newest start first.</summary>
    public async Task<SessionAuditResults> SearchAsync(string? search, int page, int pageSize, CancellationToken ct = default)
    {
        (await origin.GetCallerAsync()).RequireAuditReader();
        pageSize = Math.Clamp(pageSize, 1, 100);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var q = from i in db.Interviews.AsNoTracking()
                join c in db.Candidates on i.CandidateId equals c.Id
                join p in db.Positions on i.PositionId equals p.Id
                select new { i, c.Name, p.Title };
        if (!string.IsNullOrWhiteSpace(search))
        {
            var s = search.Trim();
            q = Guid.TryParse(s, out var id)
                ? q.Where(x => x.i.Id == id)
                : q.Where(x => x.Name.Contains(s) || x.Title.Contains(s) || x.i.VideoRoomId == s);
        }

        var total = await q.CountAsync(ct);
        var rows = await q.OrderByDescending(x => x.i.StartUtc).Skip(Math.Max(page, 0) * pageSize).Take(pageSize)
            .Select(x => new SessionAuditRow(x.i.Id, x.Name, x.Title, x.i.Round, x.i.StartUtc, x.i.Status)).ToListAsync(ct);
        return new SessionAuditResults(rows, total);
    }

    /// <summary>
    /// The session audit of one interview (null when there is none), audited as viewed unless
    /// <paramref name="recordView"/> is false (the page's prerender, which the live circuit reads again).
    /// </summary>
    public async Task<SessionAuditDetails?> GetAsync(Guid interviewId, bool recordView = true, CancellationToken ct = default)
    {
        (await origin.GetCallerAsync()).RequireAuditReader();
        var e = await audit.DescribeAsync(new AuditEvent(AuditActions.AuditSessionViewed, AuditTargets.Interview, interviewId.ToString()));
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var header = await (from i in db.Interviews.AsNoTracking()
                            join c in db.Candidates on i.CandidateId equals c.Id
                            join p in db.Positions on i.PositionId equals p.Id
                            where i.Id == interviewId
                            select new { Row = new SessionAuditRow(i.Id, c.Name, p.Title, i.Round, i.StartUtc, i.Status), i.VideoRoomId, i.DurationMinutes })
            .FirstOrDefaultAsync(ct);
        if (header is null)
        {
            return null;
        }

        var log = await attendance.GetLogForAuditAsync(interviewId, ct) ?? throw new InvalidOperationException("interview vanished");
        var facts = await timeline.GetForAuditAsync(interviewId, ct) ?? [];
        var span = await AuditIndexSpan.ReadAsync(db, ct);
        var entries = await span.ByTarget(db, interviewId.ToString())
            .Where(a => a.TargetType == AuditTargets.Interview)
            .OrderBy(a => a.Id)
            .Select(a => new AuditRow(a.Id, a.AtUtc, a.ActorId, db.Users.Where(u => u.Id == a.ActorId).Select(u => u.DisplayName).FirstOrDefault(),
                a.ActorRole, a.IpAddress, a.Action, a.TargetType, a.TargetId, null, a.Summary, a.CorrelationId))
            .ToListAsync(ct);

        var all = log.Events.Select(r => new SessionAuditEntry(r.AtUtc, SessionAuditSource.Callback, Session: r))
            .Concat(facts.Where(f => UnauditedTimeline.Contains(f.Kind)).Select(f => new SessionAuditEntry(f.AtUtc, SessionAuditSource.Timeline, Timeline: f)))
            .Concat(entries.Select(a => new SessionAuditEntry(a.AtUtc, SessionAuditSource.Audit, Audit: a)))
            .OrderBy(x => x.AtUtc).ThenBy(x => x.Source).ThenBy(x => x.Audit?.Id ?? 0)
            .ToList();
        if (recordView)
        {
            await audit.AppendAsync(db, e, ct);
        }

        return new SessionAuditDetails(header.Row, header.VideoRoomId, header.DurationMinutes, log, all);
    }
}
