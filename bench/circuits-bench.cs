#!/usr/bin/env -S dotnet run
#:project ../InterviewPortal.Web/InterviewPortal.Web.csproj
#:package Microsoft.AspNetCore.SignalR.Client
#:package Microsoft.AspNetCore.SignalR.Protocols.MessagePack
#:package MessagePack
#:package Microsoft.Diagnostics.NETCore.Client
#:package Microsoft.Diagnostics.Tracing.TraceEvent
#:property OutputType=Exe
#:property PublishAot=false

using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Tracing;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using InterviewPortal.Domain.Identity;
using InterviewPortal.Domain.Interviews;
using InterviewPortal.Domain.Recruiting;
using InterviewPortal.Web.Data;
using InterviewPortal.Web.Setup;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Parsers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

// Interactive circuits on the interviews page: CIRCUITS signed-in browsers' worth of Blazor Server circuits held open
// at once against a Release portal process (its own SQLite file, seeded), each driven by a SignalR client speaking
// the Blazor protocol as blazor.web.js does (prerendered page, StartCircuit, the root components' markers, render
// batches acknowledged, JS interop calls answered). Measures:
//   1. the portal's managed heap after a full blocking GC, before and after the circuits open (the GC is induced and
//      the heap read through EventPipe, as dotnet-gcdump does: nothing in the portal is added for the benchmark);
//   2. with ACTIVE of those circuits clicking the grid's pager (next, previous, ...) with THINK ms between clicks,
//      the server-side duration of each event from ASP.NET Core's own meter
//      (Microsoft.AspNetCore.Components / aspnetcore.components.handle_event.duration, read over EventPipe like
//      dotnet-counters does), and the client-side time from the click to the render batch with the new rows.
//   args: <portal dll> [circuits = 200] [active = 100] [seconds = 30] [think ms = 1000]
var dll = args[0];
var circuitCount = args.Length > 1 ? int.Parse(args[1]) : 200;
var activeCount = args.Length > 2 ? int.Parse(args[2]) : 100;
var seconds = args.Length > 3 ? int.Parse(args[3]) : 30;
var thinkMs = args.Length > 4 ? int.Parse(args[4]) : 1000;
const int Interviews = 2000;
const string Email = "hr.bench@bench.example.com";
const string Password = "Bench-Passphrase-2026";
var port = 5199;
var dir = Directory.CreateTempSubdirectory("interviewportal-circuits-bench-");
Process? portal = null;
try
{
    var dbFile = Path.Combine(dir.FullName, "portal.db");
    // Another portal on the port (an earlier run still going) would answer this run's requests.
    var portInUse = false;
    try
    {
        using var probe = new System.Net.Sockets.TcpClient();
        await probe.ConnectAsync("127.0.0.1", port);
        portInUse = true;
    }
    catch (System.Net.Sockets.SocketException)
    {
    }

    if (portInUse)
    {
        throw new InvalidOperationException($"Port {port} is already in use: is another benchmark running?");
    }

    await SeedAsync(dbFile);

    portal = Process.Start(new ProcessStartInfo("dotnet", [dll])
    {
        RedirectStandardOutput = true,
        RedirectStandardError = true,
        Environment =
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ConnectionStrings__Portal"] = $"Data Source={dbFile}",
            ["Logs__Directory"] = Path.Combine(dir.FullName, "logs"),
            ["Storage__FilesDirectory"] = Path.Combine(dir.FullName, "files"),
            ["Invitations__KeyFile"] = Path.Combine(dir.FullName, "keys", "invitation.key"),
            ["Jobs__RunServer"] = "false",
            ["Kestrel__Endpoints__Http__Url"] = $"http://127.0.0.1:{port}",
            ["DetailedErrors"] = Environment.GetEnvironmentVariable("CIRCUITS_BENCH_TRACE") == "1" ? "true" : "false",
        },
    })!;
    portal.OutputDataReceived += (_, _) => { };
    portal.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine("portal: " + e.Data); };
    portal.BeginOutputReadLine();
    portal.BeginErrorReadLine();

    var baseUri = $"http://127.0.0.1:{port}/";
    var cookies = new CookieContainer();
    using var http = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = new Uri(baseUri) };
    await WaitHealthyAsync(http);
    await SignInAsync(http);

    Console.WriteLine($"Circuit benchmark: {circuitCount} circuits on /interviews, {activeCount} of them clicking the {(BlazorCircuit.SortMode ? "start column's sort button" : "pager")} every {thinkMs} ms for {seconds} s; " +
        $"{Interviews:N0} interviews; {Environment.ProcessorCount} cores, .NET {Environment.Version}, load average {LoadAverage()}");

    // Warm the portal up (JIT, MudBlazor's and the portal's caches, connection pools) with circuits that then close the
    // way a browser tab does (the disconnect beacon), so the baseline holds everything but the circuits themselves.
    var warm = new List<BlazorCircuit>();
    for (var i = 0; i < 10; i++)
    {
        warm.Add(await BlazorCircuit.OpenAsync(http, cookies, baseUri, "interviews"));
    }

    var warmStop = Stopwatch.StartNew();
    await Task.WhenAll(warm.Select(async c =>
    {
        while (warmStop.Elapsed < TimeSpan.FromSeconds(10))
        {
            await c.ClickPagerAsync();
        }
    }));
    foreach (var c in warm)
    {
        await c.CloseAsync(http);
    }

    await WaitUntilQuietAsync(portal);
    var before = await HeapAfterFullGcAsync(portal.Id);
    var rssBefore = Rss(portal.Id);

    var opened = Stopwatch.StartNew();
    var circuits = new BlazorCircuit[circuitCount];
    // A few at a time, as people arriving would; all of them stay open to the end.
    using (var gate = new SemaphoreSlim(8))
    {
        await Task.WhenAll(Enumerable.Range(0, circuitCount).Select(async i =>
        {
            await gate.WaitAsync();
            try
            {
                circuits[i] = await BlazorCircuit.OpenAsync(http, cookies, baseUri, "interviews");
            }
            finally
            {
                gate.Release();
            }
        }));
    }

    Console.WriteLine($"{circuitCount} circuits open in {opened.Elapsed.TotalSeconds:N1} s (each: prerendered page, circuit started, grid's first page rendered)");

    // CIRCUITS_BENCH_REACH: each circuit's pointer then reaches every element that waits for it (the interviews page's
    // filters and the app bar, whose pickers and menus are stand-ins until then), as for a page in use. =1 stops there
    // (the pointer stays: pickers and menus made, closed); =open then opens the position picker's list (the focus on
    // its input); =left opens and closes that list (Escape) and then moves the pointer and the focus out of the filters
    // and the app bar, and waits until the portal has asked each circuit whether they are still in use (portal.inUse,
    // answered "no"), for the memory of pages after use.
    if (BlazorCircuit.Reach is not null)
    {
        var reached = 0;
        foreach (var c in circuits)
        {
            reached += await c.ReachAsync();
        }

        Console.WriteLine($"The pointer reached {reached / (double)circuitCount:N1} elements a circuit (pointerenter)");
        if (BlazorCircuit.Reach is "open" or "left")
        {
            foreach (var c in circuits)
            {
                await c.OpenPositionPickerAsync();
            }

            Console.WriteLine($"The position picker's list opened in each circuit ({BlazorCircuit.Options(circuits)} options shown a circuit)");
        }

        if (BlazorCircuit.Reach == "left")
        {
            var left = 0;
            foreach (var c in circuits)
            {
                await c.ClosePositionPickerAsync();
                left += await c.LeaveAsync();
            }

            var asked = Stopwatch.StartNew();
            await Task.WhenAll(circuits.Select(c => c.AskedTwiceAsync()));
            Console.WriteLine($"Then closed it (Escape), and the pointer and the focus left: {left / (double)circuitCount:N1} pointerleave and focusout handlers a circuit " +
                $"(the filters', the app bar's, the navigation's, MudBlazor's); every circuit was asked whether its filters and app bar were still in use {asked.Elapsed.TotalSeconds:N1} s after the last left");
        }
    }
    await WaitUntilQuietAsync(portal);
    var after = await HeapAfterFullGcAsync(portal.Id);
    var rssAfter = Rss(portal.Id);
    Console.WriteLine($"Managed heap after a full blocking GC: {Mb(before.Total)} before, {Mb(after.Total)} with {circuitCount} circuits " +
        $"(gen0 {Mb(after.Gen0)}, gen1 {Mb(after.Gen1)}, gen2 {Mb(after.Gen2)}, LOH {Mb(after.Loh)}, POH {Mb(after.Poh)})");
    var perCircuit = (after.Total - before.Total) / (double)circuitCount;
    Console.WriteLine($"Memory per circuit (managed heap delta / {circuitCount}): {perCircuit / 1024:N0} KB (goal ≤ 500 KB); " +
        $"process RSS {Mb(rssBefore)} → {Mb(rssAfter)}, {(rssAfter - rssBefore) / 1024.0 / circuitCount:N0} KB per circuit (RSS includes what the GC keeps committed)");

    // For a heap snapshot of the portal with the circuits open: CIRCUITS_BENCH_PAUSE_SECONDS=n prints its pid and
    // waits n s (e.g. `dotnet-gcdump collect -p <pid>`, then `dotnet-gcdump report <file>`).
    if (int.TryParse(Environment.GetEnvironmentVariable("CIRCUITS_BENCH_PAUSE_SECONDS"), out var pause) && pause > 0)
    {
        Console.WriteLine($"portal pid {portal.Id}; measuring events in {pause} s");
        await Task.Delay(TimeSpan.FromSeconds(pause));
    }

    // Every open circuit must still be alive: a click on each of the idle ones after the measurement.
    var active = circuits.Take(activeCount).ToArray();
    var load0 = LoadAverage();
    portal.Refresh();
    var cpu0 = portal.TotalProcessorTime;
    var benchCpu0 = Process.GetCurrentProcess().TotalProcessorTime;
    using var meter = new ServerEventMeter(portal.Id, seconds + 5);
    await meter.StartedAsync();
    var run = Stopwatch.StartNew();
    var clientTimes = new ConcurrentBag<double>();
    await Task.WhenAll(active.Select(async (c, i) =>
    {
        // Spread the first clicks over one think time so the circuits do not click in step.
        await Task.Delay(thinkMs * i / Math.Max(1, active.Length));
        while (run.Elapsed < TimeSpan.FromSeconds(seconds))
        {
            clientTimes.Add(await c.ClickPagerAsync());
            await Task.Delay(thinkMs);
        }
    }));
    var elapsed = run.Elapsed;
    portal.Refresh();
    var cpu1 = portal.TotalProcessorTime;
    var benchCpu = Process.GetCurrentProcess().TotalProcessorTime - benchCpu0;
    var server = await meter.ResultAsync();
    var client = clientTimes.Order().ToArray();
    Console.WriteLine($"{active.Length} active circuits, {client.Length:N0} clicks in {elapsed.TotalSeconds:N1} s ({client.Length / elapsed.TotalSeconds:N1}/s), " +
        $"portal CPU {(cpu1 - cpu0).TotalSeconds / elapsed.TotalSeconds:P0} of one core, this client {benchCpu.TotalSeconds / elapsed.TotalSeconds:P0}, load average {load0} before, {LoadAverage()} after");
    Console.WriteLine($"Server-side event handling (aspnetcore.components.handle_event.duration, {server.Count:N0} events): " +
        $"p50 {server.P50:N1} ms, p95 {server.P95:N1} ms, p99 {server.P99:N1} ms (goal p95 ≤ 100 ms)");
    Console.WriteLine($"Client-side click to {(BlazorCircuit.SortMode ? "the end of the event's DispatchEventAsync call" : "the render batch with the new page's rows")}: p50 {Pct(client, 0.50):N1} ms, p95 {Pct(client, 0.95):N1} ms, p99 {Pct(client, 0.99):N1} ms, max {client[^1]:N1} ms");

    var idleAlive = 0;
    foreach (var c in circuits.Skip(activeCount))
    {
        await c.ClickPagerAsync();
        idleAlive++;
    }

    Console.WriteLine($"Idle circuits still answering afterwards: {idleAlive} of {circuitCount - activeCount}");
    foreach (var c in circuits)
    {
        await c.CloseAsync(http);
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

// Before a heap reading: until the portal has used under 5 % of a core for a whole second (at most 60 s), so renders,
// interop calls and batches still in flight on a loaded machine are not counted as the circuits' memory.
static async Task WaitUntilQuietAsync(Process portal)
{
    await Task.Delay(2000);
    for (var i = 0; i < 60; i++)
    {
        portal.Refresh();
        var cpu = portal.TotalProcessorTime;
        await Task.Delay(1000);
        portal.Refresh();
        if ((portal.TotalProcessorTime - cpu).TotalMilliseconds < 50)
        {
            return;
        }
    }
}

static double Pct(double[] sorted, double p) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)(sorted.Length * p))];

