namespace InterviewPortal.Domain.Audit;

/// <summary>Outcome of checking the audit chain: intact, or the first entry whose content or link is wrong.</summary>
public sealed record AuditChainReport(bool IsIntact, long EntriesChecked, long? FirstBrokenId, string? Problem)
{
    public static AuditChainReport Intact(long count) => new(true, count, null, null);
}

/// <summary>Walks entries in id order and finds the first one that does not hash to what it says.</summary>
public sealed class AuditChainVerifier
{
    private AuditRecord? _previous;
    private long _count;

    public AuditChainReport? Broken { get; private set; }

    /// <summary>Feeds the next entry (in ascending id order); returns false once a break has been found.</summary>
    public bool Check(AuditRecord record) => Check(record, null);

    /// <summary>
    /// Feeds the next entries (in ascending id order), hashing them on every core first (an entry's own hash does not
    /// depend on the others; only the links are checked in order); returns false once a break has been found.
    /// </summary>
    public bool CheckAll(IReadOnlyList<AuditRecord> records)
    {
        var hashes = new string[records.Count];
        Parallel.For(0, records.Count, i => hashes[i] = records[i].ComputeHash());
        for (var i = 0; i < records.Count; i++)
        {
            if (!Check(records[i], hashes[i]))
            {
                return false;
            }
        }

        return true;
    }

    private bool Check(AuditRecord record, string? computedHash)
    {
        if (Broken is not null)
        {
            return false;
        }

        _count++;
        var expectedId = (_previous?.Id ?? 0) + 1;
        var expectedPrevious = _previous?.Hash ?? AuditRecord.GenesisHash;
        string? problem = null;
        if (record.Id != expectedId)
        {
            problem = record.Id > expectedId ? "AuditProblemMissingEntry" : "AuditProblemOutOfOrder";
        }
        else if (!string.Equals(record.PreviousHash, expectedPrevious, StringComparison.Ordinal))
        {
            problem = "AuditProblemBrokenLink";
        }
        else if (!string.Equals(computedHash ?? record.ComputeHash(), record.Hash, StringComparison.Ordinal))
        {
            problem = "AuditProblemContentChanged";
        }

        if (problem is not null)
        {
            // A missing entry is reported at the first id that is not there.
            var brokenId = problem == "AuditProblemMissingEntry" ? expectedId : record.Id;
            Broken = new AuditChainReport(false, _count, brokenId, problem);
            return false;
        }

        _previous = record;
        return true;
    }

    public AuditChainReport Result() => Broken ?? AuditChainReport.Intact(_count);
}
