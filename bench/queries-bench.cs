#!/usr/bin/env -S dotnet run
#:project ../InterviewPortal.Web/InterviewPortal.Web.csproj
#:property OutputType=Exe
#:property PublishAot=false

using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using InterviewPortal.Domain.Identity;
using InterviewPortal.Domain.Interviews;
using InterviewPortal.Domain.Recruiting;
using InterviewPortal.Web.Data;
using InterviewPortal.Web.Features.Interviews;
using InterviewPortal.Web.Features.Recruiting;
using InterviewPortal.Web.Features.Shared;
using InterviewPortal.Web.Setup;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;

// The recruiting lists on 200,000 interviews, 50,000 candidates and 20 agencies (issue 3): every filter combination
// the interviews and candidates pages offer, for HR, an agency user and an interviewer, the deepest page of the whole
// list and one interviewer's calendar week. Each run is what the page's service reads (ReadPageAsync /
// ReadCalendarAsync: the count, the page's ids, their rows and panels) on a fresh DbContext over the SQLite file, timed
// from the call to the last row read. Runs of one case cycle through the filter's values (every status and round, the
// busiest and quietest position, interviewer and agency, common and rare names, short and long date ranges), so a p95
// covers them all. The data set is generated once into bench/data/ from a fixed seed; --regenerate makes it again.
//
//   dotnet run -c Release bench/queries-bench.cs -- [--regenerate] [--runs 20] [--only <case text>] [--explain <case text>]
//     [--statements <case text>]   (each statement's time; PER_RUN=1 prints every run with its GC pause and JIT time)
var regenerate = args.Contains("--regenerate");
var runs = args.SkipWhile(a => a != "--runs").Skip(1).Select(int.Parse).DefaultIfEmpty(20).First();
var explain = args.SkipWhile(a => a != "--explain").Skip(1).FirstOrDefault();
var only = args.SkipWhile(a => a != "--only").Skip(1).FirstOrDefault();
var statements = args.SkipWhile(a => a != "--statements").Skip(1).FirstOrDefault();
var path = Path.GetFullPath(Path.Combine("bench", "data", "queries.db"));

var data = new BenchData();
if (regenerate || !File.Exists(path))
{
    var watch = Stopwatch.StartNew();
    await data.GenerateAsync(path);
    Console.Error.WriteLine($"generated {path} in {watch.Elapsed.TotalSeconds:N1} s");
}
else
{
    data.Plan();
    // A data set made before the latest migrations gets them (indexes, backfills), as a portal's database would.
    var migrate = new DbContextOptionsBuilder<SqliteDbContext>();
    DataSetup.ConfigureSqlite(migrate, $"Data Source={path};Pooling=false");
    await using var db = new SqliteDbContext(migrate.Options);
    await db.Database.MigrateAsync();
}

var options = new DbContextOptionsBuilder<SqliteDbContext>();
DataSetup.ConfigureSqlite(options, $"Data Source={path}");
var recorder = new SqlRecorder();
options.AddInterceptors(recorder);
var dbOptions = options.Options;

var cases = new List<Case>();
void Add(string group, string name, Func<AppDbContext, int, Task> run) => cases.Add(new Case(group, name, run));

// Values cycled by run number.
var now = BenchData.Now;
(DateTime From, DateTime To)[] ranges = [(now.AddDays(-7), now), (now, now.AddDays(14)), (now.AddDays(-30), now.AddDays(30)), (now.AddDays(-365), now)];
var statuses = Enum.GetValues<InterviewStatus>();
var rounds = Enum.GetValues<InterviewRound>();
string[] names = ["王", "伟", "张伟", "李娜", "陈晓", "王芳芳", "周", "马超", "欧阳"];
var stages = Enum.GetValues<PipelineStage>();
T Pick<T>(IReadOnlyList<T> values, int run, int stride = 1) => values[(run * stride) % values.Count];

InterviewFilter Filter(int mask, int run, bool desc, string? interviewer = null) => new(
    (mask & 1) != 0 ? Pick(ranges, run).From : null,
    (mask & 1) != 0 ? Pick(ranges, run).To : null,
    (mask & 2) != 0 ? Pick(statuses, run) : null,
    (mask & 4) != 0 ? Pick(data.Positions, run, 7) : null,
    (mask & 8) != 0 ? Pick(rounds, run) : null,
    (mask & 16) != 0 ? interviewer ?? Pick(data.Interviewers, run, 13) : null,
    (mask & 32) != 0 ? Pick(data.Agencies, run, 3) : null,
    (mask & 64) != 0 ? Pick(names, run) : null,
    (mask & 128) != 0,
    desc ? InterviewSort.StartDescending : InterviewSort.StartAscending);

