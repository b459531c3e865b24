#!/usr/bin/env -S dotnet run
#:project ../InterviewPortal.Web/InterviewPortal.Web.csproj
#:property OutputType=Exe
#:property PublishAot=false

using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using InterviewPortal.Domain.Interviews;
using InterviewPortal.Domain.Invitations;
using InterviewPortal.Domain.Recruiting;
using InterviewPortal.Web.Data;
using InterviewPortal.Web.Setup;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

// Join endpoint benchmark: POST /api/mp/v1/interviews/{id}/join (session lookup, interview check, ZEGO token, tracking
// and the audit entry, committed) next to GET /api/mp/v1/ping (the same pipeline, nothing behind it), on loopback, in
// the same run. The portal runs as its own Release process on a seeded SQLite file; every join request is a different
// candidate inside their join window with a live invitation, so each one really issues a token and writes its audit
// entry (the join's record, which the invitation's tracking counts).
//   args: <portal dll> [seconds per endpoint = 10] [concurrency = 32] [candidates = 4000]
var dll = args[0];
var seconds = args.Length > 1 ? int.Parse(args[1]) : 10;
var concurrency = args.Length > 2 ? int.Parse(args[2]) : 32;
var candidates = args.Length > 3 ? int.Parse(args[3]) : 4000;
var port = 5198;
var dir = Directory.CreateTempSubdirectory("interviewportal-join-bench-");
Process? portal = null;
try
{
    var dbFile = Path.Combine(dir.FullName, "portal.db");
    var sessions = await SeedAsync(dbFile, candidates);

    portal = Process.Start(new ProcessStartInfo("dotnet", [dll])
    {
        RedirectStandardOutput = true,
        RedirectStandardError = true,
        Environment =
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ConnectionStrings__Portal"] = $"Data Source={dbFile}",
            ["Bootstrap__AdminPassword"] = "Benchmark-Passphrase-2026",
            ["Logs__Directory"] = Path.Combine(dir.FullName, "logs"),
            ["Storage__FilesDirectory"] = Path.Combine(dir.FullName, "files"),
            ["Invitations__KeyFile"] = Path.Combine(dir.FullName, "keys", "invitation.key"),
            ["Jobs__RunServer"] = "false",
            ["Zego__AppId"] = "1234567890",
            ["Zego__ServerSecret"] = "0123456789abcdef0123456789abcdef",
            // The limits protect production from one abusive client; the benchmark is one client on purpose.
            ["MiniProgram__CallsPerMinute"] = "100000000",
            ["MiniProgram__CallsPerMinutePerIp"] = "100000000",
            ["Kestrel__Endpoints__Http__Url"] = $"http://127.0.0.1:{port}",
        },
    })!;
    portal.OutputDataReceived += (_, _) => { };
    portal.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine("portal: " + e.Data); };
    portal.BeginOutputReadLine();
    portal.BeginErrorReadLine();

    using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency * 2, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
    {
        BaseAddress = new Uri($"http://127.0.0.1:{port}"),
    };
    await WaitHealthyAsync(http);

    Console.WriteLine($"Join benchmark: {seconds} s per endpoint, {concurrency} concurrent clients, loopback, {Environment.ProcessorCount} cores, .NET {Environment.Version}, load average {LoadAverage()}");
    // Warm both paths first (JIT, connection pool, SQLite caches), with candidates the measured run does not use.
    var warm = sessions.Take(15_000).ToArray();
    // Long enough for the JIT to have optimised both paths (a profile of the callback benchmark after 3 s still had a
    // third of its CPU in the JIT), so the runs measure the steady state; WARMUP_SECONDS to change it.
    var warmup = int.TryParse(Environment.GetEnvironmentVariable("WARMUP_SECONDS"), out var w) ? w : 15;
    await RunAsync(http, warmup, concurrency, k => Ping());
    var warmJoins = await RunAsync(http, warmup, concurrency, k => Join(warm[k % warm.Length]));

    var measured = sessions.Skip(warm.Length).ToArray();
    // For a profiler: JOIN_BENCH_PAUSE_SECONDS=n prints the portal's pid and waits n s before the measured runs.
    if (int.TryParse(Environment.GetEnvironmentVariable("JOIN_BENCH_PAUSE_SECONDS"), out var pause) && pause > 0)
    {
        Console.WriteLine($"portal pid {portal.Id}; measuring in {pause} s");
        await Task.Delay(TimeSpan.FromSeconds(pause));
    }

    // The warm-up's joins leave work behind them: the log's copy into the file, the audit index's last pass, the kernel
    // writing dirty pages back. The measured ping starts after it, so none of it is charged to the bare endpoint
    // (SETTLE_SECONDS to change it).
    await Task.Delay(TimeSpan.FromSeconds(int.TryParse(Environment.GetEnvironmentVariable("SETTLE_SECONDS"), out var settle) ? settle : 5));
    portal.Refresh();
    var cpu0 = portal.TotalProcessorTime;
    var bare = await RunAsync(http, seconds, concurrency, _ => Ping());
    portal.Refresh();
    var cpu1 = portal.TotalProcessorTime;
    var join = await RunAsync(http, seconds, concurrency, k => Join(measured[k % measured.Length]));
    portal.Refresh();
    var cpu2 = portal.TotalProcessorTime;
    Print("GET  /api/mp/v1/ping (bare)", bare, cpu1 - cpu0);
    Print("POST /api/mp/v1/interviews/{id}/join", join, cpu2 - cpu1);
    Console.WriteLine($"join / bare throughput: {join.PerSecond / bare.PerSecond:P1} (goal ≥ 30%); every join a different candidate: {(join.Count <= measured.Length ? "yes" : $"no, {measured.Length} candidates reused")}");
    // The trail's search index (decision 0015) is written behind the joins: timed from the last join.
    var indexing = Stopwatch.StartNew();
    await using (var check = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={dbFile}"))
    {
        await check.OpenAsync();
        await using var count = check.CreateCommand();
        // Each granted join's record is its audit entry (the invitation's tracking counts them there).
        count.CommandText = "SELECT COUNT(*) FROM AuditEntries WHERE Action = 'Video.TokenIssued'";
        Console.WriteLine($"joins recorded in the audit trail: {(long)(await count.ExecuteScalarAsync())!:N0} (joins answered 200, warm-up and measured: {warmJoins.Count - warmJoins.Failures + join.Count - join.Failures:N0})");

        // How long until the search index has them all.
        await using var progress = check.CreateCommand();
        progress.CommandText = "SELECT (SELECT ThroughEntryId FROM AuditIndexProgress), (SELECT MAX(Id) FROM AuditEntries), (SELECT COUNT(*) FROM AuditIndex)";
        while (true)
        {
            await using var reader = await progress.ExecuteReaderAsync();
            await reader.ReadAsync();
            var (through, head, keys) = (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
            if (through == head || indexing.Elapsed > TimeSpan.FromSeconds(60))
            {
                Console.WriteLine($"audit index: through entry {through:N0} of {head:N0}, {keys:N0} keys, {indexing.Elapsed.TotalSeconds:N1} s after the last join");
                break;
            }

            await Task.Delay(100);
        }
    }
}
finally
{
    if (portal is { HasExited: false })
    {
        portal.Kill(entireProcessTree: true);
        await portal.WaitForExitAsync();
    }

    dir.Delete(recursive: true);
}

static HttpRequestMessage Ping() => new(HttpMethod.Get, "/api/mp/v1/ping");

static HttpRequestMessage Join((string Token, Guid Interview) s) => new(HttpMethod.Post, $"/api/mp/v1/interviews/{s.Interview}/join")
{
    Headers = { Authorization = new AuthenticationHeaderValue("Bearer", s.Token) },
};

static async Task<Result> RunAsync(HttpClient http, int seconds, int concurrency, Func<int, HttpRequestMessage> request)
{
    var next = -1;
    var failures = 0;
    var latencies = new List<double>[concurrency];
    var stop = Stopwatch.StartNew();
    var deadline = TimeSpan.FromSeconds(seconds);
    await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async w =>
    {
        var mine = latencies[w] = new List<double>(100_000);
        while (stop.Elapsed < deadline)
        {
            var k = Interlocked.Increment(ref next);
            var started = Stopwatch.GetTimestamp();
            using var response = await http.SendAsync(request(k));
            await response.Content.ReadAsByteArrayAsync();
            mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                if (Interlocked.Increment(ref failures) <= 3)
                {
                    Console.Error.WriteLine($"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                }
            }
        }
    }));
    var all = latencies.SelectMany(l => l).Order().ToArray();
    return new Result(all.Length, all.Length / stop.Elapsed.TotalSeconds, all[all.Length / 2], all[(int)(all.Length * 0.99)], all[(int)(all.Length * 0.999)], all[^1], failures);
}

