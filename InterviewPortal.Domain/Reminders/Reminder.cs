namespace InterviewPortal.Domain.Reminders;

/// <summary>What a reminder is about; the schedule (domain rules, Reminders) decides when each one is due.</summary>
public enum ReminderKind
{
    Scheduled = 0,
    Rescheduled = 1,
    Cancelled = 2,
    DayBefore = 3,
    HourBefore = 4,
    JoinNow = 5,
    FeedbackNudge = 6,
    PermissionOverdue = 7,
    Test = 8,
}

public enum ReminderChannel
{
    Email = 0,
    WeChat = 1,
    InApp = 2,
}

/// <summary>Planned → Sending (claimed by one dispatcher) → Sent, Skipped (with why) or Failed (with the error).</summary>
public enum ReminderState
{
    Planned = 0,
    Sending = 1,
    Sent = 2,
    Skipped = 3,
    Failed = 4,
}

public enum ReminderRecipientRole
{
    Candidate = 0,
    Interviewer = 1,
    Agency = 2,
    Owner = 3,
}

/// <summary>Why a reminder was not sent; shown on the interview's reminders tab.</summary>
public enum ReminderSkipReason
{
    /// <summary>A reschedule or cancellation replaced it before it went out.</summary>
    Replaced = 0,

    /// <summary>Its time had already passed when it was planned: skipped, not sent late.</summary>
    PastDueWhenPlanned = 1,

    ChannelNotConfigured = 2,

    ChannelDisabled = 3,

    /// <summary>The recipient has no address on this channel (no email, WeChat not bound).</summary>
    NoAddress = 4,

    /// <summary>WeChat errcode 43101: the candidate has not accepted (or has used up) the subscription.</summary>
    NotSubscribed = 5,

    /// <summary>A feedback nudge whose interviewer has submitted their scorecard.</summary>
    FeedbackSubmitted = 6,

    /// <summary>The interview was not held (cancelled, a no-show) or is no longer in the state the reminder is for.</summary>
    NoLongerApplies = 7,
}

/// <summary>
/// One message to one recipient on one channel. (Subject, kind, recipient, version, occasion, channel) is unique, and a
/// dispatcher must claim a planned row (Planned → Sending, conditionally) before sending it, so each message goes out at
/// most once whatever retries, restarts, overlapping runs or a second instance on the same database do.
/// </summary>
public sealed class Reminder
{
    public const int MaxAttempts = 5;
    public const int ErrorMaxLength = 1000;

    private Reminder()
    {
    }

    public long Id { get; private set; }

    /// <summary>The interview (or, for <see cref="ReminderKind.PermissionOverdue"/>, the permission application).</summary>
    public Guid SubjectId { get; private set; }

    public ReminderKind Kind { get; private set; }

    public ReminderChannel Channel { get; private set; }

    public ReminderRecipientRole RecipientRole { get; private set; }

    /// <summary>A user id, or the candidate's id for <see cref="ReminderRecipientRole.Candidate"/>.</summary>
    public string RecipientId { get; private set; } = "";

    /// <summary>The interview's version it was planned for (the permission submission's number).</summary>
    public int Version { get; private set; }

    /// <summary>Tells repeated occasions of one kind apart (feedback nudge 0 = end + 1 h, 1…10 = the working days after).</summary>
    public int Occasion { get; private set; }

    public DateTime DueAtUtc { get; private set; }

    /// <summary>When a dispatcher may next try: the due time, then later after a transient failure.</summary>
    public DateTime NextAttemptAtUtc { get; private set; }

    public ReminderState State { get; private set; }

    public int Attempts { get; private set; }

    public ReminderSkipReason? SkipReason { get; private set; }

    public string? LastError { get; private set; }

    /// <summary>The dispatcher run that holds the row while <see cref="ReminderState.Sending"/>, and until when.</summary>
    public Guid? ClaimToken { get; private set; }

    public DateTime? ClaimedUntilUtc { get; private set; }

    public DateTime CreatedAtUtc { get; private set; }

    public DateTime? FinishedAtUtc { get; private set; }

    public static Reminder Plan(
        Guid subjectId, ReminderKind kind, ReminderChannel channel, ReminderRecipientRole role, string recipientId, int version, int occasion,
        DateTime dueAtUtc, DateTime nowUtc)
    {
        var r = new Reminder
        {
            SubjectId = subjectId,
            Kind = kind,
            Channel = channel,
            RecipientRole = role,
            RecipientId = recipientId,
            Version = version,
            Occasion = occasion,
            DueAtUtc = dueAtUtc,
            NextAttemptAtUtc = dueAtUtc,
            CreatedAtUtc = nowUtc,
            State = ReminderState.Planned,
        };

        // A message whose moment has passed is worse than none ("your interview starts in 1 hour", 10 minutes before).
        // "Now" messages (confirmations) are due at planning time and still go out.
        if (dueAtUtc < nowUtc)
        {
            r.Skip(ReminderSkipReason.PastDueWhenPlanned, nowUtc);
        }

        return r;
    }

    /// <summary>Transient failures are tried again after 1, 2, 4, 8 minutes; the fifth failure is final.</summary>
    public static TimeSpan Backoff(int attempts) => TimeSpan.FromMinutes(Math.Pow(2, Math.Clamp(attempts - 1, 0, 10)));

    /// <summary>The dispatcher holding the claim is about to send: from here a crash leaves the outcome unknown until <paramref name="leaseUntilUtc"/>.</summary>
    public void BeginAttempt(DateTime leaseUntilUtc)
    {
        if (State != ReminderState.Planned || ClaimToken is null)
        {
            throw new InvalidOperationException("Only a claimed, planned reminder can be sent.");
        }

        State = ReminderState.Sending;
        Attempts++;
        ClaimedUntilUtc = leaseUntilUtc;
    }

    public void MarkSent(DateTime nowUtc)
    {
        State = ReminderState.Sent;
        FinishedAtUtc = nowUtc;
        LastError = null;
        ClaimToken = null;
        ClaimedUntilUtc = null;
    }

    public void Skip(ReminderSkipReason reason, DateTime nowUtc, string? detail = null)
    {
        State = ReminderState.Skipped;
        SkipReason = reason;
        FinishedAtUtc = nowUtc;
        LastError = Cut(detail);
        ClaimToken = null;
        ClaimedUntilUtc = null;
    }

    /// <summary>A failed attempt: planned again after the backoff while attempts remain and the failure is transient.</summary>
    public void Fail(string error, bool transient, DateTime nowUtc)
    {
        LastError = Cut(error);
        ClaimToken = null;
        ClaimedUntilUtc = null;
        if (transient && Attempts < MaxAttempts)
        {
            State = ReminderState.Planned;
            NextAttemptAtUtc = nowUtc + Backoff(Attempts);
            return;
        }

        State = ReminderState.Failed;
        FinishedAtUtc = nowUtc;
    }

    /// <summary>An admin sends a failed or skipped reminder again (attempts start over); sent or pending ones are left alone.</summary>
    public void Retry(DateTime nowUtc)
    {
        if (State is not (ReminderState.Failed or ReminderState.Skipped) || SkipReason == ReminderSkipReason.Replaced)
        {
            throw new DomainException("ReminderNotRetryable", State);
        }

        State = ReminderState.Planned;
        SkipReason = null;
        Attempts = 0;
        NextAttemptAtUtc = nowUtc;
        FinishedAtUtc = null;
    }

    private static string? Cut(string? text) => text is { Length: > ErrorMaxLength } ? text[..ErrorMaxLength] : text;
}
