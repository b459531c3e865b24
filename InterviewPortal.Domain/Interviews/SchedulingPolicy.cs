namespace InterviewPortal.Domain.Interviews;

/// <summary>The scheduling numbers an admin can change (domain rules: interviews, candidate reschedules).</summary>
public sealed record SchedulingPolicy
{
    public static SchedulingPolicy Default { get; } = new();

    /// <summary>Minimum gap between two interviews of the same interviewer.</summary>
    public int BufferMinutes { get; init; } = 10;

    public int ScreeningDurationMinutes { get; init; } = 30;

    public int OtherRoundDurationMinutes { get; init; } = 60;

    public int CandidateMaxReschedules { get; init; } = 2;

    public int CandidateRescheduleMinHoursBefore { get; init; } = 24;

    public int CandidateRescheduleWindowDays { get; init; } = 30;

    public int DefaultDuration(InterviewRound round) =>
        round == InterviewRound.Screening ? ScreeningDurationMinutes : OtherRoundDurationMinutes;
}
