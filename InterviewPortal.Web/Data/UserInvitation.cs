namespace InterviewPortal.Web.Data;

/// <summary>
/// A one-time link for an invited user to set their password. Only the SHA-256 of the link's token is stored, so the
/// table alone does not let anyone in; the link works once, until it expires.
/// </summary>
public sealed class UserInvitation
{
    public Guid Id { get; set; }

    public string UserId { get; set; } = "";

    /// <summary>Lower-case hex SHA-256 of the token in the link.</summary>
    public string TokenHash { get; set; } = "";

    public string CreatedBy { get; set; } = "";

    public DateTime CreatedAtUtc { get; set; }

    public DateTime ExpiresAtUtc { get; set; }

    public DateTime? UsedAtUtc { get; set; }

    /// <summary>Set when a newer invitation for the same user replaces this one.</summary>
    public DateTime? RevokedAtUtc { get; set; }
}
