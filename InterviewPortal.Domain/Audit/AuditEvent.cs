namespace InterviewPortal.Domain.Audit;

/// <summary>What happened, by whom, from where: the input for one audit entry. Never put secrets in <see cref="Summary"/>.</summary>
public sealed record AuditEvent(
    string Action,
    string? TargetType = null,
    string? TargetId = null,
    string? Summary = null)
{
    public string? ActorId { get; init; }

    public string? ActorRole { get; init; }

    public string? IpAddress { get; init; }

    public string? UserAgent { get; init; }

    public string? CorrelationId { get; init; }
}
