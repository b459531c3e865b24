namespace InterviewPortal.Domain.Interviews;

/// <summary>
/// One interview. Scheduling, rescheduling, cancelling and status changes go through its methods, which enforce the
/// domain rules and keep a versioned history (who, when, why, old and new slot).
/// </summary>
public sealed class Interview
{
    private readonly List<InterviewParticipant> _interviewers = [];
    private readonly List<InterviewChange> _history = [];

    private Interview()
    {
    }

    public Guid Id { get; private set; }

    public Guid CandidateId { get; private set; }

    public Guid PositionId { get; private set; }

    /// <summary>Copied from the candidate when scheduled, so agency-scoped queries need no join.</summary>
    public Guid? AgencyId { get; private set; }

    public InterviewRound Round { get; private set; }

    public DateTime StartUtc { get; private set; }

    public DateTime EndUtc { get; private set; }

    public int DurationMinutes { get; private set; }

    /// <summary>The start first agreed, against which candidate reschedules are limited.</summary>
    public DateTime OriginalStartUtc { get; private set; }

    public string CandidateTimeZone { get; private set; } = DefaultTimeZone;

    public string? NotesForInterviewers { get; private set; }

    public InterviewStatus Status { get; private set; }

    /// <summary>1 when scheduled, +1 on every reschedule or cancellation (the calendar invite's SEQUENCE).</summary>
    public int Version { get; private set; }

    public string VideoRoomId { get; private set; } = "";

    public string? CancelReason { get; private set; }

    public int CandidateReschedules { get; private set; }

    /// <summary>
    /// The candidate's latest answer to recording this interview (null: never asked). A copy of the newest recording
    /// consent record for the interview, written with it, so the coverage report reads interviews alone.
    /// </summary>
    public bool? RecordingConsent { get; private set; }

    /// <summary>A cloud recording was started for this interview (whatever became of it later); written when ZEGO starts it.</summary>
    public bool RecordingStarted { get; private set; }

    public DateTime CreatedAtUtc { get; private set; }

    public IReadOnlyList<InterviewParticipant> Interviewers => _interviewers;

    public IReadOnlyList<InterviewChange> History => _history;

    public const string DefaultTimeZone = "Asia/Shanghai";

    /// <summary>ZEGO accepts only ASCII room ids: derived from the id, never from names; stable for the interview's life.</summary>
    public static string RoomIdFor(Guid interviewId) => "iv" + interviewId.ToString("N");

    public static Interview Schedule(
        Guid id, Guid candidateId, Guid positionId, Guid? agencyId, InterviewRound round, DateTime startUtc, int durationMinutes,
        IEnumerable<string> interviewerIds, string? candidateTimeZone, string? notes, string by, DateTime nowUtc)
    {
        CheckUtc(startUtc);
        InterviewRules.CheckDuration(durationMinutes);
        var ids = InterviewRules.CheckInterviewerCount(interviewerIds);
        if (startUtc <= nowUtc)
        {
            throw new DomainException("InterviewStartInPast");
        }

        var tz = string.IsNullOrWhiteSpace(candidateTimeZone) ? DefaultTimeZone : candidateTimeZone.Trim();
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(tz, out _))
        {
            throw new DomainException("TimeZoneUnknown", tz);
        }

        var interview = new Interview
        {
            Id = id,
            CandidateId = candidateId,
            PositionId = positionId,
            AgencyId = agencyId,
            Round = round,
            CandidateTimeZone = tz,
            NotesForInterviewers = string.IsNullOrWhiteSpace(notes) ? null : notes.Trim(),
            Status = InterviewStatus.Scheduled,
            Version = 1,
            VideoRoomId = RoomIdFor(id),
            CreatedAtUtc = nowUtc,
            OriginalStartUtc = startUtc,
        };
        interview.SetSlot(startUtc, durationMinutes);
        foreach (var userId in ids)
        {
            interview._interviewers.Add(new InterviewParticipant(interview, userId));
        }

