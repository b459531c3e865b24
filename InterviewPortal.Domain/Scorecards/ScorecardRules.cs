using InterviewPortal.Domain.Interviews;

namespace InterviewPortal.Domain.Scorecards;

public static class ScorecardRules
{
    /// <summary>
    /// Who reads which scorecards: HR/Admin all; a panel member their own, and the others once they have submitted
    /// their own (blind until then); agencies and everyone else (auditors) none.
    /// </summary>
    public static ScorecardAccess AccessFor(bool isRecruiter, bool isAgencyOnly, bool onPanel, bool submittedOwn) =>
        isRecruiter ? ScorecardAccess.All
        : isAgencyOnly || !onPanel ? ScorecardAccess.None
        : submittedOwn ? ScorecardAccess.All
        : ScorecardAccess.OwnOnly;

    /// <summary>
    /// Whether the interview has taken place as far as feedback is concerned: it is under way or done, or its start has
    /// passed while nobody has marked it otherwise. Cancelled and no-show interviews expect no feedback.
    /// </summary>
    public static bool FeedbackExpected(InterviewStatus status, DateTime startUtc, DateTime nowUtc) =>
        status is InterviewStatus.InProgress or InterviewStatus.Completed || (status == InterviewStatus.Scheduled && startUtc <= nowUtc);

    public static void RequireSubmittable(InterviewStatus status, DateTime startUtc, DateTime nowUtc)
    {
        if (!FeedbackExpected(status, startUtc, nowUtc))
        {
            throw new DomainException("ScorecardInterviewNotHeld");
        }
    }

    /// <summary>The panel members who have not submitted a scorecard (any version) yet.</summary>
    public static IReadOnlyList<string> Pending(IEnumerable<string> panel, IEnumerable<Scorecard> cards) =>
        panel.Where(p => !cards.Any(c => c.InterviewerId == p && c.IsSubmitted)).ToList();

    /// <summary>Each interviewer's latest submitted version: what HR's summary and the other panel members read.</summary>
    public static IReadOnlyList<Scorecard> LatestSubmitted(IEnumerable<Scorecard> cards) =>
        cards.Where(c => c.IsSubmitted).GroupBy(c => c.InterviewerId).Select(g => g.MaxBy(c => c.Version)!).ToList();
}

/// <summary>A competency's average over the interviewers who rated it (null when nobody did).</summary>
public sealed record CompetencyAverage(Guid CompetencyId, string Name, double? Average, int RatedBy);

public static class ScorecardSummary
{
    /// <summary>Averages per competency over the given (submitted) scorecards; "not assessed" does not count.</summary>
    public static IReadOnlyList<CompetencyAverage> Averages(IEnumerable<Scorecard> submitted) =>
        submitted.SelectMany(c => c.Ratings)
            .GroupBy(r => r.CompetencyId)
            .Select(g =>
            {
                var scores = g.Where(r => r.Score is not null).Select(r => r.Score!.Value).ToList();
                var first = g.OrderBy(r => r.Order).First();
                return (first.Order, Average: new CompetencyAverage(g.Key, first.CompetencyName, scores.Count == 0 ? null : Math.Round(scores.Average(), 2), scores.Count));
            })
            .OrderBy(x => x.Order).ThenBy(x => x.Average.Name, StringComparer.Ordinal)
            .Select(x => x.Average)
            .ToList();
}
