using System.Threading.Channels;
using InterviewPortal.Domain.Audit;
using InterviewPortal.Web.Data;
using InterviewPortal.Web.Setup;
using Microsoft.EntityFrameworkCore;

namespace InterviewPortal.Web.Features.Audit;

/// <summary>
/// Group commit for hot, small audited writes (a candidate joining the room): callers hand over their change and its
/// audit entry and wait; one writer commits everything that arrived meanwhile in a single transaction, then answers
/// them all. Nothing is acknowledged before it is committed, the chain stays in order, and SQLite's single writer
/// commits once per batch instead of once per request. A batch that fails is retried one item at a time, so one bad
/// item fails only its own caller.
/// </summary>
public sealed class AuditGroupCommit : IAsyncDisposable
{
    private const int MaxBatch = 256;
    private readonly Channel<Item> _queue = Channel.CreateUnbounded<Item>(new UnboundedChannelOptions { SingleReader = true });
    private readonly IDbContextFactory<AppDbContext> _dbFactory;
    private readonly DatabaseSettings _database;
    private readonly TimeProvider _clock;
    private readonly ILogger<AuditGroupCommit> _log;
    private readonly Task _writer;

    public AuditGroupCommit(IDbContextFactory<AppDbContext> dbFactory, DatabaseSettings database, TimeProvider clock, ILogger<AuditGroupCommit> log)
    {
        _dbFactory = dbFactory;
        _database = database;
        _clock = clock;
        _log = log;
        _writer = Task.Run(WriteLoopAsync);
    }

    /// <summary>Commits <paramref name="change"/> (may be null) and <paramref name="e"/> together; returns once committed.</summary>
    public Task CommitAsync(AuditEvent e, Func<AppDbContext, CancellationToken, Task>? change) =>
        Enqueue(new Item(e, change, null, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)));

    /// <summary>
    /// Commits <paramref name="part"/> of <paramref name="change"/> and <paramref name="e"/> together; returns once
    /// committed. The parts of one change that share a batch are applied in one call, so a hot change costs one
    /// statement per batch, not one per caller.
    /// </summary>
    public Task CommitAsync<T>(AuditEvent e, BatchedChange<T> change, T part) =>
        Enqueue(new Item(e, null, new Part(change, part), new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)));

    private Task Enqueue(Item item) =>
        _queue.Writer.TryWrite(item) ? item.Done.Task : Task.FromException(new ObjectDisposedException(nameof(AuditGroupCommit)));

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
                await WriteAsync(batch);
                batch.ForEach(i => i.Done.TrySetResult());
            }
            catch (Exception ex) when (batch.Count > 1)
            {
                _log.LogWarning(ex, "Audit group commit of {Count} items failed; retrying them one by one", batch.Count);
                foreach (var item in batch)
                {
                    await WriteAloneAsync(item);
                }
            }
            catch (Exception ex)
            {
                _log.LogError(ex, "Audited change {AuditAction} on {TargetType} {TargetId} failed", batch[0].Event.Action, batch[0].Event.TargetType, batch[0].Event.TargetId);
                batch[0].Done.TrySetException(ex);
            }

            batch.Clear();
        }
    }

    private async Task WriteAloneAsync(Item item)
    {
        try
        {
            await WriteAsync([item]);
            item.Done.TrySetResult();
        }
        catch (Exception ex)
        {
            _log.LogError(ex, "Audited change {AuditAction} on {TargetType} {TargetId} failed", item.Event.Action, item.Event.TargetType, item.Event.TargetId);
            item.Done.TrySetException(ex);
        }
    }

    private async Task WriteAsync(IReadOnlyList<Item> items)
    {
        await using var db = await _dbFactory.CreateDbContextAsync();
        await using var tx = await db.Database.BeginTransactionAsync();
        var now = _clock.GetUtcNow().UtcDateTime;
        foreach (var item in items)
        {
            if (item.Change is not null)
            {
                await item.Change(db, CancellationToken.None);
            }
        }

        foreach (var parts in items.Where(i => i.Part is not null).Select(i => i.Part!).GroupBy(p => p.Change))
        {
            await parts.Key.ApplyAsync(db, [.. parts.Select(p => p.Value)], now, CancellationToken.None);
        }

        await AuditTrail.AppendManyAsync(db, _database, [.. items.Select(i => i.Event)], now, CancellationToken.None);
        await tx.CommitAsync();
        _log.LogDebug("Audit group commit: {Count} entries", items.Count);
    }

    private sealed record Part(IBatchedChange Change, object? Value);

    private sealed record Item(AuditEvent Event, Func<AppDbContext, CancellationToken, Task>? Change, Part? Part, TaskCompletionSource Done);
}

/// <summary>The untyped face of <see cref="BatchedChange{T}"/>, for <see cref="AuditGroupCommit"/>.</summary>
public interface IBatchedChange
{
    Task ApplyAsync(AppDbContext db, IReadOnlyList<object?> parts, DateTime nowUtc, CancellationToken ct);
}

/// <summary>
/// A change that many callers make at the same time (one join counted per candidate), applied once per
/// <see cref="AuditGroupCommit"/> batch with every caller's part, inside the batch's transaction. Use one instance per
/// kind of change: parts are grouped by instance.
/// </summary>
public abstract class BatchedChange<T> : IBatchedChange
{
    /// <summary>Applies <paramref name="parts"/> (in arrival order, one per caller) at the batch's <paramref name="nowUtc"/>.</summary>
    protected abstract Task ApplyAsync(AppDbContext db, IReadOnlyList<T> parts, DateTime nowUtc, CancellationToken ct);

    Task IBatchedChange.ApplyAsync(AppDbContext db, IReadOnlyList<object?> parts, DateTime nowUtc, CancellationToken ct) =>
        ApplyAsync(db, [.. parts.Cast<T>()], nowUtc, ct);
}