string Describe(int mask, string[] labels) =>
    string.Join(" + ", labels.Where((_, k) => (mask & (1 << k)) != 0)) is { Length: > 0 } s ? s : "no filter";
string[] interviewLabels = ["dates", "status", "position", "round", "interviewer", "agency", "name", "mine"];

// HR (an HR user who also sits on panels, so "mine" has rows): every combination the page offers, both orders.
var hr = new Caller(data.HrInterviewer, new HashSet<string> { Roles.HR, Roles.Interviewer }, null);
for (var mask = 0; mask < 256; mask++)
{
    foreach (var desc in new[] { false, true })
    {
        var (m, d) = (mask, desc);
        Add("Interviews list, first page (HR), every filter combination", $"{Describe(m, interviewLabels)}, {(d ? "desc" : "asc")}",
            (db, r) => InterviewService.ReadPageAsync(db, hr, Filter(m, r, d), 0, 25, default));
    }
}

// An agency user: the page offers dates, status, round and the name (the agency is theirs).
foreach (var mask in Enumerable.Range(0, 128).Where(x => (x & (4 | 16 | 32)) == 0 && (x & 128) == 0))
{
    foreach (var desc in new[] { false, true })
    {
        var (m, d) = (mask, desc);
        Add("Interviews list, first page (agency user)", $"{Describe(m, interviewLabels)}, {(d ? "desc" : "asc")}",
            (db, r) => InterviewService.ReadPageAsync(db, data.AgencyCaller(r), Filter(m, r, d), 0, 25, default));
    }
}

// An interviewer: dates, status, round, the name and "mine" (their list is theirs anyway).
foreach (var mask in Enumerable.Range(0, 256).Where(x => (x & (4 | 16 | 32)) == 0))
{
    foreach (var desc in new[] { false, true })
    {
        var (m, d) = (mask, desc);
        Add("Interviews list, first page (interviewer)", $"{Describe(m, interviewLabels)}, {(d ? "desc" : "asc")}",
            (db, r) => InterviewService.ReadPageAsync(db, data.InterviewerCaller(r), Filter(m, r, d), 0, 25, default));
    }
}

string[] candidateLabels = ["name", "stage", "position", "agency"];
CandidateFilter CandidateFilterFor(int mask, int run) => new(
    (mask & 1) != 0 ? Pick(names, run) : null,
    (mask & 2) != 0 ? Pick(stages, run) : null,
    (mask & 4) != 0 ? Pick(data.Positions, run, 7) : null,
    (mask & 8) != 0 ? Pick(data.Agencies, run, 3) : null);
for (var mask = 0; mask < 8; mask++)
{
    var m = mask;
    Add("Candidates list, first page (agency user)", Describe(m, candidateLabels),
        (db, r) => CandidateService.ReadPageAsync(db, data.AgencyCaller(r), CandidateFilterFor(m, r), 0, 25, default));
}

var admin = new Caller(data.Admin, new HashSet<string> { Roles.Admin }, null);
for (var mask = 0; mask < 16; mask++)
{
    var m = mask;
    Add("Candidates list, first page (HR), every filter combination", Describe(m, candidateLabels),
        (db, r) => CandidateService.ReadPageAsync(db, admin, CandidateFilterFor(m, r), 0, 25, default));
}

foreach (var desc in new[] { false, true })
{
    var d = desc;
    Add("Interviews list, deepest page (admin, unfiltered)", $"page 8,000 of 8,000, {(d ? "desc" : "asc")}",
        (db, r) => InterviewService.ReadPageAsync(db, admin, new InterviewFilter(Sort: d ? InterviewSort.StartDescending : InterviewSort.StartAscending), 7999, 25, default));
}

// A week (Monday to Monday in Shanghai) around "now", for one interviewer, as HR sees it and as they see their own.
var week = now.Date.AddDays(-(((int)now.DayOfWeek + 6) % 7)).AddHours(-8);
Add("Calendar week, one interviewer", "HR viewing an interviewer's week",
    (db, r) => InterviewService.ReadCalendarAsync(db, hr, week.AddDays(7 * ((r % 5) - 2)), week.AddDays(7 * ((r % 5) - 1)), Pick(data.Interviewers, r, 13), false, 500, default));
