using InterviewPortal.Domain.Scorecards;
using InterviewPortal.Domain.Sessions;
using InterviewPortal.Web.Data;
using InterviewPortal.Web.Features.Recruiting;
using InterviewPortal.Web.Features.Shared;
using Microsoft.EntityFrameworkCore;

namespace InterviewPortal.Web.Features.Interviews;

public enum TimelineKind
{
    InvitationCreated,
    InvitationOpened,
    InvitationAccepted,
    Joined,
    Left,
    RecordingStarted,
    RecordingNotConsented,
    RecordingStopped,
    RecordingReady,
    RecordingFailed,
    RecordingDeleted,
    ScorecardSubmitted,
    ScorecardAmended,
}

/// <summary>One moment of an interview's story besides its own changes (which <see cref="InterviewHistoryRow"/> carries).</summary>
public sealed record TimelineEntry(DateTime AtUtc, TimelineKind Kind, string? Who, SessionParty Party = SessionParty.Unknown, int? Version = null);

/// <summary>
/// The review timeline of an interview, besides its scheduling history: the invitation (sent, opened, accepted), who
/// joined and left, the recording, and scorecard submissions. Agencies see the invitation and attendance only (never
/// recordings or scorecards); the scorecard entries show who submitted when, never what (blind rule).
/// </summary>
public sealed class InterviewTimelineService(IDbContextFactory<AppDbContext> dbFactory, ClientOrigin origin)
{
    public async Task<IReadOnlyList<TimelineEntry>?> GetAsync(Guid interviewId, CancellationToken ct = default)
    {
        var caller = await origin.GetCallerAsync();
        return await ReadAsync(db => db.VisibleInterviews(caller), caller.IsAgencyOnly, interviewId, ct);
    }

    /// <summary>The timeline of any interview, for the session audit (Admins and Auditors; who and when, never what).</summary>
    public async Task<IReadOnlyList<TimelineEntry>?> GetForAuditAsync(Guid interviewId, CancellationToken ct = default)
    {
        (await origin.GetCallerAsync()).RequireAuditReader();
        return await ReadAsync(db => db.Interviews, agencyOnly: false, interviewId, ct);
    }

    private async Task<IReadOnlyList<TimelineEntry>?> ReadAsync(Func<AppDbContext, IQueryable<InterviewPortal.Domain.Interviews.Interview>> visible, bool agencyOnly, Guid interviewId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var interview = await visible(db).AsNoTracking().Where(i => i.Id == interviewId)
            .Select(i => new { i.CandidateId, Panel = i.Interviewers.Select(p => p.UserId).ToList() }).FirstOrDefaultAsync(ct);
        if (interview is null)
        {
            return null;
        }

        var candidate = await db.Candidates.Where(c => c.Id == interview.CandidateId).Select(c => c.Name).FirstAsync(ct);
        var entries = new List<TimelineEntry>();
        var invitations = await db.Invitations.AsNoTracking().Where(i => i.InterviewId == interviewId)
            .Select(i => new { i.CreatedAtUtc, i.CreatedBy, i.InterviewVersion, i.FirstOpenedAtUtc, i.AcceptedAtUtc }).ToListAsync(ct);
        var events = await db.SessionEvents.AsNoTracking()
            .Where(e => e.InterviewId == interviewId && (e.Kind == SessionEventKind.Joined || e.Kind == SessionEventKind.Left))
            .OrderBy(e => e.AtUtc).ToListAsync(ct);
        var scorecards = agencyOnly
            ? []
            : await db.Scorecards.AsNoTracking().Where(s => s.InterviewId == interviewId && s.SubmittedAtUtc != null)
                .Select(s => new { s.InterviewerId, s.Version, At = s.SubmittedAtUtc!.Value }).ToListAsync(ct);
        var recordings = agencyOnly
            ? []
            : await db.Recordings.AsNoTracking().Where(r => r.InterviewId == interviewId).ToListAsync(ct);

        var userIds = invitations.Select(i => i.CreatedBy).Concat(scorecards.Select(s => s.InterviewerId)).Concat(events.Select(e => e.PanelUserId).OfType<string>()).Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        string Name(string id) => names.GetValueOrDefault(id, id);

        foreach (var i in invitations)
        {
            entries.Add(new TimelineEntry(i.CreatedAtUtc, TimelineKind.InvitationCreated, Name(i.CreatedBy), Version: i.InterviewVersion));
            if (i.FirstOpenedAtUtc is { } opened)
            {
                entries.Add(new TimelineEntry(opened, TimelineKind.InvitationOpened, candidate, SessionParty.Candidate));
            }

            if (i.AcceptedAtUtc is { } accepted)
            {
                entries.Add(new TimelineEntry(accepted, TimelineKind.InvitationAccepted, candidate, SessionParty.Candidate));
            }
        }

        foreach (var e in events.Where(e => e.Party != SessionParty.Unknown))
        {
            var who = e.Party == SessionParty.Candidate ? candidate : Name(e.PanelUserId!);
            entries.Add(new TimelineEntry(e.AtUtc, e.Kind == SessionEventKind.Joined ? TimelineKind.Joined : TimelineKind.Left, who, e.Party));
        }

        foreach (var r in recordings)
        {
            if (r.State == RecordingState.NotConsented)
            {
                entries.Add(new TimelineEntry(r.CreatedAtUtc, TimelineKind.RecordingNotConsented, candidate, SessionParty.Candidate));
                continue;
            }

            if (r.StartedAtUtc is { } started)
            {
                entries.Add(new TimelineEntry(started, TimelineKind.RecordingStarted, null));
            }

            if (r.StoppedAtUtc is { } stopped)
            {
                entries.Add(new TimelineEntry(stopped, TimelineKind.RecordingStopped, null));
            }

            if (r.ReadyAtUtc is { } ready)
            {
                entries.Add(new TimelineEntry(ready, TimelineKind.RecordingReady, null));
            }

            if (r.State == RecordingState.Failed || r.FailureCode is not null)
            {
                entries.Add(new TimelineEntry(r.StoppedAtUtc ?? r.CreatedAtUtc, TimelineKind.RecordingFailed, null));
            }

            if (r.DeletedAtUtc is { } deleted)
            {
                entries.Add(new TimelineEntry(deleted, TimelineKind.RecordingDeleted, null));
            }
        }

        foreach (var s in scorecards)
        {
            entries.Add(new TimelineEntry(s.At, s.Version > 1 ? TimelineKind.ScorecardAmended : TimelineKind.ScorecardSubmitted, Name(s.InterviewerId), SessionParty.Interviewer, s.Version));
        }

        return entries.OrderBy(e => e.AtUtc).ToList();
    }
}
