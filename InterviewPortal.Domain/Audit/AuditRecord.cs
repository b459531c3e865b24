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

    public static AuditRecord Append(AuditRecord? previous, AuditEvent e, DateTime atUtc) =>
        AppendAfter(previous is null ? null : new AuditChainHead(previous.Id, previous.Hash), e, atUtc);

    /// <summary>The entry that follows <paramref name="previous"/> (null: the trail is empty, so this one is the first).</summary>
    public static AuditRecord AppendAfter(AuditChainHead? previous, AuditEvent e, DateTime atUtc)
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

    /// <summary>
    /// An entry exactly as stored, read back without the ORM (verification reads the whole trail, and materializing a
    /// million rows through EF Core costs more than hashing them). Nothing is checked here: that is the verifier's job.
    /// </summary>
    public static AuditRecord FromStorage(
        long id, DateTime atUtc, string? actorId, string? actorRole, string? ipAddress, string? userAgent, string action,
        string? targetType, string? targetId, string? summary, string? correlationId, string previousHash, string hash) => new()
        {
            Id = id,
            AtUtc = DateTime.SpecifyKind(atUtc, DateTimeKind.Utc),
            ActorId = actorId,
            ActorRole = actorRole,
            IpAddress = ipAddress,
            UserAgent = userAgent,
            Action = action,
            TargetType = targetType,
            TargetId = targetId,
            Summary = summary,
            CorrelationId = correlationId,
            PreviousHash = previousHash,
            Hash = hash,
        };

    /// <summary>Recomputes the hash from the stored fields; differs from <see cref="Hash"/> when a field was changed.</summary>
    public string ComputeHash()
    {
        // Verification hashes every entry of the trail: the canonical content is written straight into a pooled UTF-8
        // buffer (the same bytes as Encoding.UTF8.GetBytes(CanonicalContent()), without building the string first).
        var size = 160 + Utf8Max(ActorId) + Utf8Max(ActorRole) + Utf8Max(IpAddress) + Utf8Max(UserAgent) + Utf8Max(Action)
            + Utf8Max(TargetType) + Utf8Max(TargetId) + Utf8Max(Summary) + Utf8Max(CorrelationId) + Utf8Max(PreviousHash);
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(size);
        try
        {
            var w = new Utf8Writer(buffer);
            w.Number("v="u8, 1);
            w.Number("id="u8, Id);
            w.Number("at="u8, AtUtc.Ticks);
            w.Text("actor="u8, ActorId);
            w.Text("role="u8, ActorRole);
            w.Text("ip="u8, IpAddress);
            w.Text("ua="u8, UserAgent);
            w.Text("action="u8, Action);
            w.Text("ttype="u8, TargetType);
            w.Text("tid="u8, TargetId);
            w.Text("summary="u8, Summary);
            w.Text("corr="u8, CorrelationId);
            w.Text("prev="u8, PreviousHash);
            Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(buffer.AsSpan(0, w.Length), hash);
            return Convert.ToHexStringLower(hash);
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    // Per field: the name, the length digits (at most 20), ':', the value and '\n'.
    private static int Utf8Max(string? value) => 24 + (value is null ? 0 : Encoding.UTF8.GetMaxByteCount(value.Length));

    /// <summary>Writes <see cref="CanonicalContent"/>'s fields as UTF-8, in its exact format.</summary>
    private ref struct Utf8Writer(byte[] buffer)
    {
        private readonly Span<byte> _buffer = buffer;

        public int Length { get; private set; }

        public void Number(ReadOnlySpan<byte> nameEquals, long value)
        {
            Span<byte> digits = stackalloc byte[20];
            value.TryFormat(digits, out var n, default, CultureInfo.InvariantCulture);
            Put(nameEquals);
            PutLength(n);
            Put(digits[..n]);
            Put("\n"u8);
        }

        public void Text(ReadOnlySpan<byte> nameEquals, string? value)
        {
            Put(nameEquals);
            if (value is null)
            {
                Put("-\n"u8);
                return;
            }

            // The length counts UTF-16 code units, as string.Length does in CanonicalContent.
            PutLength(value.Length);
            Length += Encoding.UTF8.GetBytes(value, _buffer[Length..]);
            Put("\n"u8);
        }

        private void PutLength(long units)
        {
            units.TryFormat(_buffer[Length..], out var n, default, CultureInfo.InvariantCulture);
            Length += n;
            Put(":"u8);
        }

        private void Put(scoped ReadOnlySpan<byte> bytes)
        {
            bytes.CopyTo(_buffer[Length..]);
            Length += bytes.Length;
        }
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

/// <summary>The last entry of the trail as far as the next one needs it: its sequence number and its hash.</summary>
public readonly record struct AuditChainHead(long Id, string Hash);
