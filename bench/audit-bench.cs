#!/usr/bin/env -S dotnet run
#:project ../InterviewPortal.Web/InterviewPortal.Web.csproj
#:property OutputType=Exe
#:property PublishAot=false

using System.Diagnostics;
using System.Security.Claims;
using InterviewPortal.Domain.Audit;
using InterviewPortal.Domain.Identity;
using InterviewPortal.Web.Data;
using InterviewPortal.Web.Features.Audit;
using InterviewPortal.Web.Setup;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

// The audit trail on a fresh SQLite file database, through the portal's own services (Release build):
// 1. appends APPENDS entries (default 100,000) through AuditTrail.RecordAsync, the path every audited action takes
//    (one transaction per entry, the chain's head read under the write lock), one writer and then WRITERS concurrent
//    writers (default 8) sharing the count;
// 2. extends the chain to CHAIN entries (default 1,000,000) with correctly chained entries written in bulk (the append
//    path would take hours), then times AuditLogService.VerifyAsync over the whole chain (goal: ≤ 10 s);
// 3. changes the summary of the entry in the middle behind the portal's back (plain SQL on its own connection, as an
//    attacker with file access would) and times how long verification takes to name exactly that entry.
var appends = args.Length > 0 ? int.Parse(args[0]) : 100_000;
var chain = args.Length > 1 ? int.Parse(args[1]) : 1_000_000;
var writers = args.Length > 2 ? int.Parse(args[2]) : 8;
var dir = Directory.CreateTempSubdirectory("interviewportal-audit-bench-");
try
{
    var file = Path.Combine(dir.FullName, "bench.db");
    var configuration = new ConfigurationBuilder().AddInMemoryCollection([new("ConnectionStrings:Portal", $"Data Source={file}")]).Build();
    var settings = DatabaseSettings.From(configuration, dir.FullName);
    var services = new ServiceCollection();
    services.AddLogging();
    services.AddLocalization();
    services.AddSingleton(settings);
    services.AddPortalDbContexts(settings);
    services.AddPortalFeatures();
    await using var provider = services.BuildServiceProvider();
    await provider.MigratePortalDatabaseAsync();

    Console.WriteLine($"Audit trail benchmark: SQLite file database (WAL, synchronous=NORMAL), {Environment.ProcessorCount} cores, .NET {Environment.Version}, load average {LoadAverage()}");

    // 1. Appends through the real path.
    var single = appends / 2;
    var (wall, cpu) = await TimeAsync(async () =>
    {
        await using var scope = SignedIn(provider, Roles.Admin);
        var audit = scope.ServiceProvider.GetRequiredService<AuditTrail>();
        for (var i = 0; i < single; i++)
        {
            await audit.RecordAsync(Event(i));
        }
    });
    Console.WriteLine($"append, 1 writer:  {single,9:N0} entries in {wall.TotalSeconds,6:N1} s = {single / wall.TotalSeconds,7:N0} entries/s ({wall.TotalMilliseconds * 1000 / single:N0} µs each, CPU {cpu.TotalSeconds:N1} s)");
    var parallel = appends - single;
    (wall, cpu) = await TimeAsync(() => Parallel.ForEachAsync(Enumerable.Range(0, writers), new ParallelOptions { MaxDegreeOfParallelism = writers }, async (w, ct) =>
    {
        await using var scope = SignedIn(provider, Roles.Admin);
        var audit = scope.ServiceProvider.GetRequiredService<AuditTrail>();
        for (var i = w; i < parallel; i += writers)
        {
            await audit.RecordAsync(Event(single + i), ct);
        }
    }));
    Console.WriteLine($"append, {writers} writers: {parallel,9:N0} entries in {wall.TotalSeconds,6:N1} s = {parallel / wall.TotalSeconds,7:N0} entries/s (CPU {cpu.TotalSeconds:N1} s)");
    Console.WriteLine($"append, all:       {appends,9:N0} entries, load average {LoadAverage()}");

    // 2. A chain of CHAIN entries, verified.
    var factory = provider.GetRequiredService<IDbContextFactory<AppDbContext>>();
    var filled = Stopwatch.StartNew();
    AuditRecord previous;
    await using (var db = await factory.CreateDbContextAsync())
    {
        previous = await db.AuditEntries.AsNoTracking().OrderByDescending(a => a.Id).FirstAsync();
    }

    // Written with SaveChanges in batches (BulkInsert refuses audit entries on purpose); each entry chained as the
    // append path chains it, so verification cannot tell them apart.
    var at = DateTime.UtcNow;
    while (previous.Id < chain)
    {
        await using var db = await factory.CreateDbContextAsync();
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        var batch = new List<AuditRecord>(10_000);
        while (batch.Count < 10_000 && previous.Id < chain)
        {
            previous = AuditRecord.Append(previous, Event((int)previous.Id) with { ActorId = "bench-admin", ActorRole = Roles.Admin, IpAddress = "10.1.2.3", UserAgent = "Mozilla/5.0 (bench)", CorrelationId = "0HNBENCH" }, at.AddTicks(previous.Id * 10));
            batch.Add(previous);
        }

        db.AuditEntries.AddRange(batch);
        await db.SaveChangesAsync();
    }

    Console.WriteLine($"chain extended to {chain:N0} entries in {filled.Elapsed.TotalSeconds:N1} s (bulk, not timed as appends); database {new FileInfo(file).Length / 1024 / 1024:N0} MiB");
    await using var reader = SignedIn(provider, Roles.Auditor);
    var log = reader.ServiceProvider.GetRequiredService<AuditLogService>();
    AuditChainReport? report = null;
    for (var run = 1; run <= 3; run++)
    {
        (wall, cpu) = await TimeAsync(async () => report = await log.VerifyAsync());
        Console.WriteLine($"verify {chain:N0} entries, run {run}: {wall.TotalSeconds,5:N2} s (CPU {cpu.TotalSeconds:N2} s) -> {(report!.IsIntact ? "intact" : $"BROKEN at {report.FirstBrokenId}")}, {report.EntriesChecked:N0} checked, load average {LoadAverage()}");
        if (!report.IsIntact || report.EntriesChecked != chain)
        {
            throw new InvalidOperationException("the generated chain should verify");
        }
    }

    // Where the time goes: reading every entry (on one thread, key ranges of 5,000; EF Core untracked, and the plain
    // reader VerifyAsync uses) and hashing (one core).
    var readCount = 0L;
    (wall, cpu) = await TimeAsync(async () =>
    {
        long after = 0;
        while (true)
        {
            await using var db = await factory.CreateDbContextAsync();
            var batch = await db.AuditEntries.AsNoTracking().Where(a => a.Id > after).OrderBy(a => a.Id).Take(5000).ToListAsync();
            if (batch.Count == 0)
            {
                break;
            }

            readCount += batch.Count;
            after = batch[^1].Id;
        }
    });
    Console.WriteLine($"  reading {readCount:N0} entries with EF Core (untracked), one thread: {wall.TotalSeconds,5:N2} s (CPU {cpu.TotalSeconds:N2} s)");
    readCount = 0;
    (wall, cpu) = await TimeAsync(async () =>
    {
        await using var db = await factory.CreateDbContextAsync();
        for (long from = 1; from <= chain; from += 5000)
        {
            readCount += (await AuditLogService.ReadRangeAsync(db, from, from + 5000, CancellationToken.None)).Count;
        }
    });
    Console.WriteLine($"  reading {readCount:N0} entries with the plain reader VerifyAsync uses, one thread: {wall.TotalSeconds,5:N2} s (CPU {cpu.TotalSeconds:N2} s)");
    List<AuditRecord> sample;
    await using (var db = await factory.CreateDbContextAsync())
    {
        sample = await db.AuditEntries.AsNoTracking().OrderBy(a => a.Id).Take(100_000).ToListAsync();
    }

    (wall, cpu) = await TimeAsync(() =>
    {
        foreach (var r in sample)
        {
            _ = r.ComputeHash();
        }

        return Task.CompletedTask;
    });
    Console.WriteLine($"  and hashing on one core: {wall.TotalMilliseconds * 1000 / sample.Count:N2} µs per entry (CPU {cpu.TotalMilliseconds * 1000 / sample.Count:N2} µs), i.e. {wall.TotalSeconds * chain / sample.Count:N1} s for {chain:N0}");

    // 3. One entry in the middle changed behind the portal's back.
    var victim = chain / 2;
    await using (var connection = new SqliteConnection($"Data Source={file};Pooling=false"))
    {
        await connection.OpenAsync();
        await using var update = connection.CreateCommand();
        update.CommandText = "UPDATE AuditEntries SET Summary = 'nothing happened here' WHERE Id = $id";
        update.Parameters.AddWithValue("$id", victim);
        if (await update.ExecuteNonQueryAsync() != 1)
        {
            throw new InvalidOperationException("no such entry");
        }
    }

    for (var run = 1; run <= 3; run++)
    {
        (wall, cpu) = await TimeAsync(async () => report = await log.VerifyAsync());
        Console.WriteLine($"find the tampered entry {victim:N0}, run {run}: {wall.TotalSeconds,5:N2} s (CPU {cpu.TotalSeconds:N2} s) -> {(report!.IsIntact ? "INTACT (missed!)" : $"broken at {report.FirstBrokenId}: {report.Problem}")}, load average {LoadAverage()}");
        if (report.FirstBrokenId != victim)
        {
            throw new InvalidOperationException("verification did not name the tampered entry");
        }
    }
}
finally
{
    SqliteConnection.ClearAllPools();
    dir.Delete(recursive: true);
}

