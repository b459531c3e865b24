namespace InterviewPortal.Domain.Interviews;

public enum RescheduleRequestStatus
{
    Pending,
    Approved,
    Declined,

    /// <summary>The interview changed (HR moved or cancelled it) before anyone decided.</summary>
    Superseded,
}

/// <summary>
/// A candidate's request (from the mini-program) to move their interview. The candidate's limits are checked when they
/// ask; HR approves (the interview is rescheduled, as the candidate's) or declines with a note.
/// </summary>
public sealed class RescheduleRequest
{
    private RescheduleRequest()
    {
    }

    public Guid Id { get; private set; }

    public Guid InterviewId { get; private set; }

    public Guid CandidateId { get; private set; }

    /// <summary>The interview version the candidate saw when asking.</summary>
    public int InterviewVersion { get; private set; }

    public DateTime RequestedStartUtc { get; private set; }

    public string Reason { get; private set; } = "";

    public RescheduleRequestStatus Status { get; private set; }

    public DateTime CreatedAtUtc { get; private set; }

    public string? DecidedBy { get; private set; }

    public DateTime? DecidedAtUtc { get; private set; }

    public string? DecisionNote { get; private set; }

    public static RescheduleRequest Ask(Interview interview, DateTime requestedStartUtc, string? reason, SchedulingPolicy policy, DateTime nowUtc)
    {
        if (requestedStartUtc.Kind != DateTimeKind.Utc)
        {
            throw new ArgumentException("Times are UTC.", nameof(requestedStartUtc));
        }

        reason = reason?.Trim();
        if (string.IsNullOrEmpty(reason))
        {
            throw new DomainException("InterviewRescheduleReasonRequired");
        }

        if (reason.Length > Interview.ReasonMaxLength)
        {
            throw new DomainException("ReasonTooLong", Interview.ReasonMaxLength);
        }

        if (requestedStartUtc <= nowUtc)
        {
            throw new DomainException("InterviewStartInPast");
        }

        if (requestedStartUtc == interview.StartUtc)
        {
            throw new DomainException("InterviewRescheduleSameSlot");
        }

        interview.CheckCandidateReschedule(requestedStartUtc, policy, nowUtc);
        return new RescheduleRequest
        {
            Id = Guid.NewGuid(),
            InterviewId = interview.Id,
            CandidateId = interview.CandidateId,
            InterviewVersion = interview.Version,
            RequestedStartUtc = requestedStartUtc,
            Reason = reason,
            Status = RescheduleRequestStatus.Pending,
            CreatedAtUtc = nowUtc,
        };
    }

    public void Approve(string by, DateTime nowUtc) => Decide(RescheduleRequestStatus.Approved, by, null, nowUtc);

    public void Decline(string by, string? note, DateTime nowUtc)
    {
        note = note?.Trim();
        if (string.IsNullOrEmpty(note))
        {
            throw new DomainException("RescheduleDeclineNoteRequired");
        }

        Decide(RescheduleRequestStatus.Declined, by, note.Length <= Interview.ReasonMaxLength ? note : throw new DomainException("ReasonTooLong", Interview.ReasonMaxLength), nowUtc);
    }

    public void Supersede(DateTime nowUtc)
    {
        if (Status == RescheduleRequestStatus.Pending)
        {
            Status = RescheduleRequestStatus.Superseded;
            DecidedAtUtc = nowUtc;
        }
    }

    private void Decide(RescheduleRequestStatus status, string by, string? note, DateTime nowUtc)
    {
        if (Status != RescheduleRequestStatus.Pending)
        {
            throw new DomainException("RescheduleRequestAlreadyDecided");
        }

        Status = status;
        DecidedBy = by;
        DecidedAtUtc = nowUtc;
        DecisionNote = note;
    }
}
