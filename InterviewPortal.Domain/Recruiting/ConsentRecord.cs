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
    Paper,
    Email,
    Phone,
}

/// <summary>
/// A candidate's answer to one privacy notice (PIPL: consent to processing and, separately, to recording), with the
/// notice version, time and channel. Records are only added; the latest per kind is in force.
/// </summary>
public sealed record ConsentRecord(Guid CandidateId, ConsentKind Kind, bool Granted, string NoticeVersion, ConsentChannel Channel, Guid? InterviewId, DateTime AtUtc)
{
    public const int NoticeVersionMaxLength = 32;

    public long Id { get; init; }

    /// <summary>The staff member who recorded an answer given outside the mini-program (null for the candidate's own).</summary>
    public string? RecordedBy { get; init; }

    /// <summary>
    /// An answer HR records for the candidate: given on paper, by e-mail, by phone or in person (Portal); withdrawal is
    /// a new record with <paramref name="granted"/> false. The mini-program channel is the candidate's own.
    /// </summary>
    public static ConsentRecord RecordByStaff(Guid candidateId, ConsentKind kind, bool granted, string? noticeVersion, ConsentChannel channel, string by, DateTime nowUtc)
    {
        if (channel == ConsentChannel.MiniProgram || !Enum.IsDefined(channel) || !Enum.IsDefined(kind))
        {
            throw new DomainException("ConsentChannelInvalid");
        }

        return Record(candidateId, kind, granted, noticeVersion, channel, null, nowUtc) with { RecordedBy = by };
    }

    /// <summary>The answer in force per kind: the latest record (by time, then id).</summary>
    public static IReadOnlyDictionary<ConsentKind, ConsentRecord> Latest(IEnumerable<ConsentRecord> records) =>
        records.GroupBy(r => r.Kind).ToDictionary(g => g.Key, g => g.OrderByDescending(r => r.AtUtc).ThenByDescending(r => r.Id).First());

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