static string Mb(long bytes) => $"{bytes / 1024.0 / 1024:N1} MiB";

static long Rss(int pid)
{
    var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
    return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
}

// Induces a full blocking GC in the portal and reads the generation sizes it leaves, the way dotnet-gcdump triggers
// its collection: an EventPipe session with the runtime's GCHeapCollect keyword.
static async Task<Heap> HeapAfterFullGcAsync(int pid)
{
    const long GcKeyword = 0x1, GcHeapCollectKeyword = 0x800000;
    var client = new DiagnosticsClient(pid);
    using var session = client.StartEventPipeSession(
        [new EventPipeProvider("Microsoft-Windows-DotNETRuntime", EventLevel.Informational, GcKeyword | GcHeapCollectKeyword)], requestRundown: false);
    var source = new EventPipeEventSource(session.EventStream);
    var result = new TaskCompletionSource<Heap>(TaskCreationOptions.RunContinuationsAsynchronously);
    var induced = false;
    source.Clr.GCStart += e => induced |= e.Depth == 2 && e.Reason is Microsoft.Diagnostics.Tracing.Parsers.Clr.GCReason.Induced;
    source.Clr.GCHeapStats += e =>
    {
        if (induced)
        {
            result.TrySetResult(new Heap(e.GenerationSize0, e.GenerationSize1, e.GenerationSize2, e.GenerationSize3, e.GenerationSize4));
        }
    };
    var processing = Task.Run(source.Process);
    var heap = await result.Task.WaitAsync(TimeSpan.FromSeconds(60));
    session.Stop();
    await processing;
    return heap;
}