Add("Calendar week, one interviewer", "an interviewer's own week",
    (db, r) => InterviewService.ReadCalendarAsync(db, data.InterviewerCaller(r), week.AddDays(7 * ((r % 5) - 2)), week.AddDays(7 * ((r % 5) - 1)), null, false, 500, default));

if (explain is not null)
{
    foreach (var c in cases.Where(c => $"{c.Group} | {c.Name}".Contains(explain, StringComparison.OrdinalIgnoreCase)).Take(4))
    {
        recorder.Commands.Clear();
        recorder.Recording = true;
        await using (var db = new SqliteDbContext(dbOptions))
        {
            await c.Run(db, 0);
        }

        recorder.Recording = false;
        Console.WriteLine($"## {c.Group} | {c.Name}");
        foreach (var (sql, parameters) in recorder.Commands.ToList())
        {
            Console.WriteLine(sql);
            foreach (var line in await SqlRecorder.ExplainAsync(path, sql, parameters))
            {
                Console.WriteLine("  -- " + line);
            }
        }
    }

    return;
}

if (statements is not null)
{
    // Per statement: time from execute to reader closed (rows read), over the runs, for the first matching cases.
    foreach (var c in cases.Where(c => $"{c.Group} | {c.Name}".Contains(statements, StringComparison.OrdinalIgnoreCase)).Take(4))
    {
        var timings = new Dictionary<string, List<double>>();
        for (var r = -runs; r < runs; r++)
        {
            recorder.Timings.Clear();
            recorder.Recording = true;
            var (gc0, jit0) = (GC.GetTotalPauseDuration(), System.Runtime.JitInfo.GetCompilationTime());
            var watch = Stopwatch.StartNew();
            await using (var db = new SqliteDbContext(dbOptions))
            {
                await c.Run(db, r < 0 ? r + runs : r);
            }

            watch.Stop();
            recorder.Recording = false;
            if (r < 0)
            {
                continue;
            }

            timings.TryAdd("(whole run)", []);
            timings["(whole run)"].Add(watch.Elapsed.TotalMilliseconds);
            if (Environment.GetEnvironmentVariable("PER_RUN") is not null)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"run {r}: {watch.Elapsed.TotalMilliseconds:N2} ms (gc {(GC.GetTotalPauseDuration() - gc0).TotalMilliseconds:N2}, jit {(System.Runtime.JitInfo.GetCompilationTime() - jit0).TotalMilliseconds:N2}) = {string.Join(" + ", recorder.Timings.Select(t => t.Ms.ToString("N2", CultureInfo.InvariantCulture)))}"));
            }

            foreach (var (sql, ms) in recorder.Timings)
            {
                timings.TryAdd(sql, []);
                timings[sql].Add(ms);
            }
        }

        recorder.Commands.Clear();
        Console.WriteLine($"## {c.Group} | {c.Name}");
        foreach (var (sql, ms) in timings)
        {
            var sorted = ms.Order().ToArray();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"p50 {sorted[sorted.Length / 2]:N2} ms, max {sorted[^1]:N2} ms, {ms.Count} runs: {sql.ReplaceLineEndings(" ")}"));
        }
    }

    return;
}

if (only is not null)
{
    cases.RemoveAll(c => !$"{c.Group} | {c.Name}".Contains(only, StringComparison.OrdinalIgnoreCase));
}

var load = File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
var results = new List<(Case Case, double[] Ms)>();
var total = Stopwatch.StartNew();
foreach (var c in cases)
{
    var times = new List<double>();
    // First every run's values once, untimed: a new shape of query (a filter value that makes it different: a name's
    // number of people, a null) costs EF Core its translation and the JIT its code once in a process, not on every
    // page. The timed runs then read the same values again, as a running portal reads its users' filters.
    for (var r = -runs; r < runs; r++)
    {
        await using var db = new SqliteDbContext(dbOptions);
        var watch = Stopwatch.StartNew();
        await c.Run(db, r < 0 ? r + runs : r);
        watch.Stop();
        if (r >= 0)
        {
            times.Add(watch.Elapsed.TotalMilliseconds);
        }
    }

    results.Add((c, times.Order().ToArray()));
}

