namespace InterviewPortal.Domain.Scorecards;

/// <summary>
/// One interviewer's feedback on one interview, one version. A draft may be edited by its author; a submitted version
/// never changes. An amendment is the next version, started as a copy of the submitted one, which it points back to.
/// </summary>
public sealed class Scorecard
{
    public const int EvidenceMaxLength = 1000;
    public const int TextMaxLength = 2000;
    public const int MinScore = 1;
    public const int MaxScore = 5;

    private readonly List<ScorecardRating> _ratings = [];

    private Scorecard()
    {
    }

    public Guid Id { get; private set; }

    public Guid InterviewId { get; private set; }

    public string InterviewerId { get; private set; } = "";

    public int Version { get; private set; }

    /// <summary>The submitted version this one amends (null for the first).</summary>
    public Guid? PreviousVersionId { get; private set; }

    public ScorecardStatus Status { get; private set; }

    public Recommendation? Recommendation { get; private set; }

    public string? Strengths { get; private set; }

    public string? Concerns { get; private set; }

    public DateTime CreatedAtUtc { get; private set; }

    public DateTime UpdatedAtUtc { get; private set; }

    public DateTime? SubmittedAtUtc { get; private set; }

    public IReadOnlyList<ScorecardRating> Ratings => _ratings;

    public bool IsSubmitted => Status == ScorecardStatus.Submitted;

    /// <summary>A first, empty draft with one unrated line per competency of the round.</summary>
    public static Scorecard Start(Guid id, Guid interviewId, string interviewerId, IEnumerable<Competency> competencies, DateTime nowUtc)
    {
        var card = new Scorecard
        {
            Id = id,
            InterviewId = interviewId,
            InterviewerId = interviewerId,
            Version = 1,
            Status = ScorecardStatus.Draft,
            CreatedAtUtc = nowUtc,
            UpdatedAtUtc = nowUtc,
        };
        foreach (var c in competencies.OrderBy(c => c.Order))
        {
            card._ratings.Add(new ScorecardRating(id, c.Id, c.Name, c.Order, null, null));
        }

        if (card._ratings.Count == 0)
        {
            throw new DomainException("CompetencyCount", Competency.MinPerRound, Competency.MaxPerRound);
        }

        return card;
    }

    /// <summary>Replaces the draft's content. Scores are 1–5 or null (not assessed); evidence is checked on submit.</summary>
    public void Edit(IReadOnlyList<RatingInput> ratings, Recommendation? recommendation, string? strengths, string? concerns, DateTime nowUtc)
    {
        RequireDraft();
        foreach (var input in ratings)
        {
            if (_ratings.All(r => r.CompetencyId != input.CompetencyId))
            {
                throw new DomainException("NotFound");
            }

            if (input.Score is { } s && s is < MinScore or > MaxScore)
            {
                throw new DomainException("ScorecardScoreOutOfRange", MinScore, MaxScore);
            }

            if (input.Evidence is { } e && e.Trim().Length > EvidenceMaxLength)
            {
                throw new DomainException("ScorecardEvidenceTooLong", EvidenceMaxLength);
            }
        }

        Strengths = Text(strengths);
        Concerns = Text(concerns);
        Recommendation = recommendation;
        foreach (var input in ratings)
        {
            _ratings.First(r => r.CompetencyId == input.CompetencyId).Set(input.Score, Text(input.Evidence));
        }

        UpdatedAtUtc = nowUtc;
    }

    /// <summary>Submits the draft: a recommendation and, for every rated competency, its evidence are required.</summary>
    public void Submit(DateTime nowUtc)
    {
        RequireDraft();
        if (Recommendation is null)
        {
            throw new DomainException("ScorecardRecommendationRequired");
        }

        if (_ratings.FirstOrDefault(r => r.Score is not null && r.Evidence is null) is { } missing)
        {
            throw new DomainException("ScorecardEvidenceRequired", missing.CompetencyName);
        }

        Status = ScorecardStatus.Submitted;
        SubmittedAtUtc = nowUtc;
        UpdatedAtUtc = nowUtc;
    }

    /// <summary>Starts an amendment: the next version, a draft copy of this submitted one.</summary>
    public Scorecard Amend(Guid newId, DateTime nowUtc)
    {
        if (!IsSubmitted)
        {
            throw new DomainException("ScorecardNotSubmitted");
        }

        var next = new Scorecard
        {
            Id = newId,
            InterviewId = InterviewId,
            InterviewerId = InterviewerId,
            Version = Version + 1,
            PreviousVersionId = Id,
            Status = ScorecardStatus.Draft,
            Recommendation = Recommendation,
            Strengths = Strengths,
            Concerns = Concerns,
            CreatedAtUtc = nowUtc,
            UpdatedAtUtc = nowUtc,
        };
        foreach (var r in _ratings)
        {
            next._ratings.Add(new ScorecardRating(newId, r.CompetencyId, r.CompetencyName, r.Order, r.Score, r.Evidence));
        }

        return next;
    }

    private void RequireDraft()
    {
        if (IsSubmitted)
        {
            throw new DomainException("ScorecardSubmittedImmutable");
        }
    }

    private string? Text(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        value = value.Trim();
        return value.Length <= TextMaxLength ? value : throw new DomainException("ScorecardTextTooLong", TextMaxLength);
    }
}

/// <summary>One competency's line on a scorecard; the name is copied from the round's configuration when started.</summary>
public sealed class ScorecardRating
{
    private ScorecardRating()
    {
    }

    internal ScorecardRating(Guid scorecardId, Guid competencyId, string competencyName, int order, int? score, string? evidence)
    {
        ScorecardId = scorecardId;
        CompetencyId = competencyId;
        CompetencyName = competencyName;
        Order = order;
        Score = score;
        Evidence = evidence;
    }

    public long Id { get; private set; }

    public Guid ScorecardId { get; private set; }

    public Guid CompetencyId { get; private set; }

    public string CompetencyName { get; private set; } = "";

    public int Order { get; private set; }

    /// <summary>1–5, or null for "not assessed".</summary>
    public int? Score { get; private set; }

    public string? Evidence { get; private set; }

    internal void Set(int? score, string? evidence)
    {
        Score = score;
        Evidence = evidence;
    }
}

public sealed record RatingInput(Guid CompetencyId, int? Score, string? Evidence);
