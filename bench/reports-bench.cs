#!/usr/bin/env -S dotnet run
#:project ../InterviewPortal.Web/InterviewPortal.Web.csproj
#:property OutputType=Exe
#:property PublishAot=false

using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using InterviewPortal.Domain.Identity;
using InterviewPortal.Domain.Interviews;
using InterviewPortal.Web.Data;
using InterviewPortal.Web.Features.Reports;
using InterviewPortal.Web.Features.Shared;
using InterviewPortal.Web.Setup;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

// The reports and the dashboard on the recruiting benchmark's data set (issue 9): 200,000 interviews, 50,000
// candidates, 20 agencies, 200 interviewers (bench/queries-bench.cs generates it into bench/data/queries.db). This
// program copies it to bench/data/reports.db, applies any newer migrations and adds what the reports read and the list
// benchmark does not need: first-version scorecards for nine in ten completed panel seats (0–95 h after the end), a
// recording consent for eight in ten interviews that took place and a ZEGO recording callback for nine in ten of
// those, reschedules on 12 % of interviews (4 % by the candidate), a WeChat permission enabled 200 days before "now",
// and passwords for the HR user and the first agency user. Deterministic (hashes of the ids), so every copy is alike.
//
// Then (1) each report's reads (ReportQueries, what ReportService.RunAsync reads) on a fresh DbContext, for HR over
// ranges of 4, 12 (the page's default), 26 and 52 weeks ending at the data set's "now", cycling through no filter, a
// position, an agency and a round, and for an agency user; (2) the dashboard's first render: the portal as its own
// Release process on the copy, GET / signed in (the server-side prerender of the whole page), as HR and as an agency.
//
//   dotnet run -c Release bench/reports-bench.cs -- <portal dll> [--runs 20] [--regenerate] [--only <case text>] [--explain <case text>]
var dll = args.FirstOrDefault(a => a.EndsWith(".dll", StringComparison.Ordinal));
var runs = args.SkipWhile(a => a != "--runs").Skip(1).Select(int.Parse).DefaultIfEmpty(20).First();
var only = args.SkipWhile(a => a != "--only").Skip(1).FirstOrDefault();
var explain = args.SkipWhile(a => a != "--explain").Skip(1).FirstOrDefault();
var source = Path.GetFullPath(Path.Combine("bench", "data", "queries.db"));
var path = Path.GetFullPath(Path.Combine("bench", "data", "reports.db"));
var now = new DateTime(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc);
const string Password = "Bench-Passphrase-2026";

if (!File.Exists(source))
{
    Console.Error.WriteLine("bench/data/queries.db is missing: bash bench/reports.sh generates it first (through bench/queries-bench.cs).");
    return 2;
}

if (args.Contains("--regenerate") || !File.Exists(path))
{
    var watch = Stopwatch.StartNew();
    await PrepareAsync(source, path);
    Console.Error.WriteLine($"prepared {path} in {watch.Elapsed.TotalSeconds:N1} s");
}

var options = new DbContextOptionsBuilder<SqliteDbContext>();
DataSetup.ConfigureSqlite(options, $"Data Source={path}");
var dbOptions = options.Options;

// People and reference data, read back from the copy.
string hrUser, agencyUser;
Guid agency;
List<Guid> positions;
await using (var db = new SqliteDbContext(dbOptions))
{
    hrUser = await db.Users.Where(u => u.Email == "hr.interviewer@bench.example.com").Select(u => u.Id).SingleAsync();
    (agencyUser, agency) = await db.Users.Where(u => u.Email == "agency01@bench.example.com").Select(u => new ValueTuple<string, Guid>(u.Id, u.AgencyId!.Value)).SingleAsync();
    // Busiest first: the worst case for a position filter is the position with the most interviews.
    positions = await db.Interviews.GroupBy(i => i.PositionId).OrderByDescending(g => g.Count()).Select(g => g.Key).ToListAsync();
}

var hr = new Caller(hrUser, new HashSet<string> { Roles.HR, Roles.Interviewer }, null);
var agencyCaller = new Caller(agencyUser, new HashSet<string> { Roles.Agency }, agency);
var zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(now, zone));
int[] weeks = [4, 12, 26, 52];
var agencies = await new SqliteDbContext(dbOptions).Agencies.OrderBy(a => a.Name).Select(a => a.Id).ToListAsync();

