using System.Collections.Concurrent;
using System.Security.Claims;
using InterviewPortal.Domain.Audit;
using InterviewPortal.Web.Data;
using InterviewPortal.Web.Features.Shared;
using InterviewPortal.Web.Setup;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace InterviewPortal.Web.Features.Audit;

/// <summary>
/// Appends entries to the tamper-evident audit trail. Every sensitive action of every feature goes through here.
/// </summary>
public sealed class AuditTrail(
    IDbContextFactory<AppDbContext> dbFactory,
    ClientOrigin origin,
    DatabaseSettings database,
    TimeProvider clock,
    ILogger<AuditTrail> log)
{
    /// <summary>Records an action by the current user (request or circuit) in its own transaction.</summary>
    public async Task RecordAsync(string action, string? targetType = null, string? targetId = null, string? summary = null, CancellationToken ct = default)
    {
        await RecordAsync(await DescribeAsync(new AuditEvent(action, targetType, targetId, summary)), ct);
    }

    /// <summary>Records an already described event in its own transaction.</summary>
    public async Task RecordAsync(AuditEvent e, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await AppendAsync(db, e, ct);
    }

    /// <summary>Fills in actor, role, IP, user agent and correlation id from the current request or circuit.</summary>
    public async Task<AuditEvent> DescribeAsync(AuditEvent e, ClaimsPrincipal? actor = null)
    {
        actor ??= await origin.GetUserAsync();
        var signedIn = actor.Identity?.IsAuthenticated == true;
        return e with
        {
            ActorId = e.ActorId ?? (signedIn ? actor.FindFirstValue(ClaimTypes.NameIdentifier) : null),
            ActorRole = e.ActorRole ?? (signedIn ? string.Join(",", actor.FindAll(ClaimTypes.Role).Select(c => c.Value).Order(StringComparer.Ordinal)) : null),
            IpAddress = e.IpAddress ?? origin.CurrentIpAddress,
            UserAgent = e.UserAgent ?? origin.CurrentUserAgent,
            CorrelationId = e.CorrelationId ?? origin.CorrelationId,
        };
    }

    /// <summary>
    /// Appends within <paramref name="db"/>'s current transaction when there is one (so the audited change and its
    /// entry commit together), else in a transaction of its own. The chain needs one writer at a time: SQLite's write
    /// transaction gives that; on SQL Server an application lock does (SQLite's
    /// transactions from Microsoft.Data.Sqlite begin IMMEDIATE, taking the write lock at once).
    /// </summary>
    public async Task AppendAsync(AppDbContext db, AuditEvent e, CancellationToken ct = default)
    {
        var ownTransaction = db.Database.CurrentTransaction is null;
        await using var tx = ownTransaction ? await db.Database.BeginTransactionAsync(ct) : null;
        var record = (await AppendManyAsync(db, database, [e], clock.GetUtcNow().UtcDateTime, ct))[0];
        if (tx is not null)
        {
            await tx.CommitAsync(ct);
        }

        log.LogInformation("Audit {AuditId} {AuditAction} on {TargetType} {TargetId}", record.Id, record.Action, record.TargetType, record.TargetId);
    }

    // The statement reading the chain's head, per context type (one per provider): written once from the EF model's names.
    private static readonly ConcurrentDictionary<Type, string> ChainHeadSql = new();

    /// <summary>
    /// The last entry's number and hash, on <paramref name="db"/>'s connection and transaction. Every append reads it
    /// (every batch of joins among them), so it is one statement written from the EF model, with the provider's own
    /// syntax for "the first row": through LINQ, even compiled, EF Core spent more on it than SQLite did.
    /// </summary>
    private static async Task<AuditChainHead?> ChainHead(AppDbContext db, CancellationToken ct)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        command.CommandText = ChainHeadStatement(db);
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? new AuditChainHead(reader.GetInt64(0), reader.GetString(1)) : null;
    }

    /// <summary>The statement <see cref="ChainHead"/> sends, in <paramref name="db"/>'s provider's dialect.</summary>
    internal static string ChainHeadStatement(AppDbContext db) =>
        ChainHeadSql.GetOrAdd(db.GetType(), static (_, db) =>
        {
            var table = ModelTable.For<AuditRecord>(db);
            var id = table.Column(nameof(AuditRecord.Id));
            var from = $"{id}, {table.Column(nameof(AuditRecord.Hash))} FROM {table.Name} ORDER BY {id} DESC";
            return db.Database.IsSqlServer() ? $"SELECT TOP(1) {from}" : $"SELECT {from} LIMIT 1";
        }, db);

    /// <summary>
    /// Appends <paramref name="events"/>, in order, within <paramref name="db"/>'s transaction (which the caller
    /// commits): one read of the chain's head, one prepared insert. Used one at a time by <see cref="AppendAsync"/> and in batches
    /// by <see cref="MiniProgram.JoinCommit"/>.
    /// </summary>
    internal static async Task<IReadOnlyList<AuditRecord>> AppendManyAsync(
        AppDbContext db, DatabaseSettings database, IReadOnlyList<AuditEvent> events, DateTime nowUtc, CancellationToken ct)
    {
        await WriteLock.TakeAsync(db, database, "InterviewPortal.AuditTrail", ct);
        var head = await ChainHead(db, ct);
        var records = new List<AuditRecord>(events.Count);
        foreach (var e in events)
        {
            var record = AuditRecord.AppendAfter(head, e, nowUtc);
            head = new AuditChainHead(record.Id, record.Hash);
            records.Add(record);
        }

        // The caller's own pending changes go first (a caller may leave them to this save), then the entries through
        // one prepared INSERT: the change tracker's per-entity work was most of a hot audited write's cost.
        if (db.ChangeTracker.HasChanges())
        {
            await db.SaveChangesAsync(ct);
        }

        await BulkInsert.InsertChainedAuditEntriesAsync(db, records, ct);
        return records;
    }
}
