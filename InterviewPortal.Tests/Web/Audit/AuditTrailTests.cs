using InterviewPortal.Domain.Audit;
using InterviewPortal.Tests.TestSupport;
using InterviewPortal.Web.Data;
using InterviewPortal.Web.Features.Audit;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace InterviewPortal.Tests.Web.Audit;

[Collection(PortalHostCollection.Name)]
public sealed class AuditTrailTests(PortalAppFactoryFixture app) : IClassFixture<PortalAppFactoryFixture>
{
    /// <summary>Appends entries under an action name of their own, so each test finds exactly its own rows.</summary>
    private async Task<(string Action, List<long> Ids)> AppendAsync(int count)
    {
        var action = "Test." + Guid.NewGuid().ToString("N")[..8];
        await using var scope = app.Factory.Services.CreateAsyncScope();
        var audit = scope.ServiceProvider.GetRequiredService<AuditTrail>();
        for (var i = 0; i < count; i++)
        {
            await audit.RecordAsync(action, "Thing", $"t{i}", $"summary {i}");
        }

        var ids = await app.Factory.WithDbAsync(db => db.AuditEntries.AsNoTracking().Where(a => a.Action == action).OrderBy(a => a.Id).Select(a => a.Id).ToListAsync());
        return (action, ids);
    }

    [Fact]
    public async Task ThePortalIndexesNewEntriesByItself_WithinSeconds()
    {
        var (_, ids) = await AppendAsync(3);

        // The portal's own worker, once a second; nothing here runs a pass.
        var deadline = DateTime.UtcNow.AddSeconds(20);
        AuditIndexSpan span;
        while ((span = await app.Factory.WithDbAsync(db => AuditIndexSpan.ReadAsync(db, CancellationToken.None))).IndexedThrough < ids[^1])
        {
            Assert.True(DateTime.UtcNow < deadline, $"the trail is indexed through {span.IndexedThrough}, not yet {ids[^1]}");
            await Task.Delay(100);
        }

        var keys = await app.Factory.WithDbAsync(db => db.AuditIndex.Where(x => ids.Contains(x.EntryId) && x.Kind == AuditIndexKind.Target)
            .OrderBy(x => x.EntryId).Select(x => x.Key).ToListAsync());
        Assert.Equal(["t0", "t1", "t2"], keys);
    }

    [Fact]
    public async Task EditingOneRowDirectlyInTheDatabase_MakesVerificationNameExactlyThatEntry()
    {
        var (_, ids) = await AppendAsync(6);
        var victim = ids[3];
        await using (var connection = new SqliteConnection($"Data Source={app.Factory.DatabaseFile};Pooling=false"))
        {
            await connection.OpenAsync();
            await using var cmd = connection.CreateCommand();
            cmd.CommandText = "UPDATE AuditEntries SET Summary = 'nothing to see' WHERE Id = $id";
            cmd.Parameters.AddWithValue("$id", victim);
            Assert.Equal(1, await cmd.ExecuteNonQueryAsync());
        }

        await using var scope = app.Factory.Services.CreateAsyncScope();
        var report = await scope.ServiceProvider.GetRequiredService<AuditLogService>().VerifyAsync();

        Assert.False(report.IsIntact);
        Assert.Equal(victim, report.FirstBrokenId);
        Assert.Equal("AuditProblemContentChanged", report.Problem);

        // Put it back so the other tests of this class see an intact chain.
        await using (var connection = new SqliteConnection($"Data Source={app.Factory.DatabaseFile};Pooling=false"))
        {
            await connection.OpenAsync();
            await using var cmd = connection.CreateCommand();
            cmd.CommandText = "UPDATE AuditEntries SET Summary = 'summary 3' WHERE Id = $id"; // its original value
            cmd.Parameters.AddWithValue("$id", victim);
            await cmd.ExecuteNonQueryAsync();
        }
    }

    [Fact]
    public async Task Verification_ReportsIntact_ForEntriesWrittenByThePortal()
    {
        await AppendAsync(3);
        await using var scope = app.Factory.Services.CreateAsyncScope();

        var report = await scope.ServiceProvider.GetRequiredService<AuditLogService>().VerifyAsync();

        Assert.True(report.IsIntact, $"broken at {report.FirstBrokenId}: {report.Problem}");
        Assert.True(report.EntriesChecked >= 3);
    }

    [Fact]
    public async Task DbContext_RefusesToUpdateATrackedAuditEntry()
    {
        await AppendAsync(1);
        await using var db = await app.Factory.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        var entry = await db.AuditEntries.FirstAsync();
        db.Entry(entry).Property(e => e.Summary).CurrentValue = "changed";

        await Assert.ThrowsAsync<AuditTamperingException>(() => db.SaveChangesAsync());
    }

    [Fact]
    public async Task DbContext_RefusesToDeleteATrackedAuditEntry()
    {
        await AppendAsync(1);
        await using var db = await app.Factory.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        db.AuditEntries.Remove(await db.AuditEntries.FirstAsync());

        await Assert.ThrowsAsync<AuditTamperingException>(() => db.SaveChangesAsync());
    }