ReportScope Scope(int weeksBack, int run, bool filters)
{
    var from = ReportScope.WeekOf(today).AddDays(-7 * (weeksBack - 1));
    var to = weeksBack == 52 ? from.AddDays(ReportScope.MaxDays - 1) : today;
    var filter = filters ? run % 4 : 0;
    return ReportScope.For(from, to > today ? today : to, zone, now,
        filter == 1 ? positions[run % 3] : null, filter == 2 ? agencies[run % 3] : null, filter == 3 ? (InterviewRound)(run % 5) : null);
}

var cases = new List<(string Group, string Name, Func<AppDbContext, int, Task> Run)>();
void Add(string report, Caller caller, string who, Func<AppDbContext, Caller, ReportScope, Task> read, bool agencyToo = true)
{
    foreach (var w in weeks)
    {
        cases.Add((report, $"{who}, {w} weeks, no filter", (db, r) => read(db, caller, Scope(w, r, false))));
        cases.Add((report, $"{who}, {w} weeks, filters cycled", (db, r) => read(db, caller, Scope(w, r, true))));
    }
}

void AddReport(string report, Func<AppDbContext, Caller, ReportScope, Task> read, bool agencyToo)
{
    Add(report, hr, "HR", read);
    if (agencyToo)
    {
        Add(report, agencyCaller, "agency user", read);
    }
}

AddReport("Interviews per week by status", (db, c, s) => ReportQueries.InterviewsByWeekAsync(db, c, s, default), true);
AddReport("No-show rate by agency, round and join mode", (db, c, s) => ReportQueries.AttendanceAsync(db, c, s, default), true);
AddReport("Reschedule rate", (db, c, s) => ReportQueries.ReschedulesAsync(db, c, s, default), true);
AddReport("Time in stage and time to hire", async (db, c, s) =>
{
    await ReportQueries.StageSpellsAsync(db, c, s, default);
    await ReportQueries.HiresAsync(db, c, s, default);
}, true);
AddReport("Interviewer load per week", (db, c, s) => ReportQueries.InterviewerLoadAsync(db, c, s, default), false);
AddReport("Scorecard timeliness", async (db, c, s) =>
{
    await ReportQueries.SubmissionsAsync(db, c, s, default);
    await ReportQueries.PendingFeedbackAsync(db, c, s, default);
}, false);
AddReport("Recording coverage", (db, c, s) => ReportQueries.RecordingCoverageAsync(db, c, s, default), false);

if (only is not null)
{
    cases.RemoveAll(c => !$"{c.Group} | {c.Name}".Contains(only, StringComparison.OrdinalIgnoreCase));
}

if (explain is not null)
{
    var recorder = new List<string>();
    var explainOptions = new DbContextOptionsBuilder<SqliteDbContext>();
    DataSetup.ConfigureSqlite(explainOptions, $"Data Source={path}");
    explainOptions.LogTo(s => recorder.Add(s), [Microsoft.EntityFrameworkCore.Diagnostics.RelationalEventId.CommandExecuted]);
    foreach (var c in cases.Where(c => $"{c.Group} | {c.Name}".Contains(explain, StringComparison.OrdinalIgnoreCase)).Take(2))
    {
        recorder.Clear();
        await using (var db = new SqliteDbContext(explainOptions.Options))
        {
            await c.Run(db, 0);
        }

        Console.WriteLine($"## {c.Group} | {c.Name}");
        recorder.ForEach(Console.WriteLine);
    }

    return 0;
}

var load = LoadAverage();
var results = new List<(string Group, string Name, double[] Ms)>();
var total = Stopwatch.StartNew();
foreach (var (group, name, run) in cases)
{
    var times = new List<double>();
    for (var r = -2; r < runs; r++)
    {
        await using var db = new SqliteDbContext(dbOptions);
        var watch = Stopwatch.StartNew();
        // As ReportService.RunAsync: the report's connection maps the file while it reads.
        await using (await LargeReads.BeginAsync(db, SqliteTuning.Default))
        {
            await run(db, r < 0 ? r + 2 : r);
        }

        watch.Stop();
        if (r >= 0)
        {
            times.Add(watch.Elapsed.TotalMilliseconds);
        }
    }

    results.Add((group, name, times.Order().ToArray()));
}

