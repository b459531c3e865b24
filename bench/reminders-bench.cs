#!/usr/bin/env -S dotnet run
#:project ../InterviewPortal.Web/InterviewPortal.Web.csproj
#:package SmtpServer
#:property OutputType=Exe
#:property PublishAot=false

using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using InterviewPortal.Domain.Interviews;
using InterviewPortal.Domain.Recruiting;
using InterviewPortal.Domain.Reminders;
using InterviewPortal.Web.Data;
using InterviewPortal.Web.Features.Reminders;
using InterviewPortal.Web.Setup;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using System.IO.Pipelines;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using SmtpServer;
using SmtpServer.IO;
using SmtpServer.Net;
using SmtpServer.Protocol;
using SmtpServer.Storage;

// Reminder delivery benchmark (issue 7): N reminders due in the same minute, delivered by email to a counting SMTP
// server (the SmtpServer package, in this process) by real portal processes (Release, Hangfire worker on, SQLite):
//   1. one portal;  2. one portal killed (SIGKILL) half-way and started again;  3. two portals on one database.
// A portal that sends reminders has been running for a while when they fall due: each portal first sends a warm-up
// batch (WARMUP reminders, 2,000 by default, due at once; not counted), and the N measured reminders are due at the
// first minute boundary at least WARMUP_SECONDS (default 60) after seeding, where the minutely dispatcher picks them up.
// Each message carries its reminder id (X-InterviewPortal-Reminder), so the server counts every id: delivered once,
// twice (a duplicate), or not at all. After each run the database says what became of the rest.
//   args: <portal dll> [reminders = 10000] [scenario = all|one|kill|two]
var dll = args[0];
var count = args.Length > 1 ? int.Parse(args[1]) : 10_000;
var scenario = args.Length > 2 ? args[2] : "all";
var warmup = int.TryParse(Environment.GetEnvironmentVariable("WARMUP"), out var w) ? w : 2_000;
var lead = TimeSpan.FromSeconds(int.TryParse(Environment.GetEnvironmentVariable("WARMUP_SECONDS"), out var ws) ? ws : 60);
Console.WriteLine($"Reminder benchmark: {count:N0} reminders due in the same minute (after {warmup:N0} warm-up reminders), email to a counting SMTP server on loopback, {Environment.ProcessorCount} cores, .NET {Environment.Version}, load average {LoadAverage()}");
foreach (var s in scenario == "all" ? ["one", "kill", "two"] : new[] { scenario })
{
    await RunScenarioAsync(s);
}