        interview._history.Add(new InterviewChange(id, 1, InterviewChangeKind.Scheduled, by, nowUtc, null, null, null, startUtc, durationMinutes));
        return interview;
    }

    /// <summary>
    /// The candidate's limits on asking for a new slot, checked when they ask (<paramref name="askedAtUtc"/>): so a
    /// request HR approves later is judged by when it was made.
    /// </summary>
    public void CheckCandidateReschedule(DateTime newStartUtc, SchedulingPolicy policy, DateTime askedAtUtc)
    {
        RequireStatus(InterviewStatus.Scheduled, "InterviewNotReschedulable");
        if (CandidateReschedules >= policy.CandidateMaxReschedules)
        {
            throw new DomainException("InterviewCandidateRescheduleLimit", policy.CandidateMaxReschedules);
        }

        if (StartUtc - askedAtUtc < TimeSpan.FromHours(policy.CandidateRescheduleMinHoursBefore))
        {
            throw new DomainException("InterviewCandidateRescheduleTooLate", policy.CandidateRescheduleMinHoursBefore);
        }

        if ((newStartUtc - OriginalStartUtc).Duration() > TimeSpan.FromDays(policy.CandidateRescheduleWindowDays))
        {
            throw new DomainException("InterviewCandidateRescheduleOutOfWindow", policy.CandidateRescheduleWindowDays);
        }
    }

    /// <summary>
    /// Moves the interview to a new slot. A reason is always required. Candidates (from the mini-program) may do it at
    /// most <see cref="SchedulingPolicy.CandidateMaxReschedules"/> times, no later than the set number of hours before
    /// the start, and to a slot within the set number of days of the original start; HR and admins are exempt.
    /// </summary>
    public InterviewChange Reschedule(
        DateTime newStartUtc, int newDurationMinutes, string? reason, string by, bool byCandidate, SchedulingPolicy policy, DateTime nowUtc, DateTime? candidateAskedAtUtc = null)
    {
        CheckUtc(newStartUtc);
        RequireStatus(InterviewStatus.Scheduled, "InterviewNotReschedulable");
        InterviewRules.CheckDuration(newDurationMinutes);
        reason = RequireReason(reason, "InterviewRescheduleReasonRequired");
        if (newStartUtc <= nowUtc)
        {
            throw new DomainException("InterviewStartInPast");
        }

        if (newStartUtc == StartUtc && newDurationMinutes == DurationMinutes)
        {
            throw new DomainException("InterviewRescheduleSameSlot");
        }

        if (byCandidate)
        {
            CheckCandidateReschedule(newStartUtc, policy, candidateAskedAtUtc ?? nowUtc);
            CandidateReschedules++;
        }

        var change = new InterviewChange(Id, Version + 1, InterviewChangeKind.Rescheduled, by, nowUtc, reason, StartUtc, DurationMinutes, newStartUtc, newDurationMinutes)
        {
            ByCandidate = byCandidate,
        };
        Version++;
        SetSlot(newStartUtc, newDurationMinutes);
        foreach (var p in _interviewers)
        {
            p.MoveTo(StartUtc, EndUtc);
        }

        _history.Add(change);
        return change;
    }

    public InterviewChange Cancel(string? reason, string by, DateTime nowUtc)
    {
        RequireStatus(InterviewStatus.Scheduled, "InterviewNotCancellable");
        reason = RequireReason(reason, "InterviewCancelReasonRequired");
        Version++;
        SetStatus(InterviewStatus.Cancelled);
        CancelReason = reason;
        var change = new InterviewChange(Id, Version, InterviewChangeKind.Cancelled, by, nowUtc, reason, StartUtc, DurationMinutes, null, null);
        _history.Add(change);
        return change;
    }

    /// <summary>Attendance and session outcomes (InProgress, Completed, no-shows, technical failure).</summary>
    public InterviewChange ChangeStatus(InterviewStatus to, string? reason, string by, DateTime nowUtc)
    {
        if (to == InterviewStatus.Cancelled)
        {
            return Cancel(reason, by, nowUtc);
        }

        if (!InterviewRules.CanChangeStatus(Status, to))
        {
            throw new DomainException("InterviewStatusChangeNotAllowed", Status, to);
        }

        var note = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        if (note is { Length: > ReasonMaxLength })
        {
            throw new DomainException("ReasonTooLong", ReasonMaxLength);
        }

        var change = new InterviewChange(Id, Version, InterviewChangeKind.StatusChanged, by, nowUtc, note, null, null, null, null)
        {
            FromStatus = Status,
            ToStatus = to,
        };
        SetStatus(to);
        _history.Add(change);
        return change;
    }

    /// <summary>
    /// HR corrects the outcome the session log gave (e.g. a no-show the candidate disputes with evidence): only between
    /// attendance outcomes, never back to Scheduled or to Cancelled, and always with a reason.
    /// </summary>
    public InterviewChange OverrideAttendance(InterviewStatus to, string? reason, string by, DateTime nowUtc)
    {
        if (!InterviewRules.IsAttendanceOutcome(to) || !(Status == InterviewStatus.InProgress || InterviewRules.IsAttendanceOutcome(Status)) || Status == to)
        {
            throw new DomainException("InterviewStatusChangeNotAllowed", Status, to);
        }

        reason = RequireReason(reason, "InterviewOverrideReasonRequired");
        var change = new InterviewChange(Id, Version, InterviewChangeKind.AttendanceOverridden, by, nowUtc, reason, null, null, null, null)
        {
            FromStatus = Status,
            ToStatus = to,
        };
        SetStatus(to);
        _history.Add(change);
        return change;
    }

    /// <summary>Records that HR booked an interviewer despite a conflict, and why.</summary>
    public InterviewChange RecordDoubleBookingOverride(Guid conflictingInterviewId, string? reason, string by, DateTime nowUtc)
    {
        reason = RequireReason(reason, "InterviewOverrideReasonRequired");
        var change = new InterviewChange(Id, Version, InterviewChangeKind.DoubleBookingOverridden, by, nowUtc, reason, null, null, null, null)
        {
            ConflictingInterviewId = conflictingInterviewId,
        };
        _history.Add(change);
        return change;
    }

    private void SetSlot(DateTime startUtc, int durationMinutes)
    {
        StartUtc = startUtc;
        DurationMinutes = durationMinutes;
        EndUtc = startUtc.AddMinutes(durationMinutes);
    }

    private void SetStatus(InterviewStatus status)
    {
        Status = status;
        foreach (var p in _interviewers)
        {
            p.SetStatus(status);
        }
    }

    private void RequireStatus(InterviewStatus status, string messageKey)
    {
        if (Status != status)
        {
            throw new DomainException(messageKey, Status);
        }
    }

    public const int ReasonMaxLength = 500;

    private static string RequireReason(string? reason, string messageKey)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new DomainException(messageKey);
        }

        reason = reason.Trim();
        return reason.Length <= ReasonMaxLength ? reason : throw new DomainException("ReasonTooLong", ReasonMaxLength);
    }

    private static void CheckUtc(DateTime value)
    {
        if (value.Kind == DateTimeKind.Local)
        {
            throw new ArgumentException("Interview times are UTC.", nameof(value));
        }
    }
}

