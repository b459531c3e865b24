namespace InterviewPortal.Domain.Recruiting;

/// <summary>
/// When a candidate's personal data is due for anonymisation (domain rules, Privacy): a rejected or withdrawn
/// candidate, a set number of days (180 by default, an admin setting) after entering that exit stage. Moving the
/// candidate back into the pipeline stops the clock; a candidate anonymised once is never due again.
/// </summary>
public static class CandidateRetention
{
    public const int DefaultDays = 180;
    public const int MinDays = 30;
    public const int MaxDays = 3650;

    public static IReadOnlyList<PipelineStage> Stages { get; } = [PipelineStage.Rejected, PipelineStage.Withdrawn];

    public static void CheckDays(int days)
    {
        if (days is < MinDays or > MaxDays)
        {
            throw new DomainException("RetentionDaysOutOfRange", MinDays, MaxDays);
        }
    }

    /// <summary>The day the candidate falls due, or null when the rule does not apply to them (now).</summary>
    public static DateTime? DueAtUtc(PipelineStage stage, DateTime stageEnteredAtUtc, DateTime? anonymisedAtUtc, int days) =>
        anonymisedAtUtc is null && Stages.Contains(stage) ? stageEnteredAtUtc.AddDays(days) : null;

    public static bool IsDue(Candidate c, int days, DateTime nowUtc) =>
        DueAtUtc(c.Stage, c.StageEnteredAtUtc, c.AnonymisedAtUtc, days) is { } due && due <= nowUtc;

    /// <summary>
    /// For queries: a candidate in a retention stage and not yet anonymised is due at <paramref name="asOfUtc"/> when
    /// they entered the stage at or before this moment.
    /// </summary>
    public static DateTime EnteredAtOrBefore(DateTime asOfUtc, int days) => asOfUtc.AddDays(-days);
}
