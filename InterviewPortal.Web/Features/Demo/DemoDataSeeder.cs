using System.Diagnostics;
using InterviewPortal.Domain.Audit;
using InterviewPortal.Domain.Identity;
using InterviewPortal.Web.Data;
using InterviewPortal.Web.Features.Audit;
using InterviewPortal.Web.Features.Settings;
using InterviewPortal.Web.Setup;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace InterviewPortal.Web.Features.Demo;

public sealed record DemoAccount(string Email, string DisplayName, string Role, string? AgencyName);

/// <summary>What the seeder did: the accounts and counts, or (nothing written) why it refused.</summary>
public sealed record DemoSeedResult(string? Refusal, IReadOnlyList<DemoAccount> Accounts, int Positions, int Agencies, int Candidates, int Interviews)
{
    public bool Seeded => Refusal is null;
}

/// <summary>
/// Fills an empty database with a demo company (<c>--seed-demo</c> or <c>Demo:Seed=true</c>), everything in one
/// transaction with a <c>Demo.Seeded</c> audit entry. Refuses, writing nothing, when the database holds any candidate,
/// position, agency, or user other than the bootstrap admin. The accounts and their shared password go to the
/// console, never to the logger.
/// </summary>
public sealed class DemoDataSeeder(
    UserManager<ApplicationUser> users,
    AppDbContext db,
    AuditTrail audit,
    SettingsService settings,
    DatabaseSettings database,
    TimeProvider clock,
    ILogger<DemoDataSeeder> log)
{
    public const string Setting = "Demo:Seed";
    public const string CommandLineSwitch = "--seed-demo";
    public const int DefaultSeed = 20260315;
    public const int RefusedExitCode = 3;

    /// <summary>Shared by every demo account. Public by design: a seeded database is for demonstrations only.</summary>
    public const string Password = "Demo-Interview-2026";

    /// <summary>Seeds, then prints the accounts to <paramref name="console"/> or the refusal (one line) to <paramref name="errors"/>.</summary>
    public async Task<bool> RunAsync(TextWriter console, TextWriter errors, CancellationToken ct = default)
    {
        var result = await SeedAsync(DefaultSeed, ct);
        if (!result.Seeded)
        {
            await errors.WriteLineAsync(result.Refusal);
            return false;
        }

        await console.WriteLineAsync(Describe(result));
        return true;
    }

    public async Task<DemoSeedResult> SeedAsync(int seed = DefaultSeed, CancellationToken ct = default)
    {
        var timer = Stopwatch.StartNew();
        var policy = await settings.GetSchedulingAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await WriteLock.TakeAsync(db, database, "InterviewPortal.Users", ct);
        if (await RefusalAsync(ct) is { } refusal)
        {
            return new DemoSeedResult(refusal, [], 0, 0, 0, 0);
        }

        var company = DemoCompany.Generate(seed, now, policy.BufferMinutes);
        db.Agencies.AddRange(company.Agencies);
        // The nine accounts share one password, so it is hashed once (hashing is slow on purpose); each account still
        // passes the password validators, and the user manager creates it as any other.
        var passwordHash = users.PasswordHasher.HashPassword(new ApplicationUser(), Password);
        foreach (var staff in company.Staff)
        {
            var user = new ApplicationUser
            {
                Id = staff.Id,
                UserName = staff.Email,
                Email = staff.Email,
                EmailConfirmed = true,
                DisplayName = staff.DisplayName,
                AgencyId = staff.AgencyId,
                CreatedAtUtc = company.FoundedUtc,
            };
            foreach (var validator in users.PasswordValidators)
            {
                Check(await validator.ValidateAsync(users, user, Password), staff.Email);
            }

            user.PasswordHash = passwordHash;
            Check(await users.CreateAsync(user), staff.Email);
            Check(await users.AddToRoleAsync(user, staff.Role), staff.Email);
        }

        db.Positions.AddRange(company.Positions);
        db.Candidates.AddRange(company.Candidates);
        db.Interviews.AddRange(company.Interviews);
        await db.SaveChangesAsync(ct);
        var summary = $"seed {seed}: {company.Positions.Count} positions, {company.Agencies.Count} agencies, {company.Staff.Count} users, " +
            $"{company.Candidates.Count} candidates, {company.Interviews.Count} interviews";
        await audit.AppendAsync(db, new AuditEvent(AuditActions.DemoSeeded, "Database", null, summary), ct);
        await tx.CommitAsync(ct);
        log.LogInformation("Seeded demo data in {ElapsedMs} ms: {Summary}", timer.ElapsedMilliseconds, summary);

        var agencyNames = company.Agencies.ToDictionary(a => a.Id, a => a.Name);
        var accounts = company.Staff
            .Select(s => new DemoAccount(s.Email, s.DisplayName, s.Role, s.AgencyId is { } a ? agencyNames[a] : null))
            .ToList();
        return new DemoSeedResult(null, accounts, company.Positions.Count, company.Agencies.Count, company.Candidates.Count, company.Interviews.Count);
    }

    /// <summary>Why the database is not empty enough to seed, as one bilingual line; null when it is.</summary>
    private async Task<string?> RefusalAsync(CancellationToken ct)
    {
        var bootstrapAdmins = db.AuditEntries.Where(a => a.Action == AuditActions.AdminBootstrapped).Select(a => a.TargetId);
        var found = new (int Count, string English, string Chinese)[]
        {
            (await db.Candidates.CountAsync(ct), "candidates", "候选人"),
            (await db.Positions.CountAsync(ct), "positions", "职位"),
            (await db.Agencies.CountAsync(ct), "agencies", "机构"),
            (await db.Users.CountAsync(u => !bootstrapAdmins.Contains(u.Id), ct), "users besides the bootstrap admin", "初始管理员以外的用户"),
        }.Where(f => f.Count > 0).ToList();
        if (found.Count == 0)
        {
            return null;
        }

        return $"Demo data not written: the database already has data ({string.Join(", ", found.Select(f => $"{f.English}: {f.Count}"))}); " +
            $"seed an empty database. 未写入演示数据：数据库中已有数据（{string.Join("，", found.Select(f => $"{f.Chinese} {f.Count}"))}），请使用空数据库。";
    }

    private static string Describe(DemoSeedResult result)
    {
        var rows = result.Accounts.Select(a => $"   {a.Role,-12} {a.Email,-40} {a.DisplayName}{(a.AgencyName is null ? "" : $"（{a.AgencyName}）")}");
        return $"""

            ================================================================================
             InterviewPortal: demo data created. 演示数据已创建。
               {result.Positions} positions, {result.Agencies} agencies, {result.Candidates} candidates, {result.Interviews} interviews
               职位 {result.Positions} 个，机构 {result.Agencies} 家，候选人 {result.Candidates} 名，面试 {result.Interviews} 场

             Demo accounts, all with the password / 演示账户，密码均为:  {Password}
            {string.Join(Environment.NewLine, rows)}

             The administrator keeps the password from the first start. 管理员账户沿用首次启动时的密码。
             For demonstrations only: everyone knows this password. 仅供演示：此密码是公开的。
            ================================================================================

            """;
    }

    private static void Check(IdentityResult result, string email)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Could not create the demo account {email}: {string.Join("; ", result.Errors.Select(e => e.Code))}");
        }
    }
}
