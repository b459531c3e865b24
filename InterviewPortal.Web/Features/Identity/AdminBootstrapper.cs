using InterviewPortal.Domain.Audit;
using InterviewPortal.Domain.Identity;
using InterviewPortal.Web.Data;
using InterviewPortal.Web.Features.Audit;
using InterviewPortal.Web.Setup;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace InterviewPortal.Web.Features.Identity;

/// <summary>
/// Makes sure every role exists and, on an empty database, creates the first Admin. A generated password is written
/// once to the console (standard output, not the logger, so it never reaches the log files).
/// </summary>
public sealed class AdminBootstrapper(
    UserManager<ApplicationUser> users,
    RoleManager<IdentityRole> roles,
    AppDbContext db,
    AuditTrail audit,
    DatabaseSettings database,
    IOptions<BootstrapOptions> options,
    TimeProvider clock,
    ILogger<AdminBootstrapper> log)
{
    public async Task RunAsync(TextWriter console, CancellationToken ct = default)
    {
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                Check(await roles.CreateAsync(new IdentityRole(role)), $"create role {role}");
            }
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Several nodes may start at once: only one creates the first admin.
        await WriteLock.TakeAsync(db, database, "InterviewPortal.Users", ct);
        if (await db.Users.AnyAsync(ct))
        {
            return;
        }

        var email = options.Value.AdminEmail.Trim();
        var configured = !string.IsNullOrEmpty(options.Value.AdminPassword);
        var password = configured ? options.Value.AdminPassword! : GeneratePassword();
        var admin = new ApplicationUser
        {
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            DisplayName = email.Split('@')[0],
            MustChangePassword = true,
            CreatedAtUtc = clock.GetUtcNow().UtcDateTime,
        };

        var created = await users.CreateAsync(admin, password);
        if (!created.Succeeded)
        {
            throw new InvalidOperationException(
                $"The bootstrap admin could not be created ({string.Join("; ", created.Errors.Select(e => e.Code))}). " +
                "If Bootstrap:AdminPassword is set, it must be at least 12 characters and not a common password.");
        }

        Check(await users.AddToRoleAsync(admin, Roles.Admin), "add the bootstrap admin to Admin");
        await audit.AppendAsync(db, new AuditEvent(AuditActions.AdminBootstrapped, "User", admin.Id,
            configured ? "password from Bootstrap:AdminPassword" : "generated password printed to the console"), ct);
        await tx.CommitAsync(ct);
        log.LogInformation("Created the first administrator account {UserId}", admin.Id);

        if (!configured)
        {
            await console.WriteLineAsync(
                $"""

                ================================================================================
                 InterviewPortal: first start. An administrator account was created.
                   Email:    {email}
                   Password: {password}
                 This password is shown only once. Sign in and you will be asked to change it.
                 首次启动：已创建管理员账户。此密码只显示这一次，登录后系统会要求您修改密码。
                ================================================================================

                """);
        }
    }

    // 20 characters from an alphabet without look-alikes: about 115 bits.
    private static string GeneratePassword() => PasswordRules.Generate(20);

    private static void Check(IdentityResult result, string what)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Could not {what}: {string.Join("; ", result.Errors.Select(e => e.Code))}");
        }
    }
}