static AuditEvent Event(int i) =>
    new(i % 3 == 0 ? AuditActions.CandidateViewed : i % 3 == 1 ? AuditActions.InterviewRescheduled : AuditActions.VideoTokenIssued,
        i % 3 == 0 ? "Candidate" : "Interview", Guid.NewGuid().ToString(), $"bench entry {i}: 张三 → 李四, 2026-03-01 10:00 → 11:00; reason 面试官出差");

static AsyncServiceScope SignedIn(IServiceProvider provider, string role)
{
    var scope = provider.CreateAsyncScope();
    scope.ServiceProvider.GetRequiredService<IHttpContextAccessor>().HttpContext = new DefaultHttpContext
    {
        RequestServices = scope.ServiceProvider,
        User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, "bench-admin"), new Claim(ClaimTypes.Role, role)], "bench")),
    };
    return scope;
}

static async Task<(TimeSpan Wall, TimeSpan Cpu)> TimeAsync(Func<Task> work)
{
    var cpu = Process.GetCurrentProcess().TotalProcessorTime;
    var watch = Stopwatch.StartNew();
    await work();
    return (watch.Elapsed, Process.GetCurrentProcess().TotalProcessorTime - cpu);
}

static string LoadAverage() =>
    File.Exists("/proc/loadavg") ? string.Join(" / ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
