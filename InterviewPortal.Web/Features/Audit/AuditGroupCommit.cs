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
    public Task CommitAsync(AuditEvent e, Func<AppDbContext, CancellationToken, Task>? change)
    {
        var item = new Item(e, change, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        return _queue.Writer.TryWrite(item) ? item.Done.Task : Task.FromException(new ObjectDisposedException(nameof(AuditGroupCommit)));
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
        foreach (var item in items)
        {
            if (item.Change is not null)
            {
                await item.Change(db, CancellationToken.None);
            }
        }

        await AuditTrail.AppendManyAsync(db, _database, [.. items.Select(i => i.Event)], _clock.GetUtcNow().UtcDateTime, CancellationToken.None);
        await tx.CommitAsync();
        _log.LogInformation("Audit group commit: {Count} entries", items.Count);
    }

    private sealed record Item(AuditEvent Event, Func<AppDbContext, CancellationToken, Task>? Change, TaskCompletionSource Done);
}
