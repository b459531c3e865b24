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

    /// <summary>The join window opens this many minutes before the start (domain rules: 10).</summary>
    public int JoinOpensMinutesBefore { get; init; } = 10;

    /// <summary>The join window closes this many minutes after the end (domain rules: 30).</summary>
    public int JoinClosesMinutesAfterEnd { get; init; } = 30;

    /// <summary>When participants may join an interview that runs from <paramref name="startUtc"/> to <paramref name="endUtc"/>.</summary>
    public (DateTime OpensUtc, DateTime ClosesUtc) JoinWindow(DateTime startUtc, DateTime endUtc) =>
        (startUtc.AddMinutes(-JoinOpensMinutesBefore), endUtc.AddMinutes(JoinClosesMinutesAfterEnd));

    public int DefaultDuration(InterviewRound round) =>
        round == InterviewRound.Screening ? ScreeningDurationMinutes : OtherRoundDurationMinutes;
}
