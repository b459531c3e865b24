using InterviewPortal.Domain.Audit;
using InterviewPortal.Web.Data;
using InterviewPortal.Web.Features.Shared;
using InterviewPortal.Web.Setup;
using Microsoft.EntityFrameworkCore;

namespace InterviewPortal.Web.Features.Audit;

/// <summary>
/// Group commit (<see cref="GroupCommit{TRequest, TResult}"/>) for hot, small audited writes (a candidate joining the
/// room): the change and its audit entry of every caller that arrived meanwhile commit in one transaction, the chain in
/// order, so SQLite's single writer commits once per batch instead of once per request.
/// </summary>
public sealed class AuditGroupCommit(IDbContextFactory<AppDbContext> dbFactory, DatabaseSettings database, TimeProvider clock, ILogger<AuditGroupCommit> log)
    : GroupCommit<AuditGroupCommit.Item, bool>(log)
{
    /// <summary>Commits <paramref name="change"/> (may be null) and <paramref name="e"/> together; returns once committed.</summary>
    public Task CommitAsync(AuditEvent e, Func<AppDbContext, CancellationToken, Task>? change) => SubmitAsync(new Item(e, change, null));

    /// <summary>
    /// Commits <paramref name="part"/> of <paramref name="change"/> and <paramref name="e"/> together; returns once
    /// committed. The parts of one change that share a batch are applied in one call, so a hot change costs one
    /// statement per batch, not one per caller.
    /// </summary>
    public Task CommitAsync<T>(AuditEvent e, BatchedChange<T> change, T part) => SubmitAsync(new Item(e, null, new Part(change, part)));

    protected override string Describe(Item request) => $"Audited change {request.Event.Action} on {request.Event.TargetType} {request.Event.TargetId}";

    protected override async Task<IReadOnlyList<bool>> WriteBatchAsync(IReadOnlyList<Item> items)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        await using var tx = await db.Database.BeginTransactionAsync();
        var now = clock.GetUtcNow().UtcDateTime;
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

        await AuditTrail.AppendManyAsync(db, database, [.. items.Select(i => i.Event)], now, CancellationToken.None);
        await tx.CommitAsync();
        return [.. items.Select(_ => true)];
    }

    public sealed record Part(IBatchedChange Change, object? Value);

    public sealed record Item(AuditEvent Event, Func<AppDbContext, CancellationToken, Task>? Change, Part? Part);
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