static async Task WaitHealthyAsync(HttpClient http)
{
    for (var i = 0; i < 1200; i++)
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

static async Task SignInAsync(HttpClient http)
{
    var login = await http.GetStringAsync("/Account/Login");
    var fields = Regex.Matches(login, "<input[^>]*type=\"hidden\"[^>]*name=\"([^\"]+)\"[^>]*value=\"([^\"]*)\"").ToDictionary(m => m.Groups[1].Value, m => WebUtility.HtmlDecode(m.Groups[2].Value));
    fields["Input.Email"] = Email;
    fields["Input.Password"] = Password;
    var signedIn = await http.PostAsync("/Account/Login", new FormUrlEncodedContent(fields));
    if (signedIn.StatusCode != HttpStatusCode.Redirect)
    {
        throw new InvalidOperationException($"sign-in answered {(int)signedIn.StatusCode}");
    }
}

static async Task SeedAsync(string dbFile)
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
    var roles = Roles.All.ToDictionary(r => r, r => new IdentityRole(r) { NormalizedName = r.ToUpperInvariant() });
    db.Roles.AddRange(roles.Values);
    var hr = new ApplicationUser
    {
        Id = Guid.NewGuid().ToString(), UserName = Email, NormalizedUserName = Email.ToUpperInvariant(), Email = Email, NormalizedEmail = Email.ToUpperInvariant(),
        EmailConfirmed = true, DisplayName = "招聘", SecurityStamp = Guid.NewGuid().ToString("N"), CreatedAtUtc = now,
    };
    hr.PasswordHash = new PasswordHasher<ApplicationUser>().HashPassword(hr, Password);
    db.Users.Add(hr);
    db.UserRoles.Add(new IdentityUserRole<string> { UserId = hr.Id, RoleId = roles[Roles.HR].Id });
    var interviewers = Enumerable.Range(0, 20).Select(i => new ApplicationUser
    {
        Id = Guid.NewGuid().ToString(), UserName = $"interviewer{i:D2}@bench.example.com", NormalizedUserName = $"INTERVIEWER{i:D2}@BENCH.EXAMPLE.COM",
        Email = $"interviewer{i:D2}@bench.example.com", NormalizedEmail = $"INTERVIEWER{i:D2}@BENCH.EXAMPLE.COM", EmailConfirmed = true,
        DisplayName = $"面试官{i:D2}", SecurityStamp = Guid.NewGuid().ToString("N"), CreatedAtUtc = now,
    }).ToArray();
    db.Users.AddRange(interviewers);
    db.UserRoles.AddRange(interviewers.Select(u => new IdentityUserRole<string> { UserId = u.Id, RoleId = roles[Roles.Interviewer].Id }));
    var positions = Enumerable.Range(0, 10).Select(i => Position.Create(Guid.NewGuid(), $"职位{i:D2}", "研发部", "上海", hr.Id, [], now)).ToArray();
    db.Positions.AddRange(positions);
    for (var k = 0; k < Interviews; k++)
    {
        var position = positions[k % positions.Length];
        var candidate = Candidate.Create(Guid.NewGuid(), $"候选人{k:D4}", $"139{k:D8}", null, CandidateSource.Direct, null, [position.Id], hr.Id, now);
        db.Candidates.Add(candidate);
        var interviewer = interviewers[k % interviewers.Length];
        // One an hour per interviewer, from tomorrow on: every page of the list is full and nobody is double-booked.
        var start = now.Date.AddDays(1).AddHours(k / interviewers.Length);
        db.Interviews.Add(Interview.Schedule(Guid.NewGuid(), candidate.Id, position.Id, null, InterviewRound.Technical, start, 45, [interviewer.Id], null, null, hr.Id, now));
    }

    await db.SaveChangesAsync();
}

