using InterviewPortal.Domain.Audit;
using InterviewPortal.Tests.TestSupport;
using InterviewPortal.Web.Data;
using InterviewPortal.Web.Features.Audit;
using InterviewPortal.Web.Setup;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace InterviewPortal.Tests.Web.Audit;

/// <summary>
/// The trail's search index by actor and by target (decision 0015): written by passes after the entries are committed,
/// read through a span that splits the trail into the indexed entries and the newer ones, so a search finds every entry
/// exactly once however far the indexer has got.
/// </summary>
public sealed class AuditIndexTests : IAsyncLifetime
{
    private TestDb _testDb = null!;
    private ServiceProvider _services = null!;
    private IDbContextFactory<AppDbContext> _factory = null!;
    private AuditIndexer _indexer = null!;

    public async Task InitializeAsync()
    {
        _testDb = TestDb.Create();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(_testDb.Settings);
        services.AddPortalDbContexts(_testDb.Settings);
        _services = services.BuildServiceProvider();
        _factory = _services.GetRequiredService<IDbContextFactory<AppDbContext>>();
        _indexer = new AuditIndexer(_factory, _testDb.Settings, new SqliteWriteGate(_testDb.Settings), NullLogger<AuditIndexer>.Instance);
        // The migration left the progress at the trail's end: the tests start from an empty, fully indexed trail.
        Assert.Equal(new AuditIndexSpan(0, 0), await WithDbAsync(db => AuditIndexSpan.ReadAsync(db, CancellationToken.None)));
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _testDb.DisposeAsync();
    }

    private async Task<T> WithDbAsync<T>(Func<AppDbContext, Task<T>> read)
    {
        await using var db = await _factory.CreateDbContextAsync();
        return await read(db);
    }

    private async Task AppendAsync(params AuditEvent[] events)
    {
        await using var db = await _factory.CreateDbContextAsync();
        await using var tx = await db.Database.BeginTransactionAsync();
        await AuditTrail.AppendManyAsync(db, _testDb.Settings, events, DateTime.UtcNow, CancellationToken.None);
        await tx.CommitAsync();
    }

    private static AuditEvent On(string targetId, string? actor = "user-a") => new("Test.Action", "Thing", targetId, null) { ActorId = actor };

    private Task<List<(AuditIndexKind, string, long)>> IndexRowsAsync() =>
        WithDbAsync(db => db.AuditIndex.OrderBy(x => x.EntryId).ThenBy(x => x.Kind).Select(x => ValueTuple.Create(x.Kind, x.Key, x.EntryId)).ToListAsync());

    [Fact]
    public async Task APass_IndexesEachEntrysActorAndTarget_SkipsWhatAnEntryDoesNotHave_AndMovesTheProgressToItsLastEntry()
    {
        await AppendAsync(On("t-1"), new AuditEvent("Test.System", null, null, "no actor, no target"), On("t-2", actor: null));

        Assert.Equal(3, await _indexer.PassAsync(AuditIndexer.MaxEntriesPerPass, CancellationToken.None));

        Assert.Equal(
            [(AuditIndexKind.Actor, "user-a", 1L), (AuditIndexKind.Target, "t-1", 1L), (AuditIndexKind.Target, "t-2", 3L)],
            await IndexRowsAsync());
        Assert.Equal(new AuditIndexSpan(3, 3), await WithDbAsync(db => AuditIndexSpan.ReadAsync(db, CancellationToken.None)));
        // Nothing new: the next pass writes nothing.
        Assert.Equal(0, await _indexer.PassAsync(AuditIndexer.MaxEntriesPerPass, CancellationToken.None));
        Assert.Equal(3, (await IndexRowsAsync()).Count);
    }

    [Fact]
    public async Task APass_TakesAtMostItsLimit_AndCatchingUp_IndexesTheRestInLaterPasses()
    {
        await AppendAsync([.. Enumerable.Range(1, 5).Select(i => On($"t-{i}"))]);

        Assert.Equal(2, await _indexer.PassAsync(2, CancellationToken.None));
        Assert.Equal(new AuditIndexSpan(2, 5), await WithDbAsync(db => AuditIndexSpan.ReadAsync(db, CancellationToken.None)));
        Assert.Equal(3, await _indexer.CatchUpAsync(CancellationToken.None));

        Assert.Equal(new AuditIndexSpan(5, 5), await WithDbAsync(db => AuditIndexSpan.ReadAsync(db, CancellationToken.None)));
        Assert.Equal([1L, 1, 2, 2, 3, 3, 4, 4, 5, 5], (await IndexRowsAsync()).Select(r => r.Item3));
    }

