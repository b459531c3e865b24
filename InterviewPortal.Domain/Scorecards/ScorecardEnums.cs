namespace InterviewPortal.Domain.Scorecards;

public enum Recommendation
{
    StrongNo = 0,
    No = 1,
    Yes = 2,
    StrongYes = 3,
}

public enum ScorecardStatus
{
    Draft = 0,
    Submitted = 1,
}

/// <summary>Whose scorecards on an interview a person may read.</summary>
public enum ScorecardAccess
{
    None = 0,

    /// <summary>A panel member who has not submitted yet: their own only (the others stay blind).</summary>
    OwnOnly = 1,

    /// <summary>HR/Admin, or a panel member who has submitted: every submitted scorecard.</summary>
    All = 2,
}