static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

sealed record Heap(long Gen0, long Gen1, long Gen2, long Loh, long Poh)
{
    public long Total => Gen0 + Gen1 + Gen2 + Loh + Poh;
}

sealed record Percentiles(long Count, double P50, double P95, double P99);

// ASP.NET Core's Blazor event-duration histogram, read from the portal over EventPipe (the System.Diagnostics.Metrics
// event source, as dotnet-counters reads it). The refresh interval is the whole run, so the percentiles published at
// its end cover every event of the run at once.
sealed class ServerEventMeter : IDisposable
{
    private readonly EventPipeSession _session;
    private readonly Task _processing;
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<Percentiles> _result = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ServerEventMeter(int pid, int intervalSeconds)
    {
        var sessionId = Guid.NewGuid().ToString();
        var arguments = new Dictionary<string, string>
        {
            ["SessionId"] = sessionId,
            ["Metrics"] = "Microsoft.AspNetCore.Components",
            ["RefreshInterval"] = intervalSeconds.ToString(CultureInfo.InvariantCulture),
            ["MaxTimeSeries"] = "1000",
            ["MaxHistograms"] = "100",
        };
        _session = new DiagnosticsClient(pid).StartEventPipeSession(
            [new EventPipeProvider("System.Diagnostics.Metrics", EventLevel.Informational, 0x2, arguments)], requestRundown: false);
        var source = new EventPipeEventSource(_session.EventStream);
        long count = 0;
        var quantiles = new List<(double Q50, double Q95, double Q99, long Count)>();
        source.Dynamic.All += e =>
        {
            if (Environment.GetEnvironmentVariable("CIRCUITS_BENCH_TRACE") == "1")
            {
                Console.Error.WriteLine($"metrics: {e.ProviderName} {e.EventName} {string.Join(", ", e.PayloadNames.Select(n => $"{n}={e.PayloadByName(n)}"))}");
            }

            if (e.ProviderName != "System.Diagnostics.Metrics" || (string)e.PayloadByName("sessionId") != sessionId)
            {
                return;
            }

            switch (e.EventName)
            {
                case "BeginInstrumentReporting" or "Collection/Start":
                    _started.TrySetResult();
                    break;
                case "HistogramValuePublished" when (string)e.PayloadByName("instrumentName") == "aspnetcore.components.handle_event.duration":
                    var q = ((string)e.PayloadByName("quantiles")).Split(';', StringSplitOptions.RemoveEmptyEntries)
                        .Select(p => p.Split('=')).ToDictionary(p => p[0], p => double.Parse(p[1], CultureInfo.InvariantCulture) * 1000);
                    var n = Convert.ToInt64(e.PayloadByName("count"), CultureInfo.InvariantCulture);
                    if (n > 0 && q.Count > 0)
                    {
                        quantiles.Add((q["0.5"], q["0.95"], q["0.99"], n));
                        count += n;
                    }

                    break;
                case "Collection/Stop" when quantiles.Count > 0:
                    // One series per tag set (component type and attribute name); the pager's buttons are one series.
                    var main = quantiles.MaxBy(x => x.Count);
                    _result.TrySetResult(new Percentiles(count, main.Q50, main.Q95, main.Q99));
                    break;
            }
        };
        _processing = Task.Run(source.Process);
    }