async Task RunScenarioAsync(string name)
{
    var dir = Directory.CreateTempSubdirectory("interviewportal-reminder-bench-");
    var smtp = CountingSmtp.Start();
    var portals = new List<Process>();
    try
    {
        var dbFile = Path.Combine(dir.FullName, "portal.db");
        var seeded = Stopwatch.StartNew();
        var measuredFrom = await SeedAsync(dbFile, warmup, count);
        var due = await SetDueAsync(dbFile, measuredFrom, lead);
        smtp.MeasuredFrom = measuredFrom;
        Console.WriteLine($"\n[{name}] seeded {warmup:N0} warm-up reminders due now and {count:N0} due {due:HH:mm:ss} UTC in {seeded.Elapsed.TotalSeconds:N1} s");
        var clock = Stopwatch.StartNew();
        portals.Add(StartPortal(dll, dir.FullName, dbFile, smtp.Port, 5301, "portal-A"));
        if (name == "two")
        {
            portals.Add(StartPortal(dll, dir.FullName, dbFile, smtp.Port, 5302, "portal-B"));
        }

        TimeSpan? killedAt = null;
        TimeSpan? cpuAtDue = null;
        var polls = 0;
        // The run gives up after this long (REMINDER_BENCH_DEADLINE_SECONDS, default 240) and reports what it has.
        // Counted from the due time.
        var deadline = TimeSpan.FromSeconds(int.TryParse(Environment.GetEnvironmentVariable("REMINDER_BENCH_DEADLINE_SECONDS"), out var d) ? d : 240);
        while (DateTime.UtcNow - due < deadline)
        {
            await Task.Delay(200);
            if (cpuAtDue is null && DateTime.UtcNow >= due)
            {
                Console.WriteLine($"[{name}] due: {smtp.Warmups:N0} of {warmup:N0} warm-up reminders delivered before it, portal CPU so far {Cpu(portals).TotalSeconds:N1} s");
                cpuAtDue = Cpu(portals);
            }
            if (name == "kill" && killedAt is null && smtp.Distinct >= count / 2)
            {
                portals[0].Kill(entireProcessTree: true); // SIGKILL: no shutdown, no flush
                await portals[0].WaitForExitAsync();
                killedAt = clock.Elapsed;
                Console.WriteLine($"[{name}] killed the portal (SIGKILL) {(DateTime.UtcNow - due).TotalSeconds:N1} s after the due time with {smtp.Distinct:N0} delivered; starting it again");
                portals[0] = StartPortal(dll, dir.FullName, dbFile, smtp.Port, 5301, "portal-A2");
            }

            if (smtp.Distinct >= count || (cpuAtDue is not null && ++polls % 10 == 0 && await SettledAsync(dbFile, measuredFrom)))
            {
                break;
            }
        }

        var elapsed = clock.Elapsed;
        var cpu = Cpu(portals) - (cpuAtDue ?? TimeSpan.Zero);
        foreach (var p in portals.Where(p => !p.HasExited))
        {
            p.Kill(entireProcessTree: true);
            await p.WaitForExitAsync();
        }

        var states = await StatesAsync(dbFile, measuredFrom);
        var once = smtp.Counts.Values.Count(c => c == 1);
        var twice = smtp.Counts.Values.Count(c => c > 1);
        var last = smtp.LastAt - smtp.StartedAt;
        Console.WriteLine($"[{name}] {once:N0} delivered exactly once, {twice} more than once, {count - smtp.Distinct:N0} not delivered; " +
            $"last delivery {(smtp.LastAt is null ? "-" : $"{(smtp.LastAt.Value - due).TotalSeconds:N1} s after the due time")}, first {(smtp.FirstAt is null ? "-" : $"{(smtp.FirstAt.Value - due).TotalSeconds:N1} s")}; " +
            $"run stopped {(DateTime.UtcNow - due).TotalSeconds:N1} s after the due time; portal CPU from the due time {(name == "kill" ? "n/a (restarted)" : $"{cpu.TotalMilliseconds / Math.Max(1, smtp.Distinct):N2} ms per reminder")}");
        Console.WriteLine($"[{name}] rows: {string.Join(", ", states.Select(s => $"{s.Key} {s.Value:N0}"))}");
        if (name == "two")
        {
            Console.WriteLine($"[{name}] sent by: {string.Join(", ", smtp.BySender.OrderBy(p => p.Key).Select(p => $"{p.Key} {p.Value:N0}"))}");
        }
    }
    finally
    {
        foreach (var p in portals.Where(p => !p.HasExited))
        {
            p.Kill(entireProcessTree: true);
        }

        await smtp.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Environment.GetEnvironmentVariable("REMINDER_BENCH_KEEP") is { Length: > 0 })
        {
            Console.WriteLine($"[{name}] kept {dir.FullName}");
        }
        else
        {
            dir.Delete(recursive: true);
        }
    }
}

static TimeSpan Cpu(List<Process> portals)
{
    var total = TimeSpan.Zero;
    foreach (var p in portals.Where(p => !p.HasExited))
    {
        p.Refresh();
        total += p.TotalProcessorTime;
    }

    return total;
}

static Process StartPortal(string dll, string dir, string dbFile, int smtpPort, int port, string name)
{
    var portal = Process.Start(new ProcessStartInfo("dotnet", [dll])
    {
        RedirectStandardOutput = true,
        RedirectStandardError = true,
        Environment =
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ConnectionStrings__Portal"] = $"Data Source={dbFile}",
            ["Bootstrap__AdminPassword"] = "Benchmark-Passphrase-2026",
            ["Logs__Directory"] = Path.Combine(dir, "logs-" + name),
            ["Storage__FilesDirectory"] = Path.Combine(dir, "files"),
            ["Invitations__KeyFile"] = Path.Combine(dir, "keys", "invitation.key"),
            ["Jobs__RunServer"] = "true",
            ["Smtp__Host"] = "127.0.0.1",
            ["Smtp__Port"] = smtpPort.ToString(),
            ["Smtp__Security"] = "None",
            ["Smtp__FromAddress"] = "recruiting@example.com",
            ["Smtp__FromName"] = name,
            ["Kestrel__Endpoints__Http__Url"] = $"http://127.0.0.1:{port}",
        },
    })!;
    portal.OutputDataReceived += (_, _) => { };
    portal.ErrorDataReceived += (_, e) => { if (e.Data is not null && !e.Data.Contains("Hangfire", StringComparison.Ordinal)) Console.Error.WriteLine($"{name}: {e.Data}"); };
    portal.BeginOutputReadLine();
    portal.BeginErrorReadLine();
    return portal;
}

static async Task<ServiceProvider> DataAsync(string dbFile)
{
    var configuration = new ConfigurationBuilder().AddInMemoryCollection([new("ConnectionStrings:Portal", $"Data Source={dbFile}")]).Build();
    var settings = DatabaseSettings.From(configuration, Path.GetDirectoryName(dbFile)!);
    var services = new ServiceCollection();
    services.AddLogging();
    services.AddSingleton(settings);
    services.AddPortalDbContexts(settings);
    var provider = services.BuildServiceProvider();
    await provider.MigratePortalDatabaseAsync();
    return provider;
}

