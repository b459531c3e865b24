using InterviewPortal.Domain.Interviews;

namespace InterviewPortal.Domain.Sessions;

/// <summary>One person's time in the room: when they first came, when they last left, how long they stayed.</summary>
public sealed record PartyPresence(
    SessionParty Party, string Key, DateTime FirstJoinedUtc, DateTime? LastLeftUtc, TimeSpan TimePresent, int Reconnects,
    bool LastLeaveWasError, IReadOnlyList<(DateTime From, DateTime To)> Intervals);

/// <summary>What the session log says about attendance, derived from the events in the order they happened.</summary>
public sealed record Attendance(IReadOnlyList<PartyPresence> Parties, bool CandidateJoined, bool InterviewerJoined, bool Met, DateTime? ClosedAtUtc, int? CloseReason)
{
    public PartyPresence? Candidate => Parties.FirstOrDefault(p => p.Party == SessionParty.Candidate);

    /// <summary>The candidate and at least one panel member are in the room right now (nobody closed it).</summary>
    public bool BothPresent =>
        ClosedAtUtc is null
        && Parties.Any(p => p.Party == SessionParty.Candidate && p.LastLeftUtc is null)
        && Parties.Any(p => p.Party == SessionParty.Interviewer && p.LastLeftUtc is null);
}

/// <summary>
/// Attendance rules (domain rules, "Sessions, attendance, recordings"): the first participant to join starts the
/// interview; a party still missing 5 minutes after the start is escalated to HR; at 15 minutes after the start (or half
/// the duration, whichever comes first) a missing candidate is a candidate no-show, else a missing panel an interviewer
/// no-show; when the room closes after both met the interview is completed, unless someone dropped with an error before
/// the planned end (or the two never met), which is a technical failure.
/// </summary>
public static class AttendanceRules
{
    public static readonly TimeSpan EscalateAfter = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long a no-show waits past its deadline for callbacks still on their way: ZEGO retries a callback for about a
    /// minute, so a join that happened before the deadline may arrive after it. Without this, such a candidate would be
    /// marked a no-show that the next callback contradicts.
    /// </summary>
    public static readonly TimeSpan LateCallbackGrace = TimeSpan.FromMinutes(2);

    public static DateTime NoShowDeadline(DateTime startUtc, int durationMinutes) =>
        startUtc.AddMinutes(Math.Min(15, durationMinutes / 2.0));

    public static Attendance Summarize(IEnumerable<SessionEvent> events, DateTime nowUtc)
    {
        // Ordered by when it happened (callbacks arrive out of order); the source id breaks ties in arrival order.
        var ordered = events.OrderBy(e => e.AtUtc).ThenBy(e => e.SourceId).ToList();
        var open = new Dictionary<string, (SessionParty Party, DateTime From)>(StringComparer.Ordinal);
        var intervals = new Dictionary<string, List<(DateTime From, DateTime To)>>(StringComparer.Ordinal);
        var parties = new Dictionary<string, SessionParty>(StringComparer.Ordinal);
        var errorLeave = new Dictionary<string, bool>(StringComparer.Ordinal);
        DateTime? closedAt = null;
        int? closeReason = null;

        void Close(string key, DateTime at)
        {
            if (open.Remove(key, out var o))
            {
                intervals[key].Add((o.From, at < o.From ? o.From : at));
            }
        }

        foreach (var e in ordered)
        {
            switch (e.Kind)
            {
                case SessionEventKind.RoomOpened:
                    closedAt = null;
                    closeReason = null;
                    break;
                case SessionEventKind.RoomClosed:
                    foreach (var key in open.Keys.ToList())
                    {
                        Close(key, e.AtUtc);
                    }

                    closedAt = e.AtUtc;
                    closeReason = e.ReasonCode;
                    break;
                case SessionEventKind.Joined or SessionEventKind.StreamStarted when e.PartyKey is { } key:
                    // A stream proves presence even when the login callback was lost.
                    if (!open.ContainsKey(key))
                    {
                        open[key] = (e.Party, e.AtUtc);
                        parties[key] = e.Party;
                        intervals.TryAdd(key, []);
                        errorLeave[key] = false;
                        closedAt = null;
                    }

                    break;
                case SessionEventKind.Left when e.PartyKey is { } key:
                    if (open.ContainsKey(key))
                    {
                        errorLeave[key] = e.IsErrorLeave;
                        Close(key, e.AtUtc);
                    }

                    break;
            }
        }

        foreach (var (key, o) in open.ToList())
        {
            intervals[key].Add((o.From, nowUtc < o.From ? o.From : nowUtc));
        }

        var list = intervals.Select(kv => new PartyPresence(
                parties[kv.Key], kv.Key, kv.Value[0].From, open.ContainsKey(kv.Key) ? null : kv.Value[^1].To,
                TimeSpan.FromTicks(kv.Value.Sum(i => (i.To - i.From).Ticks)), kv.Value.Count - 1, errorLeave[kv.Key], kv.Value))
            .OrderBy(p => p.Party == SessionParty.Candidate ? 0 : 1).ThenBy(p => p.FirstJoinedUtc).ToList();
        var candidate = list.Where(p => p.Party == SessionParty.Candidate).SelectMany(p => p.Intervals).ToList();
        var panel = list.Where(p => p.Party == SessionParty.Interviewer).SelectMany(p => p.Intervals).ToList();
        var met = candidate.Any(c => panel.Any(p => c.From < p.To && p.From < c.To));
        return new Attendance(list, candidate.Count > 0, panel.Count > 0, met, open.Count == 0 ? closedAt : null, closeReason);
    }

    /// <summary>The next status the session log calls for, or null. Applied one step at a time until it answers null.</summary>
    public static InterviewStatus? NextStatus(InterviewStatus current, DateTime startUtc, int durationMinutes, Attendance a, DateTime nowUtc)
    {
        if (current is not (InterviewStatus.Scheduled or InterviewStatus.InProgress))
        {
            return null;
        }

        if (current == InterviewStatus.Scheduled && (a.CandidateJoined || a.InterviewerJoined))
        {
            return InterviewStatus.InProgress;
        }

        if (a.ClosedAtUtc is { } closed && a.CandidateJoined && a.InterviewerJoined)
        {
            var endUtc = startUtc.AddMinutes(durationMinutes);
            var droppedEarly = closed < endUtc && (a.Parties.Any(p => p.LastLeaveWasError) || a.CloseReason is 1 or 2);
            return !a.Met || droppedEarly ? InterviewStatus.TechnicalFailure : InterviewStatus.Completed;
        }

        if (nowUtc >= NoShowDeadline(startUtc, durationMinutes) + LateCallbackGrace)
        {
            if (!a.CandidateJoined)
            {
                return InterviewStatus.NoShowCandidate;
            }

            if (!a.InterviewerJoined)
            {
                return InterviewStatus.NoShowInterviewer;
            }
        }

        return null;
    }

    /// <summary>The parties to escalate to HR: missing at <see cref="EscalateAfter"/> past the start, while still open.</summary>
    public static IReadOnlyList<SessionParty> Missing(InterviewStatus current, DateTime startUtc, Attendance a, DateTime nowUtc)
    {
        if (current is not (InterviewStatus.Scheduled or InterviewStatus.InProgress) || nowUtc < startUtc + EscalateAfter)
        {
            return [];
        }

        var missing = new List<SessionParty>();
        if (!a.CandidateJoined)
        {
            missing.Add(SessionParty.Candidate);
        }

        if (!a.InterviewerJoined)
        {
            missing.Add(SessionParty.Interviewer);
        }

        return missing;
    }
}
