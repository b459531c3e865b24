namespace InterviewPortal.Domain.Interviews;

public enum InterviewRound
{
    Screening = 0,
    Technical = 1,
    Manager = 2,
    HR = 3,
    Final = 4,
}

public enum InterviewStatus
{
    Scheduled = 0,
    InProgress = 1,
    Completed = 2,
    Cancelled = 10,
    NoShowCandidate = 11,
    NoShowInterviewer = 12,
    TechnicalFailure = 13,
}

public enum InterviewChangeKind
{
    Scheduled = 0,
    Rescheduled = 1,
    Cancelled = 2,
    StatusChanged = 3,
    DoubleBookingOverridden = 4,
    AttendanceOverridden = 5,
}