/// <summary>
/// One interviewer, one candidate and interview (in two hours) per reminder, and one T−1 h style reminder per interview:
/// the warm-up ones first (due now), then the measured ones (their due time is set by <see cref="SetDueAsync"/>).
/// Written with the portal's BulkInsert in one transaction. Returns the first measured reminder's id.
/// </summary>
static async Task<long> SeedAsync(string dbFile, int warmup, int count)
{
    await using var provider = await DataAsync(dbFile);
    await using var db = await provider.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
    var now = DateTime.UtcNow;
    var interviewer = new ApplicationUser { Id = Guid.NewGuid().ToString(), UserName = "bench.interviewer@example.com", Email = "bench.interviewer@example.com", DisplayName = "面试官", CreatedAtUtc = now };
    db.Users.Add(interviewer);
    var position = Position.Create(Guid.NewGuid(), "后端工程师", "研发部", "上海", interviewer.Id, [], now);
    db.Positions.Add(position);
    await db.SaveChangesAsync();
    var candidates = new List<Candidate>(warmup + count);
    var interviews = new List<Interview>(warmup + count);
    var reminders = new List<Reminder>(warmup + count);
    for (var k = 0; k < warmup + count; k++)
    {
        var candidate = Candidate.Create(Guid.NewGuid(), $"候选人{k}", $"139{k:D8}", null, CandidateSource.Direct, null, [position.Id], interviewer.Id, now);
        candidates.Add(candidate);
        var interview = Interview.Schedule(Guid.NewGuid(), candidate.Id, position.Id, null, InterviewRound.Technical, now.AddHours(2), 60, [interviewer.Id], null, null, interviewer.Id, now);
        interviews.Add(interview);
        reminders.Add(Reminder.Plan(interview.Id, ReminderKind.HourBefore, ReminderChannel.Email, ReminderRecipientRole.Interviewer, interviewer.Id, 1, 0, now, now));
    }

    await using var tx = await db.Database.BeginTransactionAsync();
    await db.BulkInsertAsync(candidates, default);
    await db.BulkInsertAsync(candidates.SelectMany(c => c.History).ToList(), default);
    await db.BulkInsertAsync(candidates.SelectMany(c => c.Positions).ToList(), default);
    await db.BulkInsertAsync(candidates.SelectMany(c => c.NameGrams).ToList(), default);
    await db.BulkInsertAsync(interviews, default);
    await db.BulkInsertAsync(interviews.SelectMany(i => i.Interviewers).ToList(), default);
    await db.BulkInsertAsync(interviews.SelectMany(i => i.History).ToList(), default);
    await db.BulkInsertAsync(reminders, default);
    await tx.CommitAsync();
    // Identity ids follow insertion order.
    return await db.Reminders.OrderBy(r => r.Id).Skip(warmup).Select(r => r.Id).FirstAsync();
}

/// <summary>The measured reminders fall due at the first minute boundary at least <paramref name="lead"/> from now.</summary>
static async Task<DateTime> SetDueAsync(string dbFile, long measuredFrom, TimeSpan lead)
{
    var at = DateTime.UtcNow + lead;
    var due = new DateTime(at.Year, at.Month, at.Day, at.Hour, at.Minute, 0, DateTimeKind.Utc).AddMinutes(1);
    await using var provider = await DataAsync(dbFile);
    await using var db = await provider.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
    await db.Reminders.Where(r => r.Id >= measuredFrom)
        .ExecuteUpdateAsync(s => s.SetProperty(r => r.DueAtUtc, due).SetProperty(r => r.NextAttemptAtUtc, due));
    return due;
}

/// <summary>Nothing is planned or being sent any more: every row has its outcome.</summary>
static async Task<bool> SettledAsync(string dbFile, long measuredFrom)
{
    await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={dbFile};Mode=ReadOnly");
    await connection.OpenAsync();
    await using var command = connection.CreateCommand();
    command.CommandText = $"SELECT COUNT(*) FROM Reminders WHERE State IN ('Planned', 'Sending') AND Id >= {measuredFrom}";
    return (long)(await command.ExecuteScalarAsync())! == 0;
}

static async Task<Dictionary<string, int>> StatesAsync(string dbFile, long measuredFrom)
{
    await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={dbFile};Mode=ReadOnly");
    await connection.OpenAsync();
    await using var command = connection.CreateCommand();
    command.CommandText = "SELECT State || CASE WHEN LastError LIKE 'The dispatcher stopped%' THEN ' (outcome unknown)' ELSE '' END, COUNT(*), MAX(Attempts) FROM Reminders WHERE Id >= " + measuredFrom + " GROUP BY 1 ORDER BY 1";
    var result = new Dictionary<string, int>();
    await using var reader = await command.ExecuteReaderAsync();
    while (await reader.ReadAsync())
    {
        result[$"{reader.GetString(0)} (max attempts {reader.GetInt64(2)})"] = reader.GetInt32(1);
    }

    return result;
}