var loadAfter = File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
double P(double[] sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
var targets = new Dictionary<string, double>
{
    ["Interviews list, first page (HR), every filter combination"] = 10,
    ["Interviews list, first page (agency user)"] = 10,
    ["Interviews list, first page (interviewer)"] = 10,
    ["Candidates list, first page (agency user)"] = 10,
    ["Candidates list, first page (HR), every filter combination"] = 10,
    ["Interviews list, deepest page (admin, unfiltered)"] = 50,
    ["Calendar week, one interviewer"] = 100,
};

var o = new StringBuilder();
o.AppendLine(CultureInfo.InvariantCulture, $"# Recruiting list queries, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
o.AppendLine();
o.AppendLine(CultureInfo.InvariantCulture, $"Data set `bench/data/queries.db` ({new FileInfo(path).Length / 1024 / 1024:N0} MiB): {BenchData.InterviewCount:N0} interviews, {BenchData.CandidateCount:N0} candidates, {BenchData.AgencyCount} agencies, {BenchData.PositionCount} positions, {BenchData.InterviewerCount} interviewers. " +
    $"{Environment.ProcessorCount} cores, .NET {Environment.Version}, {runs} timed runs per case, each after the same values' untimed run (a warm-up), page size 25, {cases.Count} cases in {total.Elapsed.TotalSeconds:N0} s. Load average before {load}, after {loadAfter}.");
o.AppendLine();
o.AppendLine("A run is the service's whole read on a fresh DbContext: name lookup (when searching), the count (up to 1,001 for a narrowed list), the page's ids, their rows and panels, materialized.");
o.AppendLine();
o.AppendLine("| Query | Target | Cases | p50 (all runs) | p95 (all runs) | Worst case p95 | Worst case | Max | Met |");
o.AppendLine("|---|---:|---:|---:|---:|---:|---|---:|---|");
foreach (var group in results.GroupBy(x => x.Case.Group))
{
    var all = group.SelectMany(x => x.Ms).Order().ToArray();
    var worst = group.MaxBy(x => P(x.Ms, 0.95));
    var target = targets[group.Key];
    if (only is not null)
    {
        o.AppendLine(CultureInfo.InvariantCulture, $"| {group.Key} | (only cases with \"{only}\") | | | | | | | |");
    }

    var met = group.All(x => P(x.Ms, 0.95) <= target);
    o.AppendLine(CultureInfo.InvariantCulture, $"| {group.Key} | p95 ≤ {target} ms | {group.Count()} | {P(all, 0.5):N2} | {P(all, 0.95):N2} | {P(worst.Ms, 0.95):N2} | {worst.Case.Name} | {all[^1]:N1} | {(met ? "yes" : "**no**")} |");
}

o.AppendLine();
o.AppendLine("## Slowest cases (by p95)");
o.AppendLine();
o.AppendLine("| Query | Case | p50 ms | p95 ms | max ms |");
o.AppendLine("|---|---|---:|---:|---:|");
foreach (var (c, ms) in results.OrderByDescending(x => P(x.Ms, 0.95)).Take(20))
{
    o.AppendLine(CultureInfo.InvariantCulture, $"| {c.Group} | {c.Name} | {P(ms, 0.5):N2} | {P(ms, 0.95):N2} | {ms[^1]:N2} |");
}

o.AppendLine();
o.AppendLine("## Every case");
o.AppendLine();
o.AppendLine("| Query | Case | p50 ms | p95 ms | max ms |");
o.AppendLine("|---|---|---:|---:|---:|");
foreach (var (c, ms) in results)
{
    o.AppendLine(CultureInfo.InvariantCulture, $"| {c.Group} | {c.Name} | {P(ms, 0.5):N2} | {P(ms, 0.95):N2} | {ms[^1]:N2} |");
}

Console.Write(o.ToString());
SqliteConnection.ClearAllPools();

sealed record Case(string Group, string Name, Func<AppDbContext, int, Task> Run);

/// <summary>Keeps the SQL and parameter values EF Core sends, for --explain.</summary>
sealed class SqlRecorder : DbCommandInterceptor
{
    public bool Recording { get; set; }

    public List<(string Sql, List<(string Name, object? Value)> Parameters)> Commands { get; } = [];

    /// <summary>For --statements: each command's time from execute to its reader closing (all rows read).</summary>
    public List<(string Sql, double Ms)> Timings { get; } = [];

    private readonly Dictionary<DbCommand, long> _started = [];

    public override ValueTask<InterceptionResult> DataReaderClosingAsync(DbCommand command, DataReaderClosingEventData eventData, InterceptionResult result)
    {
        if (Recording && _started.Remove(command, out var started))
        {
            Timings.Add((command.CommandText, Stopwatch.GetElapsedTime(started).TotalMilliseconds));
        }

        return base.DataReaderClosingAsync(command, eventData, result);
    }

    public override InterceptionResult DataReaderClosing(DbCommand command, DataReaderClosingEventData eventData, InterceptionResult result)
    {
        if (Recording && _started.Remove(command, out var started))
        {
            Timings.Add((command.CommandText, Stopwatch.GetElapsedTime(started).TotalMilliseconds));
        }

        return base.DataReaderClosing(command, eventData, result);
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Record(command);
        return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Record(command);
        return base.ScalarExecutingAsync(command, eventData, result, cancellationToken);
    }

    public override ValueTask<object?> ScalarExecutedAsync(DbCommand command, CommandExecutedEventData eventData, object? result, CancellationToken cancellationToken = default)
    {
        if (Recording && _started.Remove(command, out var started))
        {
            Timings.Add((command.CommandText, Stopwatch.GetElapsedTime(started).TotalMilliseconds));
        }

        return base.ScalarExecutedAsync(command, eventData, result, cancellationToken);
    }

    private void Record(DbCommand command)
    {
        if (Recording)
        {
            _started[command] = Stopwatch.GetTimestamp();
            Commands.Add((command.CommandText, command.Parameters.Cast<DbParameter>().Select(p => (p.ParameterName, (object?)p.Value)).ToList()));
        }
    }

    public static async Task<List<string>> ExplainAsync(string path, string sql, List<(string Name, object? Value)> parameters)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        var lines = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            lines.Add(reader.GetString(3));
        }

        return lines;
    }
}

