namespace InterviewPortal.Domain.Interviews;

public static class InterviewRules
{
    public const int MinDurationMinutes = 15;
    public const int MaxDurationMinutes = 180;
    public const int MaxInterviewers = 7;

    public static void CheckDuration(int minutes)
    {
        if (minutes is < MinDurationMinutes or > MaxDurationMinutes)
        {
            throw new DomainException("InterviewDurationOutOfRange", MinDurationMinutes, MaxDurationMinutes);
        }
    }

    public static IReadOnlyList<string> CheckInterviewerCount(IEnumerable<string> interviewerIds, bool allowNone = false)
    {
        var ids = interviewerIds.Where(i => !string.IsNullOrWhiteSpace(i)).Distinct(StringComparer.Ordinal).ToList();
        if ((ids.Count == 0 && !allowNone) || ids.Count > MaxInterviewers)
        {
            throw new DomainException("InterviewInterviewerCount", 1, MaxInterviewers);
        }

        return ids;
    }

    /// <summary>Whether the status may change from <paramref name="from"/> to <paramref name="to"/> (domain rules).</summary>
    public static bool CanChangeStatus(InterviewStatus from, InterviewStatus to) => (from, to) switch
    {
        (InterviewStatus.Scheduled, InterviewStatus.InProgress or InterviewStatus.Cancelled or InterviewStatus.NoShowCandidate
            or InterviewStatus.NoShowInterviewer or InterviewStatus.TechnicalFailure) => true,
        // Someone joined (InProgress) but the other party never came: still a no-show.
        (InterviewStatus.InProgress, InterviewStatus.Completed or InterviewStatus.TechnicalFailure
            or InterviewStatus.NoShowCandidate or InterviewStatus.NoShowInterviewer) => true,
        _ => false,
    };

    /// <summary>
    /// The statuses most interviews end in, which pile up year after year (completed, cancelled), as opposed to the
    /// live ones and the exceptions: a list filtered by one of them is better read from another filter's index.
    /// </summary>
    public static bool Accumulates(InterviewStatus s) => s is InterviewStatus.Completed or InterviewStatus.Cancelled;

    /// <summary>The statuses the session log decides (and HR may correct).</summary>
    public static bool IsAttendanceOutcome(InterviewStatus s) =>
        s is InterviewStatus.Completed or InterviewStatus.NoShowCandidate or InterviewStatus.NoShowInterviewer or InterviewStatus.TechnicalFailure;

    /// <summary>
    /// The first existing slot of the same interviewers that comes closer than the buffer to the new slot, or null.
    /// Slots touch-free by at least <paramref name="bufferMinutes"/> do not conflict.
    /// </summary>
    public static InterviewSlot? FindConflict(DateTime startUtc, int durationMinutes, IEnumerable<InterviewSlot> existing, int bufferMinutes)
    {
        var buffer = TimeSpan.FromMinutes(bufferMinutes);
        var end = startUtc.AddMinutes(durationMinutes);
        return existing
            .Where(s => s.StartUtc < end + buffer && startUtc < s.EndUtc + buffer)
            .OrderBy(s => s.StartUtc)
            .FirstOrDefault();
    }
}

/// <summary>An interviewer's booked time, for conflict checks.</summary>
public sealed record InterviewSlot(Guid InterviewId, string InterviewerId, DateTime StartUtc, DateTime EndUtc);
