namespace InterviewPortal.Domain.Invitations;

/// <summary>
/// A mini-program login: an opaque bearer token (stored as its SHA-256 only) bound to the WeChat openid that
/// code2Session returned. Short-lived; WeChat's session_key is never kept.
/// </summary>
public sealed class MiniProgramSession
{
    private MiniProgramSession()
    {
    }

    public Guid Id { get; private set; }

    public string TokenHash { get; private set; } = "";

    public string OpenId { get; private set; } = "";

    public DateTime CreatedAtUtc { get; private set; }

    public DateTime ExpiresAtUtc { get; private set; }

    public static MiniProgramSession Start(string tokenHash, string openId, DateTime nowUtc, TimeSpan lifetime) => new()
    {
        Id = Guid.NewGuid(),
        TokenHash = tokenHash,
        OpenId = openId,
        CreatedAtUtc = nowUtc,
        ExpiresAtUtc = nowUtc + lifetime,
    };

    public bool IsValidAt(DateTime nowUtc) => IsValidAt(ExpiresAtUtc, nowUtc);

    /// <summary>Whether a session that expires at <paramref name="expiresAtUtc"/> is valid at <paramref name="nowUtc"/>.</summary>
    public static bool IsValidAt(DateTime expiresAtUtc, DateTime nowUtc) => nowUtc < expiresAtUtc;
}