static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

/// <summary>An SMTP server that counts messages per reminder id (and per sending portal, by its From name).</summary>
sealed class CountingSmtp : MessageStore, IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private Task _running = Task.CompletedTask;

    public int Port { get; private init; }

    public ConcurrentDictionary<long, int> Counts { get; } = new();

    public ConcurrentDictionary<string, int> BySender { get; } = new();

    public int Distinct => Counts.Count;

    /// <summary>Ids below this are warm-up reminders: counted apart, not in the figures.</summary>
    public long MeasuredFrom { get; set; } = long.MaxValue;

    private int _warmups;

    public int Warmups => _warmups;

    public DateTime StartedAt { get; } = DateTime.UtcNow;

    public DateTime? FirstAt { get; private set; }

    public DateTime? LastAt { get; private set; }

    public static CountingSmtp Start()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var server = new CountingSmtp { Port = port };
        var options = new SmtpServerOptionsBuilder().ServerName("counting-smtp.local")
            .Endpoint(b => b.Endpoint(new IPEndPoint(IPAddress.Loopback, port)).IsSecure(false)).Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(server);
        services.Add(new NoDelayListenerFactory());
        server._running = new SmtpServer.SmtpServer(options, services).StartAsync(server._stop.Token);
        return server;
    }

    public override Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
    {
        // The headers come first; reading them as text is enough to count (no full MIME parse on the hot path).
        var head = Encoding.UTF8.GetString(buffer.Slice(0, Math.Min(buffer.Length, 4096)).ToArray());
        var id = long.Parse(Header(head, "X-InterviewPortal-Reminder:"));
        if (id < MeasuredFrom)
        {
            Interlocked.Increment(ref _warmups);
            return Task.FromResult(SmtpResponse.Ok);
        }

        Counts.AddOrUpdate(id, 1, (_, n) => n + 1);
        var from = Header(head, "From:");
        BySender.AddOrUpdate(from[..Math.Max(0, from.IndexOf('<'))].Trim().Trim('"'), 1, (_, n) => n + 1);
        var now = DateTime.UtcNow;
        FirstAt ??= now;
        LastAt = now;
        return Task.FromResult(SmtpResponse.Ok);
    }

    private static string Header(string head, string name)
    {
        var at = head.IndexOf("\n" + name, StringComparison.OrdinalIgnoreCase);
        at = at < 0 ? (head.StartsWith(name, StringComparison.OrdinalIgnoreCase) ? 0 : throw new InvalidOperationException($"no {name}")) : at + 1;
        var end = head.IndexOf('\r', at);
        return head[(at + name.Length)..end].Trim();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _running;
        }
        catch (OperationCanceledException)
        {
        }
    }
}

/// <summary>
/// The counting server's connections with Nagle's algorithm off. SmtpServer's own listener leaves it on, and a reply
/// written in two pieces then waits for the portal's delayed ACK (~40 ms) before its second piece leaves: a fixed
/// ~50 ms per message and worker that belongs to this stand-in server, not to the portal (production mail servers
/// answer in one write).
/// </summary>
sealed class NoDelayListenerFactory : IEndpointListenerFactory
{
    public IEndpointListener CreateListener(IEndpointDefinition endpoint) => new Listener(endpoint.Endpoint);

    private sealed class Listener : IEndpointListener, IDisposable
    {
        private readonly TcpListener _tcp;

        public Listener(IPEndPoint at)
        {
            _tcp = new TcpListener(at);
            _tcp.Start(512);
        }

        public async Task<ISecurableDuplexPipe> GetPipeAsync(ISessionContext context, CancellationToken cancellationToken)
        {
            var socket = await _tcp.AcceptSocketAsync(cancellationToken);
            socket.NoDelay = true;
            return new PlainPipe(new NetworkStream(socket, ownsSocket: true));
        }

        public void Dispose() => _tcp.Stop();
    }

    private sealed class PlainPipe(NetworkStream stream) : ISecurableDuplexPipe
    {
        public PipeReader Input { get; } = PipeReader.Create(stream);

        public PipeWriter Output { get; } = PipeWriter.Create(stream);

        public bool IsSecure => false;

        public SslProtocols SslProtocol => SslProtocols.None;

        public Task UpgradeAsync(X509Certificate certificate, SslProtocols protocols, CancellationToken cancellationToken) =>
            throw new NotSupportedException("The benchmark's SMTP server has no TLS.");

        public void Dispose() => stream.Dispose();
    }
}