/// <summary>
/// An interviewer on the panel. The slot and the columns the interviews list filters by are copied from the interview
/// (and kept in step by it), so "my interviews", an interviewer's list and the conflict checks read one person's slots
/// from one index without visiting each interview.
/// </summary>
public sealed class InterviewParticipant
{
    private InterviewParticipant()
    {
    }

    internal InterviewParticipant(Interview interview, string userId)
    {
        InterviewId = interview.Id;
        UserId = userId;
        StartUtc = interview.StartUtc;
        EndUtc = interview.EndUtc;
        CandidateId = interview.CandidateId;
        PositionId = interview.PositionId;
        AgencyId = interview.AgencyId;
        Round = interview.Round;
        Status = interview.Status;
    }

    public Guid InterviewId { get; private set; }

    public string UserId { get; private set; } = "";

    public DateTime StartUtc { get; private set; }

    public DateTime EndUtc { get; private set; }

    public Guid CandidateId { get; private set; }

    public Guid PositionId { get; private set; }

    public Guid? AgencyId { get; private set; }

    public InterviewRound Round { get; private set; }

    public InterviewStatus Status { get; private set; }

    /// <summary>When this interviewer first submitted their scorecard (version 1; amendments do not move it); null until then.</summary>
    public DateTime? FeedbackSubmittedAtUtc { get; private set; }

    /// <summary>
    /// Seconds from the interview's end to that first submission (0 when submitted before the end), kept on the seat so
    /// the timeliness report and "feedback owed" read seats alone instead of looking up every seat's scorecards.
    /// </summary>
    public int? FeedbackDelaySeconds { get; private set; }

    /// <summary>The delay the timeliness report measures: whole seconds from the end, never negative.</summary>
    public static int FeedbackDelay(DateTime endUtc, DateTime submittedAtUtc) =>
        (int)Math.Clamp(Math.Round((submittedAtUtc - endUtc).TotalSeconds), 0, int.MaxValue);

    /// <summary>This interviewer's scorecard was submitted: the first submission is kept, later ones (amendments) are not.</summary>
    public void RecordFeedbackSubmitted(DateTime submittedAtUtc)
    {
        if (FeedbackSubmittedAtUtc is not null)
        {
            return;
        }

        FeedbackSubmittedAtUtc = submittedAtUtc;
        FeedbackDelaySeconds = FeedbackDelay(EndUtc, submittedAtUtc);
    }

    internal void MoveTo(DateTime startUtc, DateTime endUtc)
    {
        StartUtc = startUtc;
        EndUtc = endUtc;
        if (FeedbackSubmittedAtUtc is { } at)
        {
            FeedbackDelaySeconds = FeedbackDelay(endUtc, at);
        }
    }

    internal void SetStatus(InterviewStatus status) => Status = status;
}

/// <summary>One entry of an interview's history.</summary>
public sealed record InterviewChange(
    Guid InterviewId, int Version, InterviewChangeKind Kind, string By, DateTime AtUtc, string? Reason,
    DateTime? OldStartUtc, int? OldDurationMinutes, DateTime? NewStartUtc, int? NewDurationMinutes)
{
    public long Id { get; init; }

    public bool ByCandidate { get; init; }

    public InterviewStatus? FromStatus { get; init; }

    public InterviewStatus? ToStatus { get; init; }

    public Guid? ConflictingInterviewId { get; init; }
}