static void Print(string name, Result r, TimeSpan portalCpu) =>
    Console.WriteLine($"{name,-40} {r.PerSecond,9:N0} req/s | p50 {r.P50,6:N2} ms | p99 {r.P99,6:N2} ms | p99.9 {r.P999,6:N2} ms | max {r.Max,6:N1} ms | portal CPU {portalCpu.TotalMilliseconds * 1000 / r.Count,6:N0} µs/request | {r.Count:N0} requests, {r.Failures} not 200");

static async Task WaitHealthyAsync(HttpClient http)
{
    for (var i = 0; i < 600; i++)
    {
        try
        {
            if ((await http.GetAsync("/health")).IsSuccessStatusCode)
            {
                return;
            }
        }
        catch (HttpRequestException)
        {
        }

        await Task.Delay(100);
    }

    throw new InvalidOperationException("The portal did not become healthy.");
}

static async Task<List<(string Token, Guid Interview)>> SeedAsync(string dbFile, int count)
{
    var configuration = new ConfigurationBuilder().AddInMemoryCollection([new("ConnectionStrings:Portal", $"Data Source={dbFile}")]).Build();
    var settings = DatabaseSettings.From(configuration, Path.GetDirectoryName(dbFile)!);
    var services = new ServiceCollection();
    services.AddLogging();
    services.AddSingleton(settings);
    services.AddPortalDbContexts(settings);
    await using var provider = services.BuildServiceProvider();
    await provider.MigratePortalDatabaseAsync();
    var factory = provider.GetRequiredService<IDbContextFactory<AppDbContext>>();
    await using var db = await factory.CreateDbContextAsync();
    var now = DateTime.UtcNow;
    var interviewer = new ApplicationUser { Id = Guid.NewGuid().ToString(), UserName = "bench.interviewer@example.com", Email = "bench.interviewer@example.com", DisplayName = "面试官", CreatedAtUtc = now };
    db.Users.Add(interviewer);
    var position = Position.Create(Guid.NewGuid(), "后端工程师", "研发部", "上海", interviewer.Id, [], now);
    db.Positions.Add(position);
    var result = new List<(string, Guid)>(count);
    for (var k = 0; k < count; k++)
    {
        var candidate = Candidate.Create(Guid.NewGuid(), $"候选人{k}", $"139{k:D8}", null, CandidateSource.Direct, null, [position.Id], interviewer.Id, now);
        candidate.BindWeChat($"bench-openid-{k}", now);
        db.Candidates.Add(candidate);
        // Starting in five minutes: inside the join window (it opens ten minutes before the start).
        var interview = Interview.Schedule(Guid.NewGuid(), candidate.Id, position.Id, null, InterviewRound.Technical, now.AddMinutes(5), 60, [interviewer.Id], null, null, interviewer.Id, now);
        db.Interviews.Add(interview);
        // As scheduling does: each interview has its live invitation.
        var invitationToken = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        db.Invitations.Add(Invitation.Issue(Guid.NewGuid(), interview.Id, candidate.Id, interview.Version, InvitationToken.Hash(invitationToken),
            "bench-protected-" + invitationToken, interview.EndUtc.AddMinutes(30), interviewer.Id, now));
        var token = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        db.MiniProgramSessions.Add(MiniProgramSession.Start(InvitationToken.Hash(token), $"bench-openid-{k}", now, TimeSpan.FromHours(2)));
        result.Add((token, interview.Id));
    }

    await db.SaveChangesAsync();
    return result;
}

static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

sealed record Result(int Count, double PerSecond, double P50, double P99, double P999, double Max, int Failures);
