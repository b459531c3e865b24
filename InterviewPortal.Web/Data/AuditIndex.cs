namespace InterviewPortal.Web.Data;

/// <summary>What an <see cref="AuditIndexEntry"/> finds an audit entry by.</summary>
public enum AuditIndexKind
{
    /// <summary>The entry's <c>ActorId</c>.</summary>
    Actor = 1,

    /// <summary>The entry's <c>TargetId</c> (its <c>TargetType</c> is read from the entry).</summary>
    Target = 2,
}

/// <summary>
/// The audit trail's search index by actor and by target, kept beside the trail (decision 0015): one row per entry and
/// key, written by <see cref="Features.Audit.AuditIndexer"/> in sorted batches after the entries are committed, never by
/// the append itself. Derived data: it can be emptied and rebuilt from the trail at any time.
/// </summary>
public sealed class AuditIndexEntry
{
    public AuditIndexKind Kind { get; set; }

    public string Key { get; set; } = "";

    public long EntryId { get; set; }
}

/// <summary>The one row saying how far the trail is indexed: every entry up to <see cref="ThroughEntryId"/> has its <see cref="AuditIndexEntry"/> rows.</summary>
public sealed class AuditIndexProgress
{
    public const int SingletonId = 1;

    public int Id { get; set; } = SingletonId;

    public long ThroughEntryId { get; set; }
}