double P(double[] sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
var o = new StringBuilder();
o.AppendLine(CultureInfo.InvariantCulture, $"# Reports and dashboard, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
o.AppendLine();
o.AppendLine(CultureInfo.InvariantCulture, $"Data set `bench/data/reports.db` ({new FileInfo(path).Length / 1024 / 1024:N0} MiB; the recruiting benchmark's 200,000 interviews plus scorecards, consents, recordings and reschedules). {Environment.ProcessorCount} cores, .NET {Environment.Version}, {runs} timed runs per case after 2 warm-up runs, {cases.Count} cases in {total.Elapsed.TotalSeconds:N0} s. Load average before {load}, after {LoadAverage()}.");
o.AppendLine();
o.AppendLine("A run is one report's reads on a fresh DbContext over the SQLite file, materialized, its connection mapping the file while it reads (what ReportService.RunAsync reads before building its tables in memory).");
o.AppendLine();
o.AppendLine("| Report | Target | Cases | p50 (all runs) | p95 (all runs) | Worst case p95 | Worst case | Max | Met |");
o.AppendLine("|---|---:|---:|---:|---:|---:|---|---:|---|");
foreach (var group in results.GroupBy(x => x.Group))
{
    var all = group.SelectMany(x => x.Ms).Order().ToArray();
    var worst = group.MaxBy(x => P(x.Ms, 0.95));
    o.AppendLine(CultureInfo.InvariantCulture, $"| {group.Key} | p95 ≤ 200 ms | {group.Count()} | {P(all, 0.5):N1} | {P(all, 0.95):N1} | {P(worst.Ms, 0.95):N1} | {worst.Name} | {all[^1]:N1} | {(group.All(x => P(x.Ms, 0.95) <= 200) ? "yes" : "**no**")} |");
}

o.AppendLine();
o.AppendLine("## Every case");
o.AppendLine();
o.AppendLine("| Report | Case | p50 ms | p95 ms | max ms |");
o.AppendLine("|---|---|---:|---:|---:|");
foreach (var (group, name, ms) in results)
{
    o.AppendLine(CultureInfo.InvariantCulture, $"| {group} | {name} | {P(ms, 0.5):N1} | {P(ms, 0.95):N1} | {ms[^1]:N1} |");
}

Console.Write(o.ToString());

if (dll is not null && only is null)
{
    Console.WriteLine();
    Console.WriteLine(await DashboardAsync(dll, path, runs));
}

SqliteConnection.ClearAllPools();
return 0;

static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

// The dashboard as a browser first gets it: GET / signed in, rendered on the server (prerender) into the HTML.
static async Task<string> DashboardAsync(string dll, string dataSet, int runs)
{
    var dir = Directory.CreateTempSubdirectory("interviewportal-reports-bench-");
    var db = Path.Combine(dir.FullName, "portal.db");
    File.Copy(dataSet, db);
    const int port = 5199;
    using var portal = Process.Start(new ProcessStartInfo("dotnet", [dll])
    {
        RedirectStandardOutput = true,
        RedirectStandardError = true,
        Environment =
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ConnectionStrings__Portal"] = $"Data Source={db}",
            ["Bootstrap__AdminPassword"] = "Benchmark-Passphrase-2026",
            ["Logs__Directory"] = Path.Combine(dir.FullName, "logs"),
            ["Storage__FilesDirectory"] = Path.Combine(dir.FullName, "files"),
            ["Invitations__KeyFile"] = Path.Combine(dir.FullName, "keys", "invitation.key"),
            ["Jobs__RunServer"] = "false",
            ["Kestrel__Endpoints__Http__Url"] = $"http://127.0.0.1:{port}",
        },
    })!;
    portal.OutputDataReceived += (_, _) => { };
    portal.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine("portal: " + e.Data); };
    portal.BeginOutputReadLine();
    portal.BeginErrorReadLine();
    try
    {
        var o = new StringBuilder();
        o.AppendLine("## Dashboard first render (GET / signed in: the server-side prerender of the whole page)");
        o.AppendLine();
        o.AppendLine("| Who | Target | p50 ms | p95 ms | max ms | Page | Met |");
        o.AppendLine("|---|---:|---:|---:|---:|---:|---|");
        foreach (var (who, email) in new[] { ("HR (also an interviewer)", "hr.interviewer@bench.example.com"), ("Agency user", "agency01@bench.example.com") })
        {
            using var http = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            for (var i = 0; ; i++)
            {
                try
                {
                    if ((await http.GetAsync("/health")).IsSuccessStatusCode)
                    {
                        break;
                    }
                }
                catch (HttpRequestException) when (i < 120)
                {
                }

                await Task.Delay(500);
            }

            var login = await http.GetStringAsync("/Account/Login");
            var fields = Regex.Matches(login, "<input[^>]*type=\"hidden\"[^>]*name=\"([^\"]+)\"[^>]*value=\"([^\"]*)\"").ToDictionary(m => m.Groups[1].Value, m => WebUtility.HtmlDecode(m.Groups[2].Value));
            fields["Input.Email"] = email;
            fields["Input.Password"] = Password;
            var signedIn = await http.PostAsync("/Account/Login", new FormUrlEncodedContent(fields));
            if (signedIn.StatusCode != HttpStatusCode.Redirect)
            {
                throw new InvalidOperationException($"sign-in as {email} answered {(int)signedIn.StatusCode}");
            }

            var times = new List<double>();
            var size = 0;
            for (var r = -3; r < runs; r++)
            {
                var watch = Stopwatch.StartNew();
                using var response = await http.GetAsync("/");
                var html = await response.Content.ReadAsStringAsync();
                watch.Stop();
                if (!response.IsSuccessStatusCode || !html.Contains("data-testid=\"agenda\"", StringComparison.Ordinal))
                {
                    throw new InvalidOperationException($"GET / as {email}: {(int)response.StatusCode}, no agenda");
                }

                size = html.Length;
                if (r >= 0)
                {
                    times.Add(watch.Elapsed.TotalMilliseconds);
                }
            }

            var ms = times.Order().ToArray();
            double P(double p) => ms[Math.Clamp((int)Math.Ceiling(p * ms.Length) - 1, 0, ms.Length - 1)];
            o.AppendLine(CultureInfo.InvariantCulture, $"| {who} | ≤ 300 ms | {P(0.5):N1} | {P(0.95):N1} | {ms[^1]:N1} | {size / 1024:N0} KiB | {(P(0.95) <= 300 ? "yes" : "**no**")} |");
        }

        return o.ToString();
    }
    finally
    {
        portal.Kill(entireProcessTree: true);
        await portal.WaitForExitAsync();
        SqliteConnection.ClearAllPools();
        dir.Delete(recursive: true);
    }
}

