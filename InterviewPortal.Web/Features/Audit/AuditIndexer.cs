using System.Collections.Concurrent;
using System.Data.Common;
using System.Linq.Expressions;
using InterviewPortal.Domain.Audit;
using InterviewPortal.Web.Data;
using InterviewPortal.Web.Setup;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace InterviewPortal.Web.Features.Audit;

/// <summary>
/// The part of the trail a search reads, fixed before it reads: entries up to <see cref="IndexedThrough"/> are found
/// through the <see cref="AuditIndexEntry"/> rows, the newer ones up to <see cref="Head"/> by reading them. The two parts
/// never overlap, however far the indexer gets meanwhile, so no entry is counted twice or missed.
/// </summary>
public readonly record struct AuditIndexSpan(long IndexedThrough, long Head)
{
    /// <summary>The indexer's progress, then the trail's newest entry (in that order: the progress never passes an entry that exists).</summary>
    public static async Task<AuditIndexSpan> ReadAsync(AppDbContext db, CancellationToken ct)
    {
        var through = await db.AuditIndexProgress.AsNoTracking().Where(p => p.Id == AuditIndexProgress.SingletonId)
            .Select(p => (long?)p.ThroughEntryId).FirstOrDefaultAsync(ct) ?? 0;
        var head = await db.AuditEntries.MaxAsync(a => (long?)a.Id, ct) ?? 0;
        return new AuditIndexSpan(Math.Min(through, head), head);
    }

    /// <summary>The entries on target id <paramref name="targetId"/> (any target type: the caller filters it).</summary>
    public IQueryable<AuditRecord> ByTarget(AppDbContext db, string targetId) =>
        Find(db, x => x.Kind == AuditIndexKind.Target && x.Key == targetId, a => a.TargetId == targetId);

    /// <summary>The entries whose actor is one of <paramref name="actorIds"/>.</summary>
    public IQueryable<AuditRecord> ByActors(AppDbContext db, IQueryable<string> actorIds) =>
        Find(db, x => x.Kind == AuditIndexKind.Actor && actorIds.Contains(x.Key), a => a.ActorId != null && actorIds.Contains(a.ActorId));

    /// <summary>The entries up to the progress whose index rows match <paramref name="keys"/>, then the newer ones that match <paramref name="entries"/>.</summary>
    private IQueryable<AuditRecord> Find(AppDbContext db, Expression<Func<AuditIndexEntry, bool>> keys, Expression<Func<AuditRecord, bool>> entries)
    {
        var (through, head) = (IndexedThrough, Head);
        var indexed = db.AuditIndex.Where(keys).Where(x => x.EntryId <= through)
            .Join(db.AuditEntries, x => x.EntryId, a => a.Id, (_, a) => a);
        // A range on both sides: SQLite then walks the newest entries by their sequence number, not a time index.
        var recent = db.AuditEntries.Where(a => a.Id > through && a.Id <= head).Where(entries);
        return indexed.Concat(recent).AsNoTracking();
    }
}

/// <summary>
/// Writes the trail's search index (<see cref="AuditIndexEntry"/>, decision 0015) after the entries are committed: each
/// pass takes the entries since its last one, at most <see cref="MaxEntriesPerPass"/>, and inserts their actor and
/// target keys sorted, in one statement, with its progress, in one transaction. An append then writes only pages at the
/// trail's end; the keys, which land anywhere in an index, are written a batch at a time, each page once per pass. A
/// pass enters the <see cref="SqliteWriteGate"/> like the group commits, and on SQL Server takes an application lock, so
/// two passes (two portal processes) never index the same entries.
/// </summary>
public sealed class AuditIndexer(IDbContextFactory<AppDbContext> dbFactory, DatabaseSettings database, SqliteWriteGate gate, ILogger<AuditIndexer> log)
{
    public const int MaxEntriesPerPass = 50_000;

    // The statement, per context type (one per provider): written once from the EF model's names.
    private static readonly ConcurrentDictionary<Type, string> InsertSql = new();

    /// <summary>Indexes every entry committed so far, pass after pass; returns how many entries were indexed.</summary>
    public async Task<long> CatchUpAsync(CancellationToken ct)
    {
        long total = 0;
        while (true)
        {
            var indexed = await PassAsync(MaxEntriesPerPass, ct);
            total += indexed;
            if (indexed < MaxEntriesPerPass)
            {
                return total;
            }
        }
    }