    [Fact]
    public async Task Rebuilding_DeletingTheRowsAndTheProgressInOneTransaction_IndexesTheWholeTrailAgain()
    {
        await AppendAsync(On("t-1"), On("t-2", actor: "user-b"), On("t-3"));
        await _indexer.CatchUpAsync(CancellationToken.None);
        var before = await IndexRowsAsync();

        await using (var db = await _factory.CreateDbContextAsync())
        {
            await using var tx = await db.Database.BeginTransactionAsync();
            await db.AuditIndex.ExecuteDeleteAsync();
            await db.AuditIndexProgress.ExecuteDeleteAsync();
            await tx.CommitAsync();
        }

        // Until the next pass, searches read the whole trail by number, and still find everything.
        await using (var db = await _factory.CreateDbContextAsync())
        {
            var span = await AuditIndexSpan.ReadAsync(db, CancellationToken.None);
            Assert.Equal(new AuditIndexSpan(0, 3), span);
            Assert.Equal([1L], await span.ByTarget(db, "t-1").Select(a => a.Id).ToListAsync());
        }

        Assert.Equal(3, await _indexer.CatchUpAsync(CancellationToken.None));
        Assert.Equal(before, await IndexRowsAsync());
        Assert.Equal(new AuditIndexSpan(3, 3), await WithDbAsync(db => AuditIndexSpan.ReadAsync(db, CancellationToken.None)));
    }

    [Fact]
    public async Task ASearchByTarget_FindsIndexedAndNewerEntries_EachOnce_EvenWhenTheIndexerPassesBetweenTheSpanAndTheRead()
    {
        await AppendAsync(On("t-1"), On("t-2"), On("t-1"));
        await _indexer.CatchUpAsync(CancellationToken.None);
        await AppendAsync(On("t-1"), On("t-2"), On("t-1"));

        await using var db = await _factory.CreateDbContextAsync();
        var span = await AuditIndexSpan.ReadAsync(db, CancellationToken.None);
        Assert.Equal(new AuditIndexSpan(3, 6), span);
        Assert.Equal([1L, 3, 4, 6], await span.ByTarget(db, "t-1").Select(a => a.Id).OrderBy(id => id).ToListAsync());

        // The indexer indexes entries 4–6 after the span was read: each is found once, through the newer part.
        await _indexer.CatchUpAsync(CancellationToken.None);
        Assert.Equal([1L, 3, 4, 6], await span.ByTarget(db, "t-1").Select(a => a.Id).OrderBy(id => id).ToListAsync());
        // An entry appended after the span was read is not in it; the next span has it.
        await AppendAsync(On("t-1"));
        Assert.Equal([1L, 3, 4, 6], await span.ByTarget(db, "t-1").Select(a => a.Id).OrderBy(id => id).ToListAsync());
        var next = await AuditIndexSpan.ReadAsync(db, CancellationToken.None);
        Assert.Equal([1L, 3, 4, 6, 7], await next.ByTarget(db, "t-1").Select(a => a.Id).OrderBy(id => id).ToListAsync());
    }

    [Fact]
    public async Task ASearchByActors_FindsEachOfTheirEntriesOnce_AcrossTheIndexedAndTheNewerPart()
    {
        await AppendAsync(On("t-1", "user-a"), On("t-2", "user-b"), On("t-3", "user-c"));
        await _indexer.CatchUpAsync(CancellationToken.None);
        await AppendAsync(On("t-4", "user-b"), On("t-5", "user-a"), On("t-6", null));

        await using var db = await _factory.CreateDbContextAsync();
        foreach (var id in new[] { "user-a", "user-b", "user-c" })
        {
            db.Users.Add(new ApplicationUser { Id = id, UserName = id + "@example.com", Email = id + "@example.com", DisplayName = id, CreatedAtUtc = DateTime.UtcNow });
        }

        await db.SaveChangesAsync();
        var span = await AuditIndexSpan.ReadAsync(db, CancellationToken.None);
        // As the audit log's actor filter names them: a query over the users.
        var actors = db.Users.Where(u => u.Id == "user-a" || u.Id == "user-b").Select(u => u.Id);
        Assert.Equal([1L, 2, 4, 5], await span.ByActors(db, actors).Select(a => a.Id).OrderBy(id => id).ToListAsync());
    }

    [Fact]
    public async Task OnSqlite_ASearchByActor_ReadsTheIndexAndTheNewestEntriesByTheirNumbers_NeverTheWholeTrailNorATimeIndex()
    {
        await using var db = await _factory.CreateDbContextAsync();
        var actors = db.Users.Where(u => u.Email == "a@example.com").Select(u => u.Id);
        var query = new AuditIndexSpan(10, 20).ByActors(db, actors)
            .Where(a => a.AtUtc >= DateTime.UtcNow.AddDays(-1) && a.AtUtc < DateTime.MaxValue)
            .OrderByDescending(a => a.Id).Take(50);
        var plan = await SqlitePlans.ReadAsync(db, query);

        Assert.Contains(plan, step => step.Contains("USING COVERING INDEX sqlite_autoindex_AuditIndex_1 (Kind=? AND Key=? AND EntryId<?)", StringComparison.Ordinal));
        Assert.Contains(plan, step => step.Contains("USING INTEGER PRIMARY KEY (rowid=?)", StringComparison.Ordinal));
        Assert.Contains(plan, step => step.Contains("USING INTEGER PRIMARY KEY (rowid>? AND rowid<?)", StringComparison.Ordinal));
        // EF names the index "a", the trail "a1" and "a2" (the users it looks the actor up in, a0 and a3, are scanned by email as before).
        Assert.DoesNotContain(plan, step => step is "SCAN a" or "SCAN a1" or "SCAN a2");
        Assert.DoesNotContain(plan, step => step.Contains("IX_AuditEntries", StringComparison.Ordinal));
    }

