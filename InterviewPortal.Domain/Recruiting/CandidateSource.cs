namespace InterviewPortal.Domain.Recruiting;

public enum CandidateSource
{
    Direct = 0,
    Referral = 1,
    Agency = 2,
}
