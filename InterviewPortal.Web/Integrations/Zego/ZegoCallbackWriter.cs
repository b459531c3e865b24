using System.Threading.Channels;
using InterviewPortal.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace InterviewPortal.Web.Integrations.Zego;

/// <summary>
/// Stores verified callbacks with group commit: concurrent requests hand over their (nonce, event) and wait; one writer
/// stores everything that arrived meanwhile in a single transaction, deciding replays (a nonce already seen) and
/// retries (a business key already stored) for the whole batch with one query each, then answers every caller. Nothing is
/// acknowledged before it is committed. Another node writing the same key at the same moment makes the batch fail on the
/// unique index; it is then stored one item at a time, where the index decides.
/// </summary>
public sealed class ZegoCallbackWriter : IAsyncDisposable
{
    private const int MaxBatch = 256;
    private readonly Channel<Item> _queue = Channel.CreateUnbounded<Item>(new UnboundedChannelOptions { SingleReader = true });
    private readonly IDbContextFactory<AppDbContext> _dbFactory;
    private readonly ILogger<ZegoCallbackWriter> _log;
    private readonly Task _writer;

    public ZegoCallbackWriter(IDbContextFactory<AppDbContext> dbFactory, ILogger<ZegoCallbackWriter> log)
    {
        _dbFactory = dbFactory;
        _log = log;
        _writer = Task.Run(WriteLoopAsync);
    }

    /// <summary>Null: a replayed nonce, nothing kept. False: already stored (a retry). True: stored now.</summary>
    public Task<bool?> StoreAsync(ZegoCallbackNonce nonce, ZegoCallbackRecord record)
    {
        var item = new Item(nonce, record, new TaskCompletionSource<bool?>(TaskCreationOptions.RunContinuationsAsynchronously));
        return _queue.Writer.TryWrite(item) ? item.Done.Task : Task.FromException<bool?>(new ObjectDisposedException(nameof(ZegoCallbackWriter)));
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writer;
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<Item>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var item))
            {
                batch.Add(item);
            }

            try
            {
                var results = await WriteBatchAsync(batch);
                for (var i = 0; i < batch.Count; i++)
                {
                    batch[i].Done.TrySetResult(results[i]);
                }
            }
            catch (Exception ex)
            {
                _log.LogWarning(ex, "Storing {Count} ZEGO callbacks together failed; storing them one by one", batch.Count);
                foreach (var item in batch)
                {
                    try
                    {
                        item.Done.TrySetResult(await WriteAloneAsync(item));
                    }
                    catch (Exception single)
                    {
                        _log.LogError(single, "Storing ZEGO callback {Event} ({DedupKey}) failed", item.Record.Event, item.Record.DedupKey);
                        item.Done.TrySetException(single);
                    }
                }
            }

            batch.Clear();
        }
    }

    private async Task<bool?[]> WriteBatchAsync(List<Item> batch)
    {
        await using var db = await _dbFactory.CreateDbContextAsync();
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
            var (nonce, record, _) = batch[i];
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
    private async Task<bool?> WriteAloneAsync(Item item)
    {
        await using var db = await _dbFactory.CreateDbContextAsync();
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

    private sealed record Item(ZegoCallbackNonce Nonce, ZegoCallbackRecord Record, TaskCompletionSource<bool?> Done);
}