    /// <summary>Indexes at most <paramref name="maxEntries"/> entries after the progress; returns how many.</summary>
    internal async Task<int> PassAsync(int maxEntries, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // Read without the write lock first: an idle trail costs the writers nothing.
        var span = await AuditIndexSpan.ReadAsync(db, ct);
        if (span.Head <= span.IndexedThrough)
        {
            return 0;
        }

        using var pass = await gate.EnterAsync();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await WriteLock.TakeAsync(db, database, "InterviewPortal.AuditIndex", ct);
        var stored = await db.AuditIndexProgress.AsNoTracking().Where(p => p.Id == AuditIndexProgress.SingletonId)
            .Select(p => (long?)p.ThroughEntryId).FirstOrDefaultAsync(ct);
        if (stored is null)
        {
            // The migration writes the row; a rebuild that deleted it starts again from the first entry.
            db.AuditIndexProgress.Add(new AuditIndexProgress());
            await db.SaveChangesAsync(ct);
        }

        var from = stored ?? 0;
        var until = from + maxEntries;
        var to = await db.AuditEntries.Where(a => a.Id > from && a.Id <= until).MaxAsync(a => (long?)a.Id, ct);
        if (to is not { } last)
        {
            return 0;
        }

        var transaction = db.Database.CurrentTransaction!.GetDbTransaction();
        await using (var insert = db.Database.GetDbConnection().CreateCommand())
        {
            insert.Transaction = transaction;
            insert.CommandText = InsertStatement(db);
            Add(insert, "from", from);
            Add(insert, "to", last);
            await insert.ExecuteNonQueryAsync(ct);
        }

        // Only from where this pass started: a progress changed meanwhile (a rebuild setting it back) undoes the pass
        // instead of being overwritten.
        var moved = await db.AuditIndexProgress.Where(p => p.Id == AuditIndexProgress.SingletonId && p.ThroughEntryId == from)
            .ExecuteUpdateAsync(u => u.SetProperty(p => p.ThroughEntryId, last), ct);
        if (moved != 1)
        {
            throw new InvalidOperationException($"The audit index's progress changed during a pass from entry {from}; the pass is undone.");
        }

        await tx.CommitAsync(ct);
        log.LogDebug("Audit index: entries {From}–{To} indexed", from + 1, last);
        return (int)(last - from);
    }

    private static void Add(DbCommand command, string name, long value)
    {
        var p = command.CreateParameter();
        p.ParameterName = "@" + name;
        p.Value = value;
        command.Parameters.Add(p);
    }

    /// <summary>The insert a pass sends (in <paramref name="db"/>'s provider's quoting): both keys of the entries in (@from, @to], sorted as the index is.</summary>
    internal static string InsertStatement(AppDbContext db) =>
        InsertSql.GetOrAdd(db.GetType(), static (_, db) =>
        {
            var index = ModelTable.For<AuditIndexEntry>(db);
            var trail = ModelTable.For<AuditRecord>(db);
            var sql = index.Sql;
            var id = trail.Column(nameof(AuditRecord.Id));
            string Keys(AuditIndexKind kind, string column) =>
                $"SELECT {(int)kind} AS {sql.DelimitIdentifier("k")}, {column} AS {sql.DelimitIdentifier("v")}, {id} AS {sql.DelimitIdentifier("e")} " +
                $"FROM {trail.Name} WHERE {id} > @from AND {id} <= @to AND {column} IS NOT NULL";
            return $"INSERT INTO {index.Name} ({index.Column(nameof(AuditIndexEntry.Kind))}, {index.Column(nameof(AuditIndexEntry.Key))}, {index.Column(nameof(AuditIndexEntry.EntryId))}) " +
                $"SELECT {sql.DelimitIdentifier("k")}, {sql.DelimitIdentifier("v")}, {sql.DelimitIdentifier("e")} FROM (" +
                $"{Keys(AuditIndexKind.Actor, trail.Column(nameof(AuditRecord.ActorId)))} UNION ALL {Keys(AuditIndexKind.Target, trail.Column(nameof(AuditRecord.TargetId)))}" +
                $") AS {sql.DelimitIdentifier("n")} ORDER BY {sql.DelimitIdentifier("k")}, {sql.DelimitIdentifier("v")}, {sql.DelimitIdentifier("e")}";
        }, db);
}

/// <summary>Runs <see cref="AuditIndexer"/> once a second, so a search reads at most about a second of the trail entry by entry.</summary>
public sealed class AuditIndexWorker(AuditIndexer indexer, ILogger<AuditIndexWorker> log) : BackgroundService
{
    internal static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    // A pass that keeps failing is tried every second, and reported when it starts failing and then once a minute.
    private static readonly TimeSpan ReportEvery = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        var failures = 0;
        var reported = DateTime.MinValue;
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await indexer.CatchUpAsync(stoppingToken);
                    if (failures > 0)
                    {
                        log.LogInformation("Indexing the audit trail works again after {Failures} failed passes", failures);
                        failures = 0;
                    }
                }
                catch (Exception) when (stoppingToken.IsCancellationRequested)
                {
                    // Stopping mid-pass (SQL Server reports it as its own error, not a cancellation): the pass is undone.
                    return;
                }
                catch (Exception ex)
                {
                    // Nothing is lost: the next pass starts from the committed progress, and searches read the entries
                    // not yet indexed one by one meanwhile.
                    failures++;
                    if (failures == 1 || DateTime.UtcNow - reported >= ReportEvery)
                    {
                        reported = DateTime.UtcNow;
                        log.LogError(ex, "Indexing the audit trail failed ({Failures} passes in a row); trying again every {Interval}", failures, Interval);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }
}
