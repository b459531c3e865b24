namespace InterviewPortal.Web.Data;

/// <summary>An audit log filter a reader saved under a name of their own, to apply again later.</summary>
public sealed class SavedAuditFilter
{
    public Guid Id { get; set; }

    public string UserId { get; set; } = "";

    public string Name { get; set; } = "";

    public DateTime? FromUtc { get; set; }

    public DateTime? ToUtc { get; set; }

    public string? Actor { get; set; }

    public string? Action { get; set; }

    public string? Target { get; set; }

    public DateTime CreatedAtUtc { get; set; }
}