/// <summary>
/// The data set, from a fixed seed: 20 agencies with a user each, 30 positions, 200 interviewers (one of them also HR),
/// 50,000 candidates (60 % from agencies, skewed towards the first few; names drawn like Chinese names, surnames
/// skewed), each with one to seven interviews every few working days from their application on, panels of one to
/// three, statuses by whether the interview is past "now". Built through the Domain (Candidate.Create, Interview.Schedule
/// and its status changes), so every copied column and name piece is what the portal itself writes, and written with
/// the portal's BulkInsert in one transaction.
/// </summary>
sealed class BenchData
{
    public const int Seed = 20261201;
    public const int InterviewCount = 200_000;
    public const int CandidateCount = 50_000;
    public const int AgencyCount = 20;
    public const int PositionCount = 30;
    public const int InterviewerCount = 200;

    public static readonly DateTime Now = new(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc);

    private static readonly string[] Surnames =
        ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "肖", "田", "董", "袁", "潘", "于", "蒋", "蔡"];

    private static readonly string[] GivenChars =
        ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀", "霞", "平", "刚", "桂", "英", "华", "玉", "萍", "红", "鹏", "辉", "建", "文", "斌", "宇", "浩", "凯", "婷", "雪", "琳", "晨", "欣", "佳", "怡", "子", "轩", "涵", "博", "思", "雨", "梓", "一", "诺", "泽", "睿", "嘉", "俊", "宁", "航", "瑞", "天", "昊", "然", "悦", "晓", "峰", "海", "波", "亮", "鑫", "颖", "倩", "欢", "琪", "蕾", "薇", "楠", "彬", "飞", "成", "龙", "国"];

    private readonly Random _random = new(Seed);

    public List<Guid> Agencies { get; private set; } = [];

    public List<string> AgencyUsers { get; private set; } = [];

    public List<Guid> Positions { get; private set; } = [];

    public List<string> Interviewers { get; private set; } = [];

    public string HrInterviewer { get; private set; } = "";

    public string Admin { get; private set; } = "";

    public Caller AgencyCaller(int run)
    {
        var a = (run * 3) % AgencyCount;
        return new Caller(AgencyUsers[a], new HashSet<string> { Roles.Agency }, Agencies[a]);
    }

    public Caller InterviewerCaller(int run) => new(Interviewers[(run * 13 + 1) % InterviewerCount], new HashSet<string> { Roles.Interviewer }, null);

    /// <summary>Draws the ids of people and reference data (the same on every open).</summary>
    public void Plan()
    {
        Agencies = Enumerable.Range(0, AgencyCount).Select(_ => NextGuid()).ToList();
        AgencyUsers = Enumerable.Range(0, AgencyCount).Select(_ => NextGuid().ToString()).ToList();
        Positions = Enumerable.Range(0, PositionCount).Select(_ => NextGuid()).ToList();
        Interviewers = Enumerable.Range(0, InterviewerCount).Select(_ => NextGuid().ToString()).ToList();
        HrInterviewer = Interviewers[InterviewerCount / 2];
        Admin = NextGuid().ToString();
    }

    public async Task GenerateAsync(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        foreach (var f in new[] { path, path + "-wal", path + "-shm" })
        {
            File.Delete(f);
        }

        Plan();
        var options = new DbContextOptionsBuilder<SqliteDbContext>();
        DataSetup.ConfigureSqlite(options, $"Data Source={path};Pooling=false");
        await using var db = new SqliteDbContext(options.Options);
        await db.Database.MigrateAsync();
        await db.Database.OpenConnectionAsync();
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=MEMORY; PRAGMA synchronous=OFF;");
        await using (var tx = await db.Database.BeginTransactionAsync())
        {
            var connection = (SqliteConnection)db.Database.GetDbConnection();
            var transaction = (SqliteTransaction)tx.GetDbTransaction();
            WritePeople(connection, transaction);
            WritePositions(connection, transaction);
            await WriteCandidatesAndInterviewsAsync(db);
            await tx.CommitAsync();
        }

        // As the portal leaves its file; no ANALYZE beyond what the migrations ship, as in production.
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
    }

    private void WritePeople(SqliteConnection c, SqliteTransaction tx)
    {
        using var roles = Prepare(c, tx, "INSERT INTO AspNetRoles (Id, Name, NormalizedName, ConcurrencyStamp) VALUES ($id, $name, $norm, $stamp)", "$id", "$name", "$norm", "$stamp");
        var roleIds = new Dictionary<string, string>();
        foreach (var role in Roles.All)
        {
            roleIds[role] = NextGuid().ToString();
            Run(roles, roleIds[role], role, role.ToUpperInvariant(), NextGuid().ToString());
        }

        using var agencies = Prepare(c, tx, "INSERT INTO Agencies (Id, Name, ContactName, ContactPhone, ContactEmail, Status, CreatedAtUtc) VALUES ($id, $name, $contact, $phone, NULL, 0, $at)", "$id", "$name", "$contact", "$phone", "$at");
        for (var a = 0; a < AgencyCount; a++)
        {
            Run(agencies, Key(Agencies[a]), $"猎头公司{a + 1:D2}", RandomName(), Phone(900_000 + a), Now.AddDays(-800));
        }

        using var users = Prepare(c, tx,
            """
            INSERT INTO AspNetUsers (Id, DisplayName, MustChangePassword, IsDisabled, TimeZone, CreatedAtUtc, UserName, NormalizedUserName, Email, NormalizedEmail,
                EmailConfirmed, SecurityStamp, ConcurrencyStamp, PhoneNumberConfirmed, TwoFactorEnabled, LockoutEnabled, AccessFailedCount, AgencyId)
            VALUES ($id, $name, 0, 0, 'Asia/Shanghai', $at, $email, $norm, $email, $norm, 1, $stamp, $stamp, 0, 0, 1, 0, $agency)
            """, "$id", "$name", "$at", "$email", "$norm", "$stamp", "$agency");
        using var userRoles = Prepare(c, tx, "INSERT INTO AspNetUserRoles (UserId, RoleId) VALUES ($user, $role)", "$user", "$role");
        void User(string id, string email, Guid? agency, params string[] inRoles)
        {
            Run(users, id, RandomName(), Now.AddDays(-800), email, email.ToUpperInvariant(), NextGuid().ToString("N").ToUpperInvariant(), agency is null ? null : Key(agency.Value));
            foreach (var role in inRoles)
            {
                Run(userRoles, id, roleIds[role]);
            }
        }

        User(Admin, "admin@bench.example.com", null, Roles.Admin);
        for (var i = 0; i < InterviewerCount; i++)
        {
            var isHr = Interviewers[i] == HrInterviewer;
            User(Interviewers[i], isHr ? "hr.interviewer@bench.example.com" : $"interviewer{i:D3}@bench.example.com", null, isHr ? [Roles.HR, Roles.Interviewer] : [Roles.Interviewer]);
        }

        for (var a = 0; a < AgencyCount; a++)
        {
            User(AgencyUsers[a], $"agency{a + 1:D2}@bench.example.com", Agencies[a], Roles.Agency);
        }
    }

    private void WritePositions(SqliteConnection c, SqliteTransaction tx)
    {
        using var positions = Prepare(c, tx,
            "INSERT INTO Positions (Id, Title, Department, Location, HiringOwnerId, IsOpen, CreatedAtUtc, DefaultRounds) VALUES ($id, $title, '研发部', '上海', $owner, $open, $at, '[]')",
            "$id", "$title", "$owner", "$open", "$at");
        for (var p = 0; p < PositionCount; p++)
        {
            Run(positions, Key(Positions[p]), $"工程师岗位{p + 1:D2}", HrInterviewer, p % 7 == 6 ? 0 : 1, Now.AddDays(-800));
        }
    }

    private async Task WriteCandidatesAndInterviewsAsync(AppDbContext db)
    {
        // Agencies and positions are not equally busy: the first few bring most candidates (a mild Zipf skew).
        var agencyWeights = Enumerable.Range(1, AgencyCount).Select(k => 1 / Math.Pow(k, 0.7)).ToArray();
        var positionWeights = Enumerable.Range(1, PositionCount).Select(k => 1 / Math.Pow(k, 0.5)).ToArray();
        var interviewerWeights = Enumerable.Range(1, InterviewerCount).Select(k => 1 / Math.Pow(k, 0.1)).ToArray();
        var counts = Enumerable.Range(0, CandidateCount).Select(_ => 2 + _random.Next(5)).ToArray();
        for (var missing = InterviewCount - counts.Sum(); missing != 0;)
        {
            var j = _random.Next(CandidateCount);
            if (missing > 0 && counts[j] < 7)
            {
                counts[j]++;
                missing--;
            }
            else if (missing < 0 && counts[j] > 1)
            {
                counts[j]--;
                missing++;
            }
        }

        var candidates = new List<Candidate>();
        var interviews = new List<Interview>();
        for (var j = 0; j < CandidateCount; j++)
        {
            var created = Now.AddDays(-700 * _random.NextDouble()).AddTicks(-_random.Next(10_000_000));
            Guid? agency = _random.NextDouble() < 0.6 ? Agencies[Pick(agencyWeights)] : null;
            var position = Positions[Pick(positionWeights)];
            Guid? second = _random.NextDouble() < 0.3 ? Positions[_random.Next(PositionCount)] : null;
            var positions = second is { } s && s != position ? new[] { position, s } : [position];
            var source = agency is null ? (_random.NextDouble() < 0.3 ? CandidateSource.Referral : CandidateSource.Direct) : CandidateSource.Agency;
            var candidate = Candidate.Create(NextGuid(), RandomName(), Phone(j), _random.NextDouble() < 0.6 ? $"c{j:D5}@mail.example.com" : null,
                source, agency, positions, HrInterviewer, created);
            var stage = created > Now.AddDays(-30)
                ? (PipelineStage)_random.Next(3)
                : new[] { PipelineStage.Rejected, PipelineStage.Rejected, PipelineStage.Withdrawn, PipelineStage.Hired, PipelineStage.Archived, PipelineStage.Offer, PipelineStage.Interviewing }[_random.Next(7)];
            if (stage != PipelineStage.Applied)
            {
                candidate.MoveTo(stage, stage == PipelineStage.Rejected ? "不匹配" : null, HrInterviewer, created.AddDays(3));
            }

            candidates.Add(candidate);
            var day = created.Date.AddDays(1 + _random.Next(10));
            for (var n = 0; n < counts[j]; n++)
            {
                while (day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
                {
                    day = day.AddDays(1);
                }

                // 09:00–17:45 in Shanghai (01:00–09:45 UTC), on the quarter hour.
                var start = day.AddMinutes(60 + 15 * _random.Next(36));
                var minutes = new[] { 30, 45, 60, 60, 60, 90 }[_random.Next(6)];
                var members = new HashSet<string>();
                var size = _random.NextDouble() switch { < 0.4 => 1, < 0.8 => 2, _ => 3 };
                while (members.Count < size)
                {
                    members.Add(Interviewers[Pick(interviewerWeights)]);
                }

                var interview = Interview.Schedule(NextGuid(), candidate.Id, n > 0 && positions.Length > 1 && _random.NextDouble() < 0.3 ? positions[1] : position,
                    agency, (InterviewRound)Math.Min(n, (int)InterviewRound.Final), start, minutes, members, null,
                    _random.NextDouble() < 0.2 ? "请重点考察系统设计。" : null, HrInterviewer, start.AddDays(-1 - _random.Next(7)));
                var status = StatusFor(start);
                var at = start.AddMinutes(minutes);
                switch (status)
                {
                    case InterviewStatus.Cancelled:
                        interview.Cancel("候选人时间冲突", HrInterviewer, start.AddDays(-1));
                        break;
                    case InterviewStatus.Completed:
                        interview.ChangeStatus(InterviewStatus.InProgress, null, HrInterviewer, start);
                        interview.ChangeStatus(InterviewStatus.Completed, null, HrInterviewer, at);
                        break;
                    case InterviewStatus.Scheduled:
                        break;
                    default:
                        interview.ChangeStatus(status, null, HrInterviewer, at);
                        break;
                }

                interviews.Add(interview);
                day = day.AddDays(2 + _random.Next(9));
            }

            if (candidates.Count == 5_000 || j == CandidateCount - 1)
            {
                await db.BulkInsertAsync(candidates, default);
                await db.BulkInsertAsync(candidates.SelectMany(c => c.History).ToList(), default);
                await db.BulkInsertAsync(candidates.SelectMany(c => c.Positions).ToList(), default);
                await db.BulkInsertAsync(candidates.SelectMany(c => c.NameGrams).ToList(), default);
                await db.BulkInsertAsync(interviews, default);
                await db.BulkInsertAsync(interviews.SelectMany(i => i.Interviewers).ToList(), default);
                await db.BulkInsertAsync(interviews.SelectMany(i => i.History).ToList(), default);
                candidates.Clear();
                interviews.Clear();
            }
        }
    }

    private InterviewStatus StatusFor(DateTime start)
    {
        var x = _random.NextDouble();
        if (start >= Now)
        {
            return x < 0.92 ? InterviewStatus.Scheduled : InterviewStatus.Cancelled;
        }

        return x switch
        {
            < 0.82 => InterviewStatus.Completed,
            < 0.90 => InterviewStatus.Cancelled,
            < 0.94 => InterviewStatus.NoShowCandidate,
            < 0.95 => InterviewStatus.NoShowInterviewer,
            < 0.97 => InterviewStatus.TechnicalFailure,
            < 0.98 => InterviewStatus.InProgress,
            _ => InterviewStatus.Scheduled,
        };
    }

    private string RandomName() =>
        Surnames[(int)(Surnames.Length * Math.Pow(_random.NextDouble(), 2))]
        + GivenChars[_random.Next(GivenChars.Length)]
        + (_random.NextDouble() < 0.7 ? GivenChars[_random.Next(GivenChars.Length)] : "");

    private static string Phone(int n) => $"1{"35789"[n % 5]}{(n * 104_729L + 12_345) % 1_000_000_000:D9}";

    private int Pick(double[] weights)
    {
        var x = _random.NextDouble() * weights.Sum();
        for (var k = 0; k < weights.Length; k++)
        {
            x -= weights[k];
            if (x < 0)
            {
                return k;
            }
        }

        return weights.Length - 1;
    }

    private Guid NextGuid()
    {
        Span<byte> b = stackalloc byte[16];
        _random.NextBytes(b);
        b[7] = (byte)((b[7] & 0x0F) | 0x40);
        b[8] = (byte)((b[8] & 0x3F) | 0x80);
        return new Guid(b);
    }

    /// <summary>A GUID as EF Core's SQLite provider stores it.</summary>
    private static string Key(Guid id) => id.ToString().ToUpperInvariant();

    private static SqliteCommand Prepare(SqliteConnection c, SqliteTransaction tx, string sql, params string[] names)
    {
        var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        foreach (var name in names)
        {
            cmd.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        cmd.Prepare();
        return cmd;
    }

    private static void Run(SqliteCommand cmd, params object?[] values)
    {
        for (var k = 0; k < values.Length; k++)
        {
            cmd.Parameters[k].Value = values[k] ?? DBNull.Value;
        }

        cmd.ExecuteNonQuery();
    }
}
