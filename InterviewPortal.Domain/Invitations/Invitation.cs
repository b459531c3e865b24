namespace InterviewPortal.Domain.Invitations;

/// <summary>How an invitation's code was made: a WeChat mini-program code, or a standard QR code of the link.</summary>
public enum InvitationCodeKind
{
    MiniProgramCode,
    LinkQrCode,
}

public enum InvitationStatus
{
    Active,
    Expired,
    Revoked,
}

public enum InvitationRevokeReason
{
    Rescheduled,
    Cancelled,
}

/// <summary>
/// An invitation to one interview version for its candidate (domain rules: invitations). It is issued when the
/// interview is scheduled, revoked and re-issued when it is rescheduled, revoked when it is cancelled, and expires when
/// the join window closes. It records how it was delivered and used: code ready, downloaded, printed, opened, accepted.
/// Joins are recorded in the audit trail only, where the portal counts them for the invitation's tracking.
/// </summary>
public sealed class Invitation
{
    private Invitation()
    {
    }

    public Guid Id { get; private set; }

    public Guid InterviewId { get; private set; }

    public Guid CandidateId { get; private set; }

    /// <summary>The interview version this invitation was issued for.</summary>
    public int InterviewVersion { get; private set; }

    /// <summary>SHA-256 of the token (<see cref="InvitationToken.Hash"/>): how a presented token is found.</summary>
    public string TokenHash { get; private set; } = "";

    /// <summary>The token encrypted with a key kept outside the database, so HR can see the link again.</summary>
    public string ProtectedToken { get; private set; } = "";

    public DateTime CreatedAtUtc { get; private set; }

    public string CreatedBy { get; private set; } = "";

    /// <summary>When the join window closes; the token is refused after it.</summary>
    public DateTime ExpiresAtUtc { get; private set; }

    public DateTime? RevokedAtUtc { get; private set; }

    public InvitationRevokeReason? RevokeReason { get; private set; }

    public InvitationCodeKind? CodeKind { get; private set; }

    public DateTime? CodeReadyAtUtc { get; private set; }

    /// <summary>Why the last attempt to make the code failed (kept until one succeeds).</summary>
    public string? CodeError { get; private set; }

    public int DownloadCount { get; private set; }

    public DateTime? FirstDownloadedAtUtc { get; private set; }

    public int PrintCount { get; private set; }

    public int OpenCount { get; private set; }

    public DateTime? FirstOpenedAtUtc { get; private set; }

    public DateTime? OpenedInMiniProgramAtUtc { get; private set; }

    public DateTime? AcceptedAtUtc { get; private set; }

    public static Invitation Issue(
        Guid id, Guid interviewId, Guid candidateId, int interviewVersion, string tokenHash, string protectedToken, DateTime expiresAtUtc, string by, DateTime nowUtc)
    {
        if (tokenHash.Length != 64 || string.IsNullOrEmpty(protectedToken))
        {
            throw new ArgumentException("An invitation needs the token's hash and its protected form.");
        }

        return new Invitation
        {
            Id = id,
            InterviewId = interviewId,
            CandidateId = candidateId,
            InterviewVersion = interviewVersion,
            TokenHash = tokenHash,
            ProtectedToken = protectedToken,
            ExpiresAtUtc = expiresAtUtc,
            CreatedAtUtc = nowUtc,
            CreatedBy = by,
        };
    }

    public InvitationStatus StatusAt(DateTime nowUtc) =>
        RevokedAtUtc is not null ? InvitationStatus.Revoked : nowUtc >= ExpiresAtUtc ? InvitationStatus.Expired : InvitationStatus.Active;

    public bool IsUsableAt(DateTime nowUtc) => StatusAt(nowUtc) == InvitationStatus.Active;

    public void Revoke(InvitationRevokeReason reason, DateTime nowUtc)
    {
        if (RevokedAtUtc is null)
        {
            RevokedAtUtc = nowUtc;
            RevokeReason = reason;
        }
    }

    public void RecordCodeReady(InvitationCodeKind kind, DateTime nowUtc)
    {
        CodeKind = kind;
        CodeReadyAtUtc = nowUtc;
        CodeError = null;
    }

    public void RecordCodeFailure(string error) => CodeError = error.Length <= 500 ? error : error[..500];

    public void RecordDownload(DateTime nowUtc)
    {
        DownloadCount++;
        FirstDownloadedAtUtc ??= nowUtc;
    }

    public void RecordPrint() => PrintCount++;

    public void RecordOpened(bool inMiniProgram, DateTime nowUtc)
    {
        OpenCount++;
        FirstOpenedAtUtc ??= nowUtc;
        if (inMiniProgram)
        {
            OpenedInMiniProgramAtUtc ??= nowUtc;
        }
    }

    /// <summary>The candidate accepted it in the mini-program (their WeChat account is now bound to them).</summary>
    public void RecordAccepted(DateTime nowUtc)
    {
        RequireUsable(nowUtc);
        AcceptedAtUtc ??= nowUtc;
        OpenedInMiniProgramAtUtc ??= nowUtc;
        FirstOpenedAtUtc ??= nowUtc;
    }

    public void RequireUsable(DateTime nowUtc)
    {
        switch (StatusAt(nowUtc))
        {
            case InvitationStatus.Revoked:
                throw new DomainException("InvitationRevoked");
            case InvitationStatus.Expired:
                throw new DomainException("InvitationExpired");
        }
    }
}