static async Task PrepareAsync(string source, string path)
{
    foreach (var f in new[] { path, path + "-wal", path + "-shm" })
    {
        File.Delete(f);
    }

    await using (var c = new SqliteConnection($"Data Source={source};Mode=ReadOnly;Pooling=false"))
    {
        await c.OpenAsync();
        await using var cmd = c.CreateCommand();
        cmd.CommandText = $"VACUUM INTO '{path.Replace("'", "''")}'";
        await cmd.ExecuteNonQueryAsync();
    }

    var options = new DbContextOptionsBuilder<SqliteDbContext>();
    DataSetup.ConfigureSqlite(options, $"Data Source={path};Pooling=false");
    await using var db = new SqliteDbContext(options.Options);
    await db.Database.MigrateAsync();
    var hasher = new PasswordHasher<ApplicationUser>();
    var hash = hasher.HashPassword(new ApplicationUser(), Password);
    // A deterministic "random" number 0–99 from an id: the data set looks the same on every copy.
    static string Hash(string column) => $"((unicode(substr({column}, 1, 1)) * 7919 + unicode(substr({column}, 2, 1)) * 104729 + unicode(substr({column}, 3, 1)) * 31 + unicode(substr({column}, 5, 1)) * 3) % 100)";
    await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=MEMORY; PRAGMA synchronous=OFF;");
    var statements = new[]
    {
        $"""
        INSERT INTO Scorecards (Id, InterviewId, InterviewerId, Version, PreviousVersionId, Status, Recommendation, Strengths, Concerns, CreatedAtUtc, UpdatedAtUtc, SubmittedAtUtc)
        SELECT upper(hex(randomblob(16))), p.InterviewId, p.UserId, 1, NULL, 'Submitted', 'Yes', NULL, NULL, p.EndUtc, p.EndUtc,
               strftime('%Y-%m-%d %H:%M:%S', p.EndUtc, '+' || ({Hash("p.InterviewId")} * 96 / 100) || ' hours', '+' || {Hash("p.UserId")} || ' minutes')
        FROM InterviewInterviewers p WHERE p.Status = 2 AND ({Hash("p.InterviewId")} + {Hash("p.UserId")}) % 10 <> 0
        """,
        // Each seat keeps its first submission and the delay from the end, as the portal does on submit (and the
        // SeatFeedbackTimeliness migration does for older rows).
        """
        UPDATE InterviewInterviewers SET FeedbackSubmittedAtUtc = (
            SELECT s.SubmittedAtUtc FROM Scorecards AS s
            WHERE s.InterviewId = InterviewInterviewers.InterviewId AND s.InterviewerId = InterviewInterviewers.UserId AND s.Version = 1 AND s.SubmittedAtUtc IS NOT NULL)
        """,
        """
        UPDATE InterviewInterviewers
        SET FeedbackDelaySeconds = MAX(0, CAST(ROUND((julianday(FeedbackSubmittedAtUtc) - julianday(EndUtc)) * 86400.0) AS INTEGER))
        WHERE FeedbackSubmittedAtUtc IS NOT NULL
        """,
        $"""
        INSERT INTO ConsentRecords (CandidateId, Kind, Granted, NoticeVersion, Channel, InterviewId, AtUtc)
        SELECT i.CandidateId, 1, 1, 'v1', 0, i.Id, strftime('%Y-%m-%d %H:%M:%S', i.StartUtc, '-10 minutes')
        FROM Interviews i WHERE i.Status IN (1, 2, 13) AND {Hash("i.Id")} % 10 < 8
        """,
        $"""
        INSERT INTO Recordings (InterviewId, ClientTaskId, RoomSessionId, TaskId, State, CreatedAtUtc, StartedAtUtc, StoppedAtUtc, ReadyAtUtc, StartAttempts, PartlyUploaded, DeletedFromStorage)
        SELECT i.Id, 'iv' || i.Id, '1', 'T' || substr(i.Id, 1, 15), 4, i.StartUtc, i.StartUtc, i.EndUtc, i.EndUtc, 1, 0, 0
        FROM Interviews i WHERE i.Status IN (1, 2, 13) AND {Hash("i.Id")} % 10 < 8 AND {Hash("i.VideoRoomId")} % 10 < 9
        """,
        // The interview keeps the latest recording answer and whether a recording started, as the portal writes them
        // (and the InterviewRecordingCoverage migration does for older rows).
        """
        UPDATE Interviews SET RecordingConsent = (
            SELECT c.Granted FROM ConsentRecords AS c WHERE c.InterviewId = Interviews.Id AND c.Kind = 1 ORDER BY c.AtUtc DESC, c.Id DESC LIMIT 1)
        WHERE EXISTS (SELECT 1 FROM ConsentRecords AS c WHERE c.InterviewId = Interviews.Id AND c.Kind = 1)
        """,
        """
        UPDATE Interviews SET RecordingStarted = 1
        WHERE EXISTS (SELECT 1 FROM Recordings AS r WHERE r.InterviewId = Interviews.Id AND r.StartedAtUtc IS NOT NULL)
        """,
        $"UPDATE Interviews SET Version = Version + 1, CandidateReschedules = CASE WHEN {Hash("Id")} < 4 THEN 1 ELSE 0 END WHERE {Hash("Id")} < 12",
        """
        INSERT INTO PermissionApplications (Id, AppId, ProductName, OwnerId, State, CreatedAtUtc, ApprovedAtUtc, EnabledAtUtc)
        VALUES ('7A1E5C3B-0B8C-4E0B-9B7E-2D6E1B1F0A01', 'wx00bench00000001', '面试门户', (SELECT Id FROM AspNetUsers WHERE Email = 'hr.interviewer@bench.example.com'),
                'Enabled', '2026-01-05 00:00:00', '2026-05-10 00:00:00', '2026-05-15 00:00:00')
        """,
    };
    foreach (var sql in statements)
    {
        await db.Database.ExecuteSqlRawAsync(sql);
    }

    await db.Users.Where(u => u.Email == "hr.interviewer@bench.example.com" || u.Email == "agency01@bench.example.com")
        .ExecuteUpdateAsync(u => u.SetProperty(x => x.PasswordHash, hash));
    await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
}
