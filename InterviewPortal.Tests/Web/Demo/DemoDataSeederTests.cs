using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using InterviewPortal.Domain.Identity;
using InterviewPortal.Domain.Interviews;
using InterviewPortal.Domain.Recruiting;
using InterviewPortal.Tests.TestSupport;
using InterviewPortal.Web.Data;
using InterviewPortal.Web.Features.Audit;
using InterviewPortal.Web.Features.Demo;
using InterviewPortal.Web.Setup;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace InterviewPortal.Tests.Web.Demo;

[Collection(PortalHostCollection.Name)]
public sealed partial class DemoDataSeederTests(ITestOutputHelper output)
{
    private const int Buffer = 10;

    private static PortalAppFactory Start(Dictionary<string, string?>? settings = null)
    {
        var app = new PortalAppFactory(settings);
        _ = app.Server; // migrations and the bootstrap admin run now
        return app;
    }

    private static async Task<DemoSeedResult> SeedAsync(PortalAppFactory app, int seed = DemoDataSeeder.DefaultSeed)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<DemoDataSeeder>().SeedAsync(seed);
    }

    private static Task<(int Users, int Candidates, int Interviews, int Audit)> CountAsync(PortalAppFactory app) =>
        app.WithDbAsync(async db => (await db.Users.CountAsync(), await db.Candidates.CountAsync(), await db.Interviews.CountAsync(), await db.AuditEntries.CountAsync()));

    [Fact]
    public async Task SeedingAnEmptyDatabase_CreatesTheDemoCompany_WithEveryRuleKept()
    {
        await using var app = Start();
        var before = DateTime.UtcNow;
        var timer = Stopwatch.StartNew();

        var result = await SeedAsync(app);

        output.WriteLine($"Seeded in {timer.ElapsedMilliseconds} ms: {result.Candidates} candidates, {result.Interviews} interviews");
        var after = DateTime.UtcNow;
        Assert.True(result.Seeded, result.Refusal);
        Assert.Equal((8, 3, DemoCompany.CandidateCount), (result.Positions, result.Agencies, result.Candidates));
        Assert.Equal(9, result.Accounts.Count);

        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        Assert.Equal(2, (await users.GetUsersInRoleAsync(Roles.HR)).Count);
        Assert.Equal(4, (await users.GetUsersInRoleAsync(Roles.Interviewer)).Count);
        var agencyUsers = await users.GetUsersInRoleAsync(Roles.Agency);
        Assert.Equal(3, agencyUsers.Count);
        Assert.All(agencyUsers, u => Assert.NotNull(u.AgencyId));
        Assert.Equal(3, agencyUsers.Select(u => u.AgencyId).Distinct().Count());
        foreach (var account in result.Accounts)
        {
            var user = await users.FindByEmailAsync(account.Email);
            Assert.NotNull(user);
            Assert.False(user.MustChangePassword);
            Assert.True(await users.CheckPasswordAsync(user, DemoDataSeeder.Password));
        }

        await app.WithDbAsync(async db =>
        {
            Assert.Equal(8, await db.Positions.CountAsync());
            Assert.Equal(3, await db.Agencies.CountAsync());
            Assert.Equal(10, await db.Users.CountAsync()); // the bootstrap admin and nine demo accounts
            var agencies = await db.Agencies.Select(a => a.Id).ToListAsync();
            Assert.All(agencyUsers, u => Assert.Contains(u.AgencyId!.Value, agencies));

            var candidates = await db.Candidates.AsNoTracking().Include(c => c.History).ToListAsync();
            Assert.Equal(DemoCompany.CandidateCount, candidates.Count);
            Assert.All(candidates, c => Assert.Matches(MainlandMobile(), c.Phone));
            Assert.All(candidates, c => Assert.True(PhoneNumber.TryNormalize(c.Phone, out var n) && n == c.Phone, c.Phone));
            Assert.Equal(candidates.Count, candidates.Select(c => c.Phone).Distinct().Count());
            var emails = candidates.Where(c => c.Email is not null).Select(c => c.Email).ToList();
            Assert.Equal(emails.Count, emails.Distinct().Count());
            Assert.Equal([CandidateSource.Direct, CandidateSource.Referral, CandidateSource.Agency], candidates.Select(c => c.Source).Distinct().Order());
            Assert.All(candidates, c => Assert.Equal(c.Source == CandidateSource.Agency, c.AgencyId is not null));
            Assert.True(candidates.Select(c => c.Stage).Distinct().Count() >= 6, "the pipeline's stages are all represented");
            Assert.All(candidates, c =>
            {
                var history = c.History.OrderBy(h => h.AtUtc).ToList();
                Assert.Equal((null, PipelineStage.Applied), (history[0].From, history[0].To));
                Assert.Equal(c.Stage, history[^1].To);
                Assert.True(history.Zip(history.Skip(1)).All(p => p.First.AtUtc < p.Second.AtUtc && p.Second.From == p.First.To), c.Name);
                Assert.True(history[^1].AtUtc <= after);
            });

            var interviews = await db.Interviews.AsNoTracking().Include(i => i.Interviewers).ToListAsync();
            Assert.Equal(result.Interviews, interviews.Count);
            Assert.Contains(interviews, i => i.Status == InterviewStatus.Scheduled);
            Assert.Contains(interviews, i => i.Status == InterviewStatus.Completed);
            Assert.All(interviews, i =>
            {
                if (i.Status == InterviewStatus.Scheduled)
                {
                    Assert.True(i.StartUtc > before && i.StartUtc < after.AddDays(15), $"upcoming {i.StartUtc:O}");
                }
                else
                {
                    Assert.Contains(i.Status, new[] { InterviewStatus.Completed, InterviewStatus.NoShowCandidate, InterviewStatus.NoShowInterviewer, InterviewStatus.Cancelled });
                    Assert.True(i.EndUtc <= after && i.StartUtc > before.AddDays(-15), $"past {i.StartUtc:O}");
                }
            });

            // Every interviewer's interviews, of any status (so the Scheduled ones too), keep the 10-minute buffer.
            foreach (var calendar in interviews.SelectMany(i => i.Interviewers).GroupBy(p => p.UserId))
            {
                var slots = calendar.Select(p => new InterviewSlot(p.InterviewId, p.UserId, p.StartUtc, p.EndUtc)).ToList();
                foreach (var slot in slots)
                {
                    var conflict = InterviewRules.FindConflict(slot.StartUtc, (int)(slot.EndUtc - slot.StartUtc).TotalMinutes, slots.Where(s => s != slot), Buffer);
                    Assert.True(conflict is null, $"{calendar.Key} is double-booked: {slot.InterviewId} and {conflict?.InterviewId}");
                }
            }

            var scheduled = interviews.Where(i => i.Status == InterviewStatus.Scheduled).SelectMany(i => i.Interviewers).ToList();
            Assert.All(scheduled, p => Assert.Null(InterviewRules.FindConflict(p.StartUtc, (int)(p.EndUtc - p.StartUtc).TotalMinutes,
                scheduled.Where(s => s.UserId == p.UserId && s.InterviewId != p.InterviewId).Select(s => new InterviewSlot(s.InterviewId, s.UserId, s.StartUtc, s.EndUtc)), Buffer)));

            Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.Action == AuditActions.DemoSeeded));
            return true;
        });

        var report = await scope.ServiceProvider.GetRequiredService<AuditLogService>().VerifyAsync();
        Assert.True(report.IsIntact, report.Problem);
    }

    [Fact]
    public async Task SeedingTwice_TheSecondRunRefusesAndWritesNothing()
    {
        await using var app = Start();
        Assert.True((await SeedAsync(app)).Seeded);
        var seeded = await CountAsync(app);

        var again = await SeedAsync(app);

        Assert.False(again.Seeded);
        Assert.Contains($"candidates: {DemoCompany.CandidateCount}", again.Refusal);
        Assert.Contains($"候选人 {DemoCompany.CandidateCount}", again.Refusal);
        Assert.DoesNotContain('\n', again.Refusal!);
        Assert.Empty(again.Accounts);
        Assert.Equal(seeded, await CountAsync(app));
    }

    [Fact]
    public async Task ADatabaseWithOneUserBesidesTheBootstrapAdmin_IsRefused()
    {
        await using var app = Start();
        await TestUsers.CreateAsync(app.Services, "someone@example.com", Roles.HR);
        var before = await CountAsync(app);

        var result = await SeedAsync(app);

        Assert.False(result.Seeded);
        Assert.Contains("users besides the bootstrap admin: 1", result.Refusal);
        Assert.Equal(before, await CountAsync(app));
        Assert.False(await app.WithDbAsync(db => db.Agencies.AnyAsync()));
    }

    [Fact]
    public async Task AFailureHalfwayThrough_LeavesNothingBehind()
    {
        // The bootstrap admin holds the last demo account's email: the seeder gets as far as that account (agencies and
        // eight users already sent to the database) and fails there.
        await using var app = Start(new() { ["Bootstrap:AdminEmail"] = $"he.xue@{DemoCompany.EmailDomain}" });
        var before = await CountAsync(app);

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => SeedAsync(app));

        Assert.Contains("he.xue@", failure.Message);
        Assert.Equal(before, await CountAsync(app));
        Assert.False(await app.WithDbAsync(db => db.Agencies.AnyAsync()));
        Assert.False(await app.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Action == AuditActions.DemoSeeded)));
    }

    [Fact]
    public async Task TheSameSeed_GivesTheSameCompanyOnTwoFreshDatabases()
    {
        await using var first = Start();
        await using var second = Start();

        Assert.True((await SeedAsync(first)).Seeded);
        Assert.True((await SeedAsync(second)).Seeded);

        static Task<List<string>> PeopleAsync(PortalAppFactory app) => app.WithDbAsync(db => db.Candidates.OrderBy(c => c.Id)
            .Select(c => c.Id + " " + c.Name + " " + c.Phone + " " + c.Email + " " + c.Source + " " + c.AgencyId).ToListAsync());
        static Task<List<string>> CompanyAsync(PortalAppFactory app) => app.WithDbAsync(async db =>
            (await db.Positions.OrderBy(p => p.Id).Select(p => p.Id + " " + p.Title + " " + p.HiringOwnerId).ToListAsync())
            .Concat(await db.Agencies.OrderBy(a => a.Id).Select(a => a.Id + " " + a.Name).ToListAsync())
            .Concat(await db.Users.Where(u => u.Email!.EndsWith(DemoCompany.EmailDomain)).OrderBy(u => u.Id).Select(u => u.Id + " " + u.Email + " " + u.AgencyId).ToListAsync())
            .ToList());
        var people = await PeopleAsync(first);
        Assert.Equal(DemoCompany.CandidateCount, people.Count);
        Assert.Equal(people, await PeopleAsync(second));
        Assert.Equal(await CompanyAsync(first), await CompanyAsync(second));
    }

    [Fact]
    public async Task TheDemoSeedSetting_SeedsAtStartUp_AndThePortalServes_WithWorkingDemoAccounts()
    {
        await using var app = Start(new() { [DemoDataSeeder.Setting] = "true" });

        Assert.Equal(DemoCompany.CandidateCount, await app.WithDbAsync(db => db.Candidates.CountAsync()));
        var client = app.CreateBrowserLikeClient();
        var login = await PortalAppFactory.PostLoginAsync(client, $"chen.jing@{DemoCompany.EmailDomain}", DemoDataSeeder.Password);
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        var home = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, home.StatusCode); // no forced password change for demo accounts
    }

    [Fact]
    public async Task SeedDemoSwitch_OnADatabaseWithData_ExitsWithCode3AndOneLine_WritingNothing()
    {
        var dir = TestPaths.NewTempDirectory("demo-refused");
        var file = Path.Combine(dir, "portal.db");
        var options = new DbContextOptionsBuilder<SqliteDbContext>();
        DataSetup.ConfigureSqlite(options, $"Data Source={file}");
        await using (var db = new SqliteDbContext(options.Options))
        {
            await db.Database.MigrateAsync();
            db.Agencies.Add(Agency.Create(Guid.NewGuid(), "已有机构", "王经理", null, null, DateTime.UtcNow));
            await db.SaveChangesAsync();
        }

        SqliteConnection.ClearAllPools();
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "InterviewPortal.Web.dll"), DemoDataSeeder.CommandLineSwitch])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            WorkingDirectory = dir,
        };
        start.Environment["ConnectionStrings__Portal"] = $"Data Source={file}";
        start.Environment["Database__Provider"] = "Sqlite";
        start.Environment["Jobs__RunServer"] = "false";
        start.Environment["Logs__Directory"] = dir;
        start.Environment["Kestrel__Endpoints__Http__Url"] = "http://127.0.0.1:0";

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        var message = (await stderr).Trim();
        output.WriteLine(message);
        _ = await stdout;
        Assert.Equal(DemoDataSeeder.RefusedExitCode, process.ExitCode);
        Assert.Contains("agencies: 1", message);
        Assert.DoesNotContain('\n', message);
        await using (var db = new SqliteDbContext(options.Options))
        {
            Assert.Equal(0, await db.Candidates.CountAsync());
            Assert.Equal(1, await db.Agencies.CountAsync());
            Assert.Equal(1, await db.Users.CountAsync()); // the bootstrap admin, created before the seeder ran
            Assert.False(await db.AuditEntries.AnyAsync(a => a.Action == AuditActions.DemoSeeded));
        }

        SqliteConnection.ClearAllPools();
    }

    [GeneratedRegex("^1[3-9][0-9]{9}$")]
    private static partial Regex MainlandMobile();
}
