using System.Security.Claims;
using InterviewPortal.Domain.Audit;
using InterviewPortal.Web.Data;
using InterviewPortal.Web.Features.Shared;
using InterviewPortal.Web.Setup;
using Microsoft.EntityFrameworkCore;

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

    /// <summary>
    /// Appends <paramref name="events"/>, in order, within <paramref name="db"/>'s transaction (which the caller
    /// commits): one read of the chain's head, one prepared insert. Used one at a time by <see cref="AppendAsync"/> and in batches
    /// by <see cref="MiniProgram.JoinCommit"/>.
    /// </summary>
    internal static async Task<IReadOnlyList<AuditRecord>> AppendManyAsync(
        AppDbContext db, DatabaseSettings database, IReadOnlyList<AuditEvent> events, DateTime nowUtc, CancellationToken ct)
    {
        await WriteLock.TakeAsync(db, database, "InterviewPortal.AuditTrail", ct);
        var previous = await db.AuditEntries.AsNoTracking().OrderByDescending(a => a.Id).FirstOrDefaultAsync(ct);
        var records = new List<AuditRecord>(events.Count);
        foreach (var e in events)
        {
            previous = AuditRecord.Append(previous, e, nowUtc);
            records.Add(previous);
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