    public Task StartedAsync() => _started.Task.WaitAsync(TimeSpan.FromSeconds(30));

    public async Task<Percentiles> ResultAsync()
    {
        var result = await _result.Task.WaitAsync(TimeSpan.FromSeconds(60));
        return result;
    }

    public void Dispose()
    {
        _session.Stop();
        _processing.Wait(TimeSpan.FromSeconds(10));
        _session.Dispose();
    }
}

// The SignalR hub protocol blazor.web.js speaks: MessagePack under the name "blazorpack".
sealed class BlazorPackProtocol(IHubProtocol inner) : IHubProtocol
{
    public string Name => "blazorpack";
    public int Version => inner.Version;
    public TransferFormat TransferFormat => inner.TransferFormat;
    public bool IsVersionSupported(int version) => inner.IsVersionSupported(version);
    public bool TryParseMessage(ref ReadOnlySequence<byte> input, IInvocationBinder binder, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out HubMessage? message) => inner.TryParseMessage(ref input, binder, out message);
    public void WriteMessage(HubMessage message, IBufferWriter<byte> output) => inner.WriteMessage(message, output);
    public ReadOnlyMemory<byte> GetMessageBytes(HubMessage message) => inner.GetMessageBytes(message);
}

// One browser tab on a page: what blazor.web.js does for an interactive server page, reduced to what the server sees.
sealed partial class BlazorCircuit
{
    private readonly HubConnection _hub;
    private readonly object _gate = new();
    private long _interopObjectId = -1;
    private long _nextPager = -1, _previousPager = -1;
    private int _nextComponent = -1, _previousComponent = -1;
    private long _sortButton = -1;
    private int _sortComponent = -1;
    private readonly List<long> _pointerEnter = [];
    private readonly HashSet<(long, string)> _leave = [];
    private long _positionFocus = -1, _positionKeyUp = -1;
    private int _options;
    private int _asked;
    private readonly TaskCompletionSource _askedTwice = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource<bool>? _handled;
    private int _page;
    private int _callId;
    private TaskCompletionSource<bool>? _rowsRendered;
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private string? _secret;

    private static readonly bool Trace = Environment.GetEnvironmentVariable("CIRCUITS_BENCH_TRACE") == "1";

    private BlazorCircuit(HubConnection hub) => _hub = hub;

    public static async Task<BlazorCircuit> OpenAsync(HttpClient http, CookieContainer cookies, string baseUri, string path)
    {
        var html = await http.GetStringAsync(path);
        var markers = MarkerPattern().Matches(html).Select(m => JsonNode.Parse(m.Groups[1].Value)!.AsObject())
            .Where(m => (string?)m["type"] == "server" && m["descriptor"] is not null).ToList();
        var state = StatePattern().Match(html) is { Success: true } s ? s.Groups[1].Value : "";
        if (markers.Count == 0)
        {
            throw new InvalidOperationException($"{path}: no interactive server components in the page (signed out?)");
        }

        var hub = new HubConnectionBuilder()
            .WithUrl(baseUri + "_blazor", o =>
            {
                o.Cookies = cookies;
                o.Transports = HttpTransportType.WebSockets;
            })
            ;
        hub.Services.AddSingleton<IHubProtocol>(new BlazorPackProtocol(new MessagePackHubProtocol()));
        var circuit = new BlazorCircuit(hub.Build());
        return await circuit.StartAsync(baseUri, baseUri + path, markers, state);
    }

    private async Task<BlazorCircuit> StartAsync(string baseUri, string uri, List<JsonObject> markers, string state)
    {
        _hub.On<long, byte[]>("JS.RenderBatch", OnRenderBatch);
        _hub.On("JS.BeginInvokeJS", [typeof(long), typeof(string), typeof(string), typeof(int), typeof(long), typeof(int)], OnBeginInvokeJs);
        _hub.On<string, bool, string>("JS.EndInvokeDotNet", (call, ok, result) =>
        {
            if (!ok || Trace)
            {
                Console.Error.WriteLine($"DispatchEventAsync {call}: {ok} {result}");
            }

            lock (_gate)
            {
                _handled?.TrySetResult(true);
            }
        });
        _hub.On<string>("JS.Error", e => _ready.TrySetException(new InvalidOperationException("circuit error: " + e)));
        await _hub.StartAsync();
        _secret = await _hub.InvokeAsync<string>("StartCircuit", baseUri, uri, "[]", state);
        var operations = new JsonArray();
        for (var i = 0; i < markers.Count; i++)
        {
            var marker = markers[i];
            marker["uniqueId"] = i;
            operations.Add(new JsonObject { ["type"] = "add", ["ssrComponentId"] = i + 1, ["marker"] = marker.DeepClone() });
        }

        await _hub.SendAsync("UpdateRootComponents", new JsonObject { ["batchId"] = 1, ["operations"] = operations }.ToJsonString(), state);
        await _ready.Task.WaitAsync(TimeSpan.FromSeconds(120));
        return this;
    }

