using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace InterviewPortal.Domain.Audit;

/// <summary>
/// One entry of the append-only audit trail. Each entry's <see cref="Hash"/> covers its own canonical content and
/// the previous entry's hash, so editing, deleting or reordering any entry breaks the chain from that entry on.
/// </summary>
public sealed class AuditRecord
{
    public const string GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000";

    private AuditRecord()
    {
    }

    /// <summary>Sequence number: 1, 2, 3… without gaps, assigned when the entry is appended.</summary>
    public long Id { get; private set; }

    public DateTime AtUtc { get; private set; }

    public string? ActorId { get; private set; }

    public string? ActorRole { get; private set; }

    public string? IpAddress { get; private set; }

    public string? UserAgent { get; private set; }

    public string Action { get; private set; } = "";

    public string? TargetType { get; private set; }

    public string? TargetId { get; private set; }

    public string? Summary { get; private set; }

    public string? CorrelationId { get; private set; }

    public string PreviousHash { get; private set; } = GenesisHash;

    public string Hash { get; private set; } = "";

    public static AuditRecord Append(AuditRecord? previous, AuditEvent e, DateTime atUtc)
    {
        if (atUtc.Kind != DateTimeKind.Utc)
        {
            throw new ArgumentException("Audit time must be UTC.", nameof(atUtc));
        }

        var record = new AuditRecord
        {
            Id = (previous?.Id ?? 0) + 1,
            AtUtc = atUtc,
            ActorId = Clip(e.ActorId, 64),
            ActorRole = Clip(e.ActorRole, 128),
            IpAddress = Clip(e.IpAddress, 64),
            UserAgent = Clip(e.UserAgent, 512),
            Action = Clip(e.Action, 64) ?? throw new ArgumentException("An audit entry needs an action.", nameof(e)),
            TargetType = Clip(e.TargetType, 64),
            TargetId = Clip(e.TargetId, 128),
            Summary = Clip(e.Summary, 2000),
            CorrelationId = Clip(e.CorrelationId, 64),
            PreviousHash = previous?.Hash ?? GenesisHash,
        };
        record.Hash = record.ComputeHash();
        return record;
    }

    /// <summary>Recomputes the hash from the stored fields; differs from <see cref="Hash"/> when a field was changed.</summary>
    public string ComputeHash()
    {
        var bytes = Encoding.UTF8.GetBytes(CanonicalContent());
        return Convert.ToHexStringLower(SHA256.HashData(bytes));
    }

    /// <summary>
    /// One field per line, each as name=length:value so that no choice of values can make two different entries
    /// serialise alike. Time is written as ticks, which both stores keep exactly (SQL Server datetime2(7), SQLite text).
    /// </summary>
    public string CanonicalContent()
    {
        var sb = new StringBuilder(512);
        Field(sb, "v", "1");
        Field(sb, "id", Id.ToString(CultureInfo.InvariantCulture));
        Field(sb, "at", AtUtc.Ticks.ToString(CultureInfo.InvariantCulture));
        Field(sb, "actor", ActorId);
        Field(sb, "role", ActorRole);
        Field(sb, "ip", IpAddress);
        Field(sb, "ua", UserAgent);
        Field(sb, "action", Action);
        Field(sb, "ttype", TargetType);
        Field(sb, "tid", TargetId);
        Field(sb, "summary", Summary);
        Field(sb, "corr", CorrelationId);
        Field(sb, "prev", PreviousHash);
        return sb.ToString();
    }

    private static void Field(StringBuilder sb, string name, string? value)
    {
        sb.Append(name).Append('=');
        if (value is null)
        {
            sb.Append("-\n");
            return;
        }

        sb.Append(value.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(value).Append('\n');
    }

    private static string? Clip(string? value, int max) =>
        value is null ? null : value.Length <= max ? value : value[..max];
}