    [Fact]
    public async Task DbContext_RefusesBulkUpdateDeleteAndRawSql()
    {
        await AppendAsync(1);
        await using var db = await app.Factory.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();

        await Assert.ThrowsAsync<AuditTamperingException>(() => db.AuditEntries.ExecuteDeleteAsync());
        await Assert.ThrowsAsync<AuditTamperingException>(() => db.AuditEntries.ExecuteUpdateAsync(s => s.SetProperty(a => a.Summary, "x")));
        await Assert.ThrowsAsync<AuditTamperingException>(() => db.Database.ExecuteSqlRawAsync("DELETE FROM AuditEntries"));
        Assert.True(await db.AuditEntries.AnyAsync());
    }

    [Fact]
    public async Task ConcurrentAppends_KeepOneUnbrokenChain()
    {
        var before = await app.Factory.WithDbAsync(db => db.AuditEntries.CountAsync());
        await Parallel.ForEachAsync(Enumerable.Range(0, 40), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
        {
            await using var scope = app.Factory.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<AuditTrail>().RecordAsync("Test.Concurrent", "Thing", i.ToString(), ct: ct);
        });

        await using var scope = app.Factory.Services.CreateAsyncScope();
        var report = await scope.ServiceProvider.GetRequiredService<AuditLogService>().VerifyAsync();
        Assert.True(report.IsIntact, $"broken at {report.FirstBrokenId}: {report.Problem}");
        Assert.Equal(before + 40, await app.Factory.WithDbAsync(db => db.AuditEntries.CountAsync()));
    }

    [Fact]
    public async Task List_IsRefusedToRolesThatMayNotReadTheAuditLog()
    {
        await using var scope = app.Factory.Services.CreateAsyncScope();
        using var hr = AdminActor.As(scope.ServiceProvider, "hr-1", InterviewPortal.Domain.Identity.Roles.HR);

        var ex = await Assert.ThrowsAsync<InterviewPortal.Domain.DomainException>(() => scope.ServiceProvider.GetRequiredService<AuditLogService>().ListAsync(new AuditFilter(), 0, 10));

        Assert.Equal("NotAllowed", ex.MessageKey);
    }

    [Fact]
    public async Task List_FiltersByActionAndPagesOnTheServer()
    {
        var (action, _) = await AppendAsync(5);
        await using var scope = app.Factory.Services.CreateAsyncScope();
        using var auditor = AdminActor.As(scope.ServiceProvider, "auditor-1", InterviewPortal.Domain.Identity.Roles.Auditor);
        var service = scope.ServiceProvider.GetRequiredService<AuditLogService>();

        var page = await service.ListAsync(new AuditFilter(Action: action), page: 0, pageSize: 2);

        Assert.Equal(2, page.Rows.Count);
        Assert.Equal(5, page.TotalCount);
        Assert.All(page.Rows, r => Assert.Equal(action, r.Action));
        Assert.True(page.Rows[0].Id > page.Rows[1].Id); // newest first
    }

    [Fact]
    public async Task ListAndExport_FilterByActor_FindEachOfTheirEntriesOnce_IndexedOrNot()
    {
        var actor = "actor-" + Guid.NewGuid().ToString("N")[..8];
        var email = actor + "@example.com";
        await app.Factory.WithDbAsync(async db =>
        {
            db.Users.Add(new ApplicationUser { Id = actor, UserName = email, Email = email, DisplayName = actor, CreatedAtUtc = DateTime.UtcNow });
            return await db.SaveChangesAsync();
        });
        var action = "Test." + Guid.NewGuid().ToString("N")[..8];
        await using var scope = app.Factory.Services.CreateAsyncScope();
        var audit = scope.ServiceProvider.GetRequiredService<AuditTrail>();
        async Task RecordAsync(string? by, int i) => await audit.RecordAsync(new AuditEvent(action, "Thing", $"t{i}", null) { ActorId = by });
        for (var i = 0; i < 3; i++)
        {
            await RecordAsync(actor, i);
        }

        // The first three through the search index, the next two (unless the portal's worker gets there first) by number.
        await app.Factory.Services.GetRequiredService<AuditIndexer>().CatchUpAsync(CancellationToken.None);
        await RecordAsync(actor, 3);
        await RecordAsync("someone-else", 4);
        await RecordAsync(actor, 5);

        using var auditor = AdminActor.As(scope.ServiceProvider, "auditor-1", InterviewPortal.Domain.Identity.Roles.Auditor);
        var service = scope.ServiceProvider.GetRequiredService<AuditLogService>();
        var filter = new AuditFilter(Actor: email, Action: action);
        var first = await service.ListAsync(filter, page: 0, pageSize: 3);
        var second = await service.ListAsync(filter, page: 1, pageSize: 3);

        Assert.Equal(5, first.TotalCount);
        Assert.Equal(["t5", "t3", "t2", "t1", "t0"], [.. first.Rows.Concat(second.Rows).Select(r => r.TargetId!)]);
        Assert.All(first.Rows.Concat(second.Rows), r => Assert.Equal(actor, r.ActorId));
        Assert.Equal(actor, first.Rows[0].ActorName);
        Assert.Equal(5, (await service.ExportCsvAsync(filter)).Rows);
    }
}