    // CLICK=pager (default): next, next, ... then previous back to the first page, and again; done when the render batch
    // with the new rows arrives (the grid reloads after the click handler returns). CLICK=sort: the start column's sort
    // button (ascending, descending, unsorted, ...); done when the event's DispatchEventAsync call completes, i.e. when
    // the handler's task (the sort's reload) has finished.
    public static readonly bool SortMode = Environment.GetEnvironmentVariable("CLICK") == "sort";

    // null (off), "1", "open" or "left": see the main program.
    public static readonly string? Reach = Environment.GetEnvironmentVariable("CIRCUITS_BENCH_REACH") is { Length: > 0 } reach && reach != "0" ? reach : null;

    public static int Options(IEnumerable<BlazorCircuit> circuits)
    {
        var all = circuits.ToList();
        return all.Sum(c => c._options) / Math.Max(1, all.Count);
    }

    // Dispatches pointerenter to each element that listened for it when first rendered, one at a time (each done when
    // its DispatchEventAsync call completes); returns how many.
    public async Task<int> ReachAsync()
    {
        long[] handlers;
        lock (_gate)
        {
            handlers = [.. _pointerEnter];
        }

        foreach (var handler in handlers)
        {
            TaskCompletionSource<bool> done;
            lock (_gate)
            {
                done = _handled = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            var descriptor = new JsonObject { ["eventHandlerId"] = handler, ["eventName"] = "pointerenter", ["eventFieldInfo"] = null };
            var pointer = new JsonObject { ["type"] = "pointerenter", ["pointerType"] = "mouse", ["isPrimary"] = true };
            var call = Interlocked.Increment(ref _callId).ToString(CultureInfo.InvariantCulture);
            await _hub.SendAsync("BeginInvokeDotNetFromJS", call, null, "DispatchEventAsync", _interopObjectId, new JsonArray(descriptor, pointer).ToJsonString());
            await done.Task.WaitAsync(TimeSpan.FromSeconds(60));
        }

        return handlers.Length;
    }

    // The position picker's input (the MudAutocomplete's, not its stand-in's): focus opens its list (OpenOnFocus).
    public async Task OpenPositionPickerAsync()
    {
        long handler;
        lock (_gate)
        {
            handler = _positionFocus;
        }

        if (handler <= 0)
        {
            throw new InvalidOperationException("the position picker was not made (no focus handler on its input)");
        }

        await DispatchAsync(handler, "focus", new JsonObject { ["type"] = "focus" });
    }

    // Escape (keyup) closes the list.
    public async Task ClosePositionPickerAsync()
    {
        long handler;
        lock (_gate)
        {
            handler = _positionKeyUp;
        }

        await DispatchAsync(handler, "keyup", new JsonObject
        {
            ["type"] = "keyup", ["key"] = "Escape", ["code"] = "Escape", ["location"] = 0, ["repeat"] = false,
            ["ctrlKey"] = false, ["shiftKey"] = false, ["altKey"] = false, ["metaKey"] = false,
        });
    }

    // The focus and the pointer leave the filters and the app bar: focusout and pointerleave on each element that
    // listens for them once its pickers or menus are made; returns how many.
    public async Task<int> LeaveAsync()
    {
        (long Id, string Name)[] handlers;
        lock (_gate)
        {
            handlers = [.. _leave];
        }

        foreach (var (id, name) in handlers)
        {
            if (Trace)
            {
                Console.Error.WriteLine($"leave: {name} on handler {id}");
            }

            await DispatchAsync(id, name, name == "pointerleave"
                ? new JsonObject { ["type"] = name, ["pointerType"] = "mouse", ["isPrimary"] = true }
                : new JsonObject { ["type"] = name });
        }

        return handlers.Length;
    }

    // The interviews page and the layout each ask once (portal.inUse) after the signs above.
    public Task AskedTwiceAsync() => _askedTwice.Task.WaitAsync(TimeSpan.FromSeconds(60));

    private async Task DispatchAsync(long handler, string eventName, JsonObject eventArgs)
    {
        TaskCompletionSource<bool> done;
        lock (_gate)
        {
            done = _handled = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        var descriptor = new JsonObject { ["eventHandlerId"] = handler, ["eventName"] = eventName, ["eventFieldInfo"] = null };
        var call = Interlocked.Increment(ref _callId).ToString(CultureInfo.InvariantCulture);
        await _hub.SendAsync("BeginInvokeDotNetFromJS", call, null, "DispatchEventAsync", _interopObjectId, new JsonArray(descriptor, eventArgs).ToJsonString());
        await done.Task.WaitAsync(TimeSpan.FromSeconds(60));
    }

    public async Task<double> ClickPagerAsync()
    {
        long handler;
        TaskCompletionSource<bool> done;
        lock (_gate)
        {
            var forward = _page % 10 < 5;
            handler = SortMode ? _sortButton : forward ? _nextPager : _previousPager;
            _page++;
            _rowsRendered = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            _handled = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            done = SortMode ? _handled : _rowsRendered;
        }

        var started = Stopwatch.GetTimestamp();
        var descriptor = new JsonObject { ["eventHandlerId"] = handler, ["eventName"] = "click", ["eventFieldInfo"] = null };
        var mouse = new JsonObject { ["detail"] = 1, ["button"] = 0, ["buttons"] = 0, ["type"] = "click" };
        var call = Interlocked.Increment(ref _callId).ToString(CultureInfo.InvariantCulture);
        if (Trace)
        {
            Console.Error.WriteLine($"click {call} sent");
        }

        await _hub.SendAsync("BeginInvokeDotNetFromJS", call, null, "DispatchEventAsync", _interopObjectId, new JsonArray(descriptor, mouse).ToJsonString());
        await done.Task.WaitAsync(TimeSpan.FromSeconds(60));
        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }

    public async Task CloseAsync(HttpClient http)
    {
        // What the browser sends when a tab closes, so the server ends the circuit at once instead of keeping it for
        // a reconnection.
        if (_secret is not null)
        {
            using var _ = await http.PostAsync("_blazor/disconnect", new FormUrlEncodedContent([new("circuitId", _secret)]));
        }

        await _hub.DisposeAsync();
    }

    private async Task OnRenderBatch(long batchId, byte[] batch)
    {
        var rows = false;
        try
        {
            rows = Read(batch);
        }
        finally
        {
            await _hub.SendAsync("OnRenderCompleted", batchId, null);
        }

        if (rows && Trace)
        {
            Console.Error.WriteLine($"rows in batch {batchId}");
        }

        if (rows)
        {
            lock (_gate)
            {
                _rowsRendered?.TrySetResult(true);
            }
        }
    }

    private async Task OnBeginInvokeJs(object?[] a)
    {
        var handle = (long)a[0]!;
        var identifier = (string)a[1]!;
        var argsJson = (string?)a[2];
        var resultType = (int)a[3]!;
        if (identifier == "Blazor._internal.attachWebRendererInterop" && argsJson is not null)
        {
            // [rendererId, {"__dotNetObject": id}, ...]: the object whose DispatchEventAsync takes the browser's events.
            _interopObjectId = JsonNode.Parse(argsJson)![1]!["__dotNetObject"]!.GetValue<long>();
        }

        if (handle == 0)
        {
            return;
        }

        // A browser would run the function; the page's calls (MudBlazor's listeners, focus, the time zone) only need
        // an answer. Object references get an id; anything else null.
        JsonNode? result = resultType == 1 ? new JsonObject { ["__jsObjectId"] = handle } : identifier switch
        {
            "window.hasOwnProperty" => JsonValue.Create(true),
            "mudpopoverHelper.countProviders" => JsonValue.Create(1),
            "mudResizeListener.getBrowserWindowSize" => new JsonObject { ["width"] = 1440, ["height"] = 900 },
            "mudElementRef.getBoundingClientRect" => new JsonObject
            {
                ["left"] = 0, ["top"] = 0, ["right"] = 1440, ["bottom"] = 64, ["width"] = 1440, ["height"] = 64,
                ["x"] = 0, ["y"] = 0, ["scrollX"] = 0, ["scrollY"] = 0, ["windowWidth"] = 1440, ["windowHeight"] = 900,
            },
            "mudThemeProvider.watchDarkMode" or "mudThemeProvider.isDarkMode" => JsonValue.Create(false),
            // Neither the focus nor the pointer is in the filters or the app bar (StandInRelease).
            "portal.inUse" => JsonValue.Create(false),
            _ => null,
        };

        if (identifier == "portal.inUse" && Interlocked.Increment(ref _asked) == 2)
        {
            _askedTwice.TrySetResult();
        }

        if (Trace)
        {
            Console.Error.WriteLine($"js: {identifier} {argsJson} -> {resultType}");
        }

        var json = new JsonArray(handle, true, result).ToJsonString();
        await _hub.SendAsync("EndInvokeJSFromDotNet", handle, true, json);
    }

    // The render batch format of RenderBatchWriter: updated components (each a component id and its edits, 16 bytes
    // each), reference frames (20 bytes each), disposed component ids, disposed event handler ids, then the string
    // table; their offsets are the last 20 bytes. Returns whether the batch renders grid rows (a candidate's name).
    // The pager's buttons are found by their aria-label when first rendered (anywhere in a prepended frame). One that is
    // its own component (a MudIconButton) gets a new handler id in a SetAttribute edit of that component when the pager
    // re-renders; one in a page's markup keeps its handler id as long as its handler is the same method.
    private bool Read(byte[] b)
    {
        int I32(int at) => BitConverter.ToInt32(b, at);
        var updatedAt = I32(b.Length - 20);
        var framesAt = I32(b.Length - 16) + 4;
        var stringsAt = I32(b.Length - 4);
        string? Str(int index)
        {
            if (index < 0)
            {
                return null;
            }

            var at = I32(stringsAt + 4 * index);
            int length = 0, shift = 0, k = 0;
            while (true)
            {
                var x = b[at + k++];
                length |= (x & 0x7f) << shift;
                if (x < 0x80)
                {
                    break;
                }

                shift += 7;
            }

            return Encoding.UTF8.GetString(b, at + k, length);
        }

        int Frame(int index) => framesAt + 20 * index;
        var rows = false;
        for (var f = 0; f < I32(framesAt - 4); f++)
        {
            if (I32(Frame(f)) == 2 && Str(I32(Frame(f) + 4)) is { } text && text.StartsWith("候选人", StringComparison.Ordinal))
            {
                rows = true;
            }
        }

        lock (_gate)
        {
            for (var d = 0; d < I32(updatedAt); d++)
            {
                var diffAt = I32(updatedAt + 4 + 4 * d);
                var component = I32(diffAt);
                for (var e = 0; e < I32(diffAt + 4); e++)
                {
                    var editAt = diffAt + 8 + 16 * e;
                    var frame = I32(editAt + 8);
                    switch (I32(editAt))
                    {
                        case 1: // PrependFrame: the buttons in the new frame and anything inside it
                            var subtree = I32(Frame(frame)) is 1 or 5 ? I32(Frame(frame) + 4) : 1;
                            for (var e2 = frame; e2 < frame + subtree; e2++)
                            {
                                if (I32(Frame(e2)) == 3 && Str(I32(Frame(e2) + 4)) == "onpointerenter")
                                {
                                    _pointerEnter.Add(BitConverter.ToInt64(b, Frame(e2) + 12));
                                }

                                if (I32(Frame(e2)) == 3 && Str(I32(Frame(e2) + 4)) is "onpointerleave" or "onfocusout")
                                {
                                    _leave.Add((BitConverter.ToInt64(b, Frame(e2) + 12), Str(I32(Frame(e2) + 4))![2..]));
                                }

                                if (I32(Frame(e2)) == 1 && Str(I32(Frame(e2) + 8)) == "input")
                                {
                                    // The MudAutocomplete's input carries the picker's data-testid but not the stand-in's id.
                                    string? testId = null, elementId = null;
                                    long onfocus = 0, onkeyup = 0;
                                    for (var a = e2 + 1; a < e2 + I32(Frame(e2) + 4) && I32(Frame(a)) == 3; a++)
                                    {
                                        switch (Str(I32(Frame(a) + 4)))
                                        {
                                            case "data-testid":
                                                testId = Str(I32(Frame(a) + 8));
                                                break;
                                            case "id":
                                                elementId = Str(I32(Frame(a) + 8));
                                                break;
                                            case "onfocus":
                                                onfocus = BitConverter.ToInt64(b, Frame(a) + 12);
                                                break;
                                            case "onkeyup":
                                                onkeyup = BitConverter.ToInt64(b, Frame(a) + 12);
                                                break;
                                        }
                                    }

                                    if (testId == "interviews-position" && elementId != "interviews-position" && onfocus > 0)
                                    {
                                        (_positionFocus, _positionKeyUp) = (onfocus, onkeyup);
                                    }
                                }

                                // An option of an open list (MudListItem's root: class "mud-list-item ...").
                                if (I32(Frame(e2)) == 3 && Str(I32(Frame(e2) + 4)) == "class"
                                    && Str(I32(Frame(e2) + 8)) is { } css && css.StartsWith("mud-list-item ", StringComparison.Ordinal))
                                {
                                    _options++;
                                }

                                if (I32(Frame(e2)) != 1 || Str(I32(Frame(e2) + 8)) != "button")
                                {
                                    continue;
                                }

                                string? label = null;
                                long onclick = 0;
                                for (var a = e2 + 1; a < e2 + I32(Frame(e2) + 4) && I32(Frame(a)) == 3; a++)
                                {
                                    switch (Str(I32(Frame(a) + 4)))
                                    {
                                        case "aria-label":
                                            label = Str(I32(Frame(a) + 8));
                                            break;
                                        case "onclick":
                                            onclick = BitConverter.ToInt64(b, Frame(a) + 12);
                                            break;
                                    }
                                }

                                // A button that is its component's own frame (MudIconButton) gets a new handler id in a
                                // SetAttribute edit of that component when it re-renders (below); one inside a bigger
                                // component's markup keeps its id while its handler stays the same method.
                                var owner = e2 == frame ? component : -1;
                                if (label == "Next page" || label == "下一页")
                                {
                                    (_nextComponent, _nextPager) = (owner, onclick);
                                }
                                else if (label == "Previous page" || label == "上一页")
                                {
                                    (_previousComponent, _previousPager) = (owner, onclick);
                                }
                                else if (label == "Sort" || label == "排序")
                                {
                                    (_sortComponent, _sortButton) = (owner, onclick);
                                }
                            }

                            break;
                        case 3 when Str(I32(Frame(frame) + 4)) is "onpointerleave" or "onfocusout": // SetAttribute: pickers or menus made
                            _leave.Add((BitConverter.ToInt64(b, Frame(frame) + 12), Str(I32(Frame(frame) + 4))![2..]));
                            break;
                        case 3 when Str(I32(Frame(frame) + 4)) == "onclick": // SetAttribute
                            var id = BitConverter.ToInt64(b, Frame(frame) + 12);
                            if (component == _nextComponent)
                            {
                                _nextPager = id;
                            }
                            else if (component == _previousComponent)
                            {
                                _previousPager = id;
                            }
                            else if (component == _sortComponent)
                            {
                                _sortButton = id;
                            }

                            break;
                    }
                }
            }

            if (rows && _interopObjectId >= 0 && _nextPager > 0 && _previousPager > 0 && (!SortMode || _sortButton > 0))
            {
                _ready.TrySetResult();
            }
        }

        return rows;
    }

    [GeneratedRegex("<!--Blazor:(\\{.*?\\})-->")]
    private static partial Regex MarkerPattern();

    [GeneratedRegex("<!--Blazor-Server-Component-State:([A-Za-z0-9+/=]+)-->")]
    private static partial Regex StatePattern();
}
