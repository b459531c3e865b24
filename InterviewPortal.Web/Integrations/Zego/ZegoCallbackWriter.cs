using InterviewPortal.Web.Data;
using InterviewPortal.Web.Features.Shared;
using Microsoft.EntityFrameworkCore;

namespace InterviewPortal.Web.Integrations.Zego;

/// <summary>
/// Stores verified callbacks with group commit: concurrent requests hand over their (nonce, event) and wait; one writer
/// stores everything that arrived meanwhile in a single transaction, deciding replays (a nonce already seen) and
/// retries (a business key already stored) for the whole batch with one query each, then answers every caller. Nothing is
/// acknowledged before it is committed. Another node writing the same key at the same moment makes the batch fail on the
/// unique index; it is then stored one item at a time, where the index decides.
/// </summary>
public sealed class ZegoCallbackWriter(IDbContextFactory<AppDbContext> dbFactory, SqliteWriteGate gate, ILogger<ZegoCallbackWriter> log)
    : GroupCommit<ZegoCallbackWriter.Item, bool?>(gate, log)
{
    /// <summary>Null: a replayed nonce, nothing kept. False: already stored (a retry). True: stored now.</summary>
    public Task<bool?> StoreAsync(ZegoCallbackNonce nonce, ZegoCallbackRecord record) => SubmitAsync(new Item(nonce, record));

    protected override bool HasOwnAlonePath => true;

    protected override string Describe(Item request) => $"Storing ZEGO callback {request.Record.Event} ({request.Record.DedupKey})";

    protected override async Task<IReadOnlyList<bool?>> WriteBatchAsync(IReadOnlyList<Item> batch)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        await using var tx = await db.Database.BeginTransactionAsync();
        var nonceTexts = batch.Select(i => i.Nonce.Nonce).Distinct().ToList();
        var seenNonces = (await db.ZegoCallbackNonces.AsNoTracking().Where(n => nonceTexts.Contains(n.Nonce))
                .Select(n => new { n.Nonce, n.Timestamp, n.Signature }).ToListAsync())
            .Select(n => (n.Nonce, n.Timestamp, n.Signature)).ToHashSet();
        var keys = batch.Select(i => i.Record.DedupKey).Distinct().ToList();
        var storedKeys = (await db.ZegoCallbacks.AsNoTracking().Where(c => keys.Contains(c.DedupKey)).Select(c => c.DedupKey).ToListAsync()).ToHashSet(StringComparer.Ordinal);
        var results = new bool?[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            var (nonce, record) = batch[i];
            if (!seenNonces.Add((nonce.Nonce, nonce.Timestamp, nonce.Signature)))
            {
                results[i] = null;
                continue;
            }

            db.ZegoCallbackNonces.Add(nonce);
            if (!storedKeys.Add(record.DedupKey))
            {
                results[i] = false;
                continue;
            }

            db.ZegoCallbacks.Add(record);
            results[i] = true;
        }

        await db.SaveChangesAsync();
        await tx.CommitAsync();
        return results;
    }

    /// <summary>One item in its own transaction: the nonce first (a duplicate → replay), then the event (a duplicate → retry).</summary>
    protected override async Task<bool?> WriteAloneAsync(Item item)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        await using var tx = await db.Database.BeginTransactionAsync();
        db.ZegoCallbackNonces.Add(ZegoCallbackNonce.Create(item.Nonce.Nonce, item.Nonce.Timestamp, item.Nonce.Signature, item.Nonce.SeenAtUtc));
        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateException ex) when (DbErrors.IsUniqueViolation(ex))
        {
            return null;
        }

        db.ChangeTracker.Clear();
        var stored = true;
        db.ZegoCallbacks.Add(ZegoCallbackRecord.Copy(item.Record));
        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateException ex) when (DbErrors.IsUniqueViolation(ex))
        {
            stored = false;
        }

        await tx.CommitAsync();
        return stored;
    }

    public sealed record Item(ZegoCallbackNonce Nonce, ZegoCallbackRecord Record);
}
