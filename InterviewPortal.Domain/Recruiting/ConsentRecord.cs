namespace InterviewPortal.Domain.Recruiting;

public enum ConsentKind
{
    PersonalData,
    Recording,
}

public enum ConsentChannel
{
    MiniProgram,
    Portal,
}

/// <summary>
/// A candidate's answer to one privacy notice (PIPL: consent to processing and, separately, to recording), with the
/// notice version, time and channel. Records are only added; the latest per kind is in force.
/// </summary>
public sealed record ConsentRecord(Guid CandidateId, ConsentKind Kind, bool Granted, string NoticeVersion, ConsentChannel Channel, Guid? InterviewId, DateTime AtUtc)
{
    public const int NoticeVersionMaxLength = 32;

    public long Id { get; init; }

    public static ConsentRecord Record(Guid candidateId, ConsentKind kind, bool granted, string? noticeVersion, ConsentChannel channel, Guid? interviewId, DateTime nowUtc)
    {
        noticeVersion = noticeVersion?.Trim();
        if (string.IsNullOrEmpty(noticeVersion) || noticeVersion.Length > NoticeVersionMaxLength || !noticeVersion.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_'))
        {
            throw new DomainException("ConsentNoticeVersionInvalid", NoticeVersionMaxLength);
        }

        return new ConsentRecord(candidateId, kind, granted, noticeVersion, channel, interviewId, nowUtc);
    }
}
