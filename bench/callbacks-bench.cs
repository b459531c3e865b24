#!/usr/bin/env -S dotnet run
#:project ../InterviewPortal.Web/InterviewPortal.Web.csproj
#:property OutputType=Exe
#:property PublishAot=false

using System.Diagnostics;
using System.Net;
using System.Text;
using InterviewPortal.Web.Data;
using InterviewPortal.Web.Integrations.Zego;
using InterviewPortal.Web.Setup;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

// ZEGO callback benchmark (issue 6), against the portal as its own Release process on a fresh SQLite file, on loopback:
//  1. duplicates: 1,000 distinct events, each delivered 3 times (fresh nonce and signature each time, as a ZEGO retry
//     may be), all 3,000 shuffled and sent concurrently → every answer 200 and exactly 1,000 stored events;
//  2. throughput: distinct signed events for N seconds at the given concurrency → requests/s, p50 and p99.
//   args: <portal dll> [seconds = 10] [concurrency = 32]
var dll = args[0];
var seconds = args.Length > 1 ? int.Parse(args[1]) : 10;
var concurrency = args.Length > 2 ? int.Parse(args[2]) : 32;
const string Secret = "bench_callback_secret_0001";
var port = 5199;
var dir = Directory.CreateTempSubdirectory("interviewportal-callback-bench-");
Process? portal = null;
try
{
    var dbFile = Path.Combine(dir.FullName, "portal.db");
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
            ["Zego__CallbackSecret"] = Secret,
            // The limit protects production from one abusive address; the benchmark is one address on purpose.
            ["RateLimits__ZegoCallbacksPerMinutePerIp"] = "100000000",
            ["Kestrel__Endpoints__Http__Url"] = $"http://127.0.0.1:{port}",
            ["DOTNET_PerfMapEnabled"] = Environment.GetEnvironmentVariable("DOTNET_PerfMapEnabled") ?? "0",
        },
    })!;
    portal.OutputDataReceived += (_, _) => { };
    portal.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine("portal: " + e.Data); };
    portal.BeginOutputReadLine();
    portal.BeginErrorReadLine();

    using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency * 2 }) { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
    await WaitHealthyAsync(http);
    Console.WriteLine($"ZEGO callback benchmark: loopback, {concurrency} concurrent clients, {Environment.ProcessorCount} cores, .NET {Environment.Version}, load average {LoadAverage()}");

    var nonce = 0L;
    string Body(int room, int seq) => Signed($$"""{"event":"room_login","appid":"1234567890","room_id":"bench-room-{{room}}","room_name":"","room_seq":"9007199254740993","user_account":"c{{seq}}","user_nickname":"c{{seq}}","session_id":"{{seq}}","login_time":"{{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}}","user_role":"2","auth_level":"4","relogin":"0","user_update_seq":"{{seq}}","callback_data":"","term_type":"7","timestamp":"TS","nonce":"NONCE","signature":"SIG"}""");
    string Signed(string template)
    {
        var ts = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString();
        var n = "b" + Interlocked.Increment(ref nonce);
        return template.Replace("\"TS\"", $"\"{ts}\"").Replace("NONCE", n).Replace("SIG", ZegoCallback.Sign(Secret, ts, n));
    }

    // Warm-up (connections, SQLite, and the JIT: a profile of a 3 s warm-up showed a third of the measured run's CPU
    // still in the JIT's tier-up), with events the measured runs do not use; WARMUP_SECONDS to change it.
    var warmup = int.TryParse(Environment.GetEnvironmentVariable("WARMUP_SECONDS"), out var w) ? w : 15;
    await RunAsync(http, warmup, concurrency, k => Body(900 + k % 50, 1_000_000 + k));

    // 1. Duplicates.
    var deliveries = Enumerable.Range(0, 1000).SelectMany(e => Enumerable.Repeat(e, 3)).OrderBy(_ => Random.Shared.Next()).ToArray();
    var dup = await RunListAsync(http, concurrency, deliveries.Select(e => (Func<string>)(() => Body(e % 50, e))).ToArray());
    var stored = await CountAsync(dbFile, "bench-room-", 50);
    Console.WriteLine($"duplicates: 1,000 distinct events × 3 deliveries = {deliveries.Length:N0} requests, {dup.Count - dup.Failures:N0} answered 200, "
        + $"{stored:N0} events stored (expected 1,000) → {(stored == 1000 && dup.Failures == 0 ? "PASS" : "FAIL")}; p99 {dup.P99:N2} ms");

    // 2. Throughput: every request a new event.
    // For a profiler: CALLBACK_BENCH_PAUSE_SECONDS=n prints the portal's pid and waits n s before the throughput run.
    if (int.TryParse(Environment.GetEnvironmentVariable("CALLBACK_BENCH_PAUSE_SECONDS"), out var pause) && pause > 0)
    {
        Console.WriteLine($"portal pid {portal.Id}; measuring in {pause} s");
        await Task.Delay(TimeSpan.FromSeconds(pause));
    }

    portal.Refresh();
    var cpu0 = portal.TotalProcessorTime;
    var run = await RunAsync(http, seconds, concurrency, k => Body(100 + k % 500, 2_000_000 + k));
    portal.Refresh();
    var cpu = (portal.TotalProcessorTime - cpu0).TotalMilliseconds * 1000 / run.Count;
    Console.WriteLine($"throughput: {run.PerSecond:N0} req/s (goal ≥ 1,000) | p50 {run.P50:N2} ms | p99 {run.P99:N2} ms | portal CPU {cpu:N0} µs/request "
        + $"(storing and the background processing) | {run.Count:N0} requests, {run.Failures} not 200 | load average after {LoadAverage()}");
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

static HttpRequestMessage Post(string body) => new(HttpMethod.Post, ZegoCallbackEndpoints.Path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

static async Task<Result> RunAsync(HttpClient http, int seconds, int concurrency, Func<int, string> body)
{
    var next = -1;
    var stop = Stopwatch.StartNew();
    var deadline = TimeSpan.FromSeconds(seconds);
    return await MeasureAsync(http, concurrency, stop, () => stop.Elapsed < deadline ? body(Interlocked.Increment(ref next)) : null);
}

static Task<Result> RunListAsync(HttpClient http, int concurrency, Func<string>[] bodies)
{
    var next = -1;
    return MeasureAsync(http, concurrency, Stopwatch.StartNew(), () => Interlocked.Increment(ref next) is var k && k < bodies.Length ? bodies[k]() : null);
}

static async Task<Result> MeasureAsync(HttpClient http, int concurrency, Stopwatch clock, Func<string?> nextBody)
{
    var failures = 0;
    var latencies = new List<double>[concurrency];
    await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async w =>
    {
        var mine = latencies[w] = new List<double>(50_000);
        while (nextBody() is { } body)
        {
            var started = Stopwatch.GetTimestamp();
            using var response = await http.SendAsync(Post(body));
            await response.Content.ReadAsByteArrayAsync();
            mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            if (response.StatusCode != HttpStatusCode.OK && Interlocked.Increment(ref failures) <= 3)
            {
                Console.Error.WriteLine($"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            }
        }
    }));
    var all = latencies.SelectMany(l => l).Order().ToArray();
    return new Result(all.Length, all.Length / clock.Elapsed.TotalSeconds, all[all.Length / 2], all[(int)(all.Length * 0.99)], failures);
}

static async Task<int> CountAsync(string dbFile, string roomPrefix, int rooms)
{
    var configuration = new ConfigurationBuilder().AddInMemoryCollection([new("ConnectionStrings:Portal", $"Data Source={dbFile}")]).Build();
    var settings = DatabaseSettings.From(configuration, Path.GetDirectoryName(dbFile)!);
    var services = new ServiceCollection();
    services.AddLogging();
    services.AddSingleton(settings);
    services.AddPortalDbContexts(settings);
    await using var provider = services.BuildServiceProvider();
    await using var db = await provider.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
    var names = Enumerable.Range(0, rooms).Select(r => roomPrefix + r).ToList();
    return await db.ZegoCallbacks.CountAsync(c => names.Contains(c.RoomId!));
}

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

static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

sealed record Result(int Count, double PerSecond, double P50, double P99, int Failures);
