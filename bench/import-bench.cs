#!/usr/bin/env -S dotnet run
#:project ../InterviewPortal.Web/InterviewPortal.Web.csproj
#:property OutputType=Exe
#:property PublishAot=false

using System.Diagnostics;
using System.Security.Claims;
using System.Text;
using InterviewPortal.Domain.Identity;
using InterviewPortal.Web.Features.Recruiting;
using InterviewPortal.Web.Features.Recruiting.Import;
using InterviewPortal.Web.Setup;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

// Candidate CSV import: validate + import of a generated file (default 10,000 rows) on a fresh SQLite file database,
// through the portal's own services, signed in as HR. Round 1 imports into an empty candidate table; round 2 imports as
// many new rows again while the first round's candidates are there for the duplicate checks to search.
var rows = args.Length > 0 ? int.Parse(args[0]) : 10_000;
var dir = Directory.CreateTempSubdirectory("interviewportal-import-bench-");
try
{
    var configuration = new ConfigurationBuilder()
        .AddInMemoryCollection([new("ConnectionStrings:Portal", $"Data Source={Path.Combine(dir.FullName, "bench.db")}")])
        .Build();
    var settings = DatabaseSettings.From(configuration, dir.FullName);
    var services = new ServiceCollection();
    services.AddLogging();
    services.AddSingleton(settings);
    services.AddPortalDbContexts(settings);
    services.AddPortalFeatures();
    await using var provider = services.BuildServiceProvider();
    await provider.MigratePortalDatabaseAsync();

    await using var scope = provider.CreateAsyncScope();
    var sp = scope.ServiceProvider;
    sp.GetRequiredService<IHttpContextAccessor>().HttpContext = new DefaultHttpContext
    {
        RequestServices = sp,
        User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, "bench-hr"), new Claim(ClaimTypes.Role, Roles.HR)], "bench")),
    };

    var agencies = new List<string>();
    for (var i = 1; i <= 20; i++)
    {
        var name = $"猎头公司{i:D2}";
        await sp.GetRequiredService<AgencyService>().SaveAsync(null, new AgencyForm { Name = name, ContactName = "联系人" });
        agencies.Add(name);
    }

    var titles = new List<string>();
    for (var i = 1; i <= 30; i++)
    {
        var title = $"工程师岗位{i:D2}";
        await sp.GetRequiredService<PositionService>().SaveAsync(null, new PositionForm { Title = title, Department = "研发部", Location = "上海" });
        titles.Add(title);
    }

    var import = sp.GetRequiredService<CandidateImportService>();
    // The load average says whether other work shared the machine: the wall times are only comparable on a quiet one.
    Console.WriteLine($"Candidate CSV import benchmark: {rows:N0} rows per round, SQLite file database, {Environment.ProcessorCount} cores, .NET {Environment.Version}, load average {LoadAverage()}");
    for (var round = 1; round <= 2; round++)
    {
        var csv = Generate(rows, round, agencies, titles);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        var report = await import.ValidateAsync(new MemoryStream(csv));
        var validated = watch.Elapsed;
        var imported = await import.ImportAsync(report);
        var total = watch.Elapsed;
        var cpuUsed = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        if (report.Problems.Count > 0 || imported != rows)
        {
            throw new InvalidOperationException($"round {round}: {report.Problems.Count} problems, {imported} imported");
        }

        Console.WriteLine($"round {round} ({(round == 1 ? "empty table" : $"{rows:N0} candidates already there")}): file {csv.Length / 1024:N0} KiB | validate {validated.TotalMilliseconds,6:N0} ms | import {(total - validated).TotalMilliseconds,6:N0} ms | validate+import {total.TotalMilliseconds,6:N0} ms (CPU {cpuUsed.TotalMilliseconds:N0} ms)");
    }
}
finally
{
    SqliteConnection.ClearAllPools();
    dir.Delete(recursive: true);
}

static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

// A file like one HR would upload: UTF-8 with BOM, a third each direct, referral and agency, one or two positions.
static byte[] Generate(int rows, int round, List<string> agencies, List<string> titles)
{
    var text = new StringBuilder(CsvText.Line(["姓名 Name", "手机号 Phone", "邮箱 Email", "来源 Source", "招聘机构 Agency", "应聘职位 Positions"]));
    for (var i = 0; i < rows; i++)
    {
        var phone = $"1{5 + round}{i:D9}";
        var source = (i % 3) switch { 0 => "直接投递", 1 => "内部推荐", _ => "招聘机构" };
        var agency = i % 3 == 2 ? agencies[i % agencies.Count] : "";
        var positions = i % 4 == 0 ? $"{titles[i % titles.Count]};{titles[(i + 7) % titles.Count]}" : titles[i % titles.Count];
        text.Append(CsvText.Line([$"候选人{round}-{i}", phone, $"c{round}.{i}@example.com", source, agency, positions]));
    }

    return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())];
}