    [Fact]
    public async Task OnSqlServer_APassesInsertIsWrittenInItsDialect()
    {
        await using var db = TestDb.SqlServerWithoutServer();

        Assert.Equal(
            "INSERT INTO [AuditIndex] ([Kind], [Key], [EntryId]) SELECT [k], [v], [e] FROM (" +
            "SELECT 1 AS [k], [ActorId] AS [v], [Id] AS [e] FROM [AuditEntries] WHERE [Id] > @from AND [Id] <= @to AND [ActorId] IS NOT NULL " +
            "UNION ALL SELECT 2 AS [k], [TargetId] AS [v], [Id] AS [e] FROM [AuditEntries] WHERE [Id] > @from AND [Id] <= @to AND [TargetId] IS NOT NULL" +
            ") AS [n] ORDER BY [k], [v], [e]",
            AuditIndexer.InsertStatement(db));
    }

    [Fact]
    public async Task OnSqlServer_TheSearchesThroughASpan_TranslateToItsDialect()
    {
        await using var db = TestDb.SqlServerWithoutServer();
        var span = new AuditIndexSpan(10, 20);
        var actors = db.Users.Where(u => u.Email == "a@example.com").Select(u => u.Id);

        foreach (var sql in new[]
                 {
                     span.ByTarget(db, "t-1").Where(a => a.TargetType == "Interview").OrderBy(a => a.Id).ToQueryString(),
                     span.ByActors(db, actors).Where(a => a.Action == "Test.Action").OrderByDescending(a => a.Id).Skip(50).Take(50).ToQueryString(),
                 })
        {
            Assert.Contains("FROM [AuditIndex] AS", sql, StringComparison.Ordinal);
            Assert.Contains("UNION ALL", sql, StringComparison.Ordinal);
            Assert.DoesNotContain("\"", sql, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task TheMigration_IndexesTheEntriesAlreadyInTheTrail_AndStartsTheIndexerAfterThem()
    {
        await using var file = new TempSqliteFile();
        var options = new DbContextOptionsBuilder<SqliteDbContext>();
        DataSetup.ConfigureSqlite(options, file.ConnectionString);
        await using var db = new SqliteDbContext(options.Options);
        var migrator = db.GetService<IMigrator>();
        var migrations = db.Database.GetMigrations().ToList();
        var index = migrations.FindIndex(m => m.EndsWith("_AuditSearchIndex", StringComparison.Ordinal));
        await migrator.MigrateAsync(migrations[index - 1]);
        await using (var connection = new SqliteConnection(file.ConnectionString))
        {
            await connection.OpenAsync();
            await using var insert = connection.CreateCommand();
            // Entries as the trail before the migration held them (the chain's hashes do not matter here).
            insert.CommandText =
                "INSERT INTO AuditEntries (Id, AtUtc, ActorId, Action, TargetType, TargetId, PreviousHash, Hash) VALUES " +
                "(1, '2026-11-01 08:00:00', 'user-a', 'Test.Action', 'Thing', 't-1', '', ''), " +
                "(2, '2026-11-01 08:01:00', NULL, 'Test.System', NULL, NULL, '', ''), " +
                "(3, '2026-11-01 08:02:00', 'user-b', 'Test.Action', 'Thing', 't-1', '', '')";
            await insert.ExecuteNonQueryAsync();
        }

        await migrator.MigrateAsync();

        Assert.Equal(
            [(AuditIndexKind.Actor, "user-a", 1L), (AuditIndexKind.Target, "t-1", 1L), (AuditIndexKind.Actor, "user-b", 3L), (AuditIndexKind.Target, "t-1", 3L)],
            await db.AuditIndex.OrderBy(x => x.EntryId).ThenBy(x => x.Kind).Select(x => ValueTuple.Create(x.Kind, x.Key, x.EntryId)).ToListAsync());
        Assert.Equal(new AuditIndexSpan(3, 3), await AuditIndexSpan.ReadAsync(db, CancellationToken.None));
    }

    /// <summary>A SQLite file of its own (the migration test steps through migrations one at a time).</summary>
    private sealed class TempSqliteFile : IAsyncDisposable
    {
        private readonly string _directory = TestPaths.NewTempDirectory("audit-index");

        public string ConnectionString => $"Data Source={Path.Combine(_directory, "portal.db")};Pooling=False";

        public ValueTask DisposeAsync()
        {
            Directory.Delete(_directory, recursive: true);
            return ValueTask.CompletedTask;
        }
    }
}
