using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using InterviewPortal.Domain;
using InterviewPortal.Domain.Audit;
using InterviewPortal.Domain.Identity;
using InterviewPortal.Web.Data;
using InterviewPortal.Web.Features.Audit;
using InterviewPortal.Web.Features.Shared;
using InterviewPortal.Web.Setup;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace InterviewPortal.Web.Features.Users;

public sealed record UserRow(
    string Id, string Email, string DisplayName, IReadOnlyList<string> Roles, bool IsDisabled, bool IsLockedOut,
    bool TwoFactorEnabled, bool MustChangePassword, DateTime CreatedAtUtc, DateTime? LastSignInAtUtc);

public sealed record UserPage(IReadOnlyList<UserRow> Rows, int TotalCount);

public sealed class UserForm
{
    [Required(ErrorMessage = "ValidationRequired")]
    [EmailAddress(ErrorMessage = "ValidationEmail")]
    [StringLength(256, ErrorMessage = "ValidationTooLong")]
    public string Email { get; set; } = "";

    [Required(ErrorMessage = "ValidationRequired")]
    [StringLength(100, ErrorMessage = "ValidationTooLong")]
    public string DisplayName { get; set; } = "";

    public HashSet<string> Roles { get; set; } = [];
}

/// <summary>A temporary password, shown once to the admin who created or reset the account.</summary>
public sealed record TemporaryPassword(string UserId, string Email, string Password);

/// <summary>
/// User administration (Admin only). Each operation runs in a scope of its own (fresh UserManager and context) and
/// commits the change and its audit entry together.
/// </summary>
public sealed class UserAdminService(IServiceScopeFactory scopes, IDbContextFactory<AppDbContext> dbFactory, AuditTrail audit, ClientOrigin origin, DatabaseSettings database, TimeProvider clock)
{
    public async Task<UserPage> ListAsync(string? search, int page, int pageSize, CancellationToken ct = default)
    {
        await RequireAdminAsync();
        pageSize = Math.Clamp(pageSize, 1, 200);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var q = db.Users.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(search))
        {
            var s = search.Trim();
            q = q.Where(u => u.Email!.Contains(s) || u.DisplayName.Contains(s));
        }

        var total = await q.CountAsync(ct);
        var users = await q.OrderBy(u => u.Email).Skip(Math.Max(page, 0) * pageSize).Take(pageSize)
            .Select(u => new { u.Id, u.Email, u.DisplayName, u.IsDisabled, u.LockoutEnd, u.TwoFactorEnabled, u.MustChangePassword, u.CreatedAtUtc, u.LastSignInAtUtc })
            .ToListAsync(ct);
        var ids = users.Select(u => u.Id).ToList();
        var roles = await (from ur in db.UserRoles
                           join r in db.Roles on ur.RoleId equals r.Id
                           where ids.Contains(ur.UserId)
                           select new { ur.UserId, r.Name }).ToListAsync(ct);
        var now = clock.GetUtcNow();
        var rows = users.Select(u => new UserRow(
            u.Id, u.Email ?? "", u.DisplayName,
            roles.Where(r => r.UserId == u.Id).Select(r => r.Name!).Order(StringComparer.Ordinal).ToList(),
            u.IsDisabled, u.LockoutEnd > now, u.TwoFactorEnabled, u.MustChangePassword, u.CreatedAtUtc, u.LastSignInAtUtc)).ToList();
        return new UserPage(rows, total);
    }

    public async Task<TemporaryPassword> CreateAsync(UserForm form, CancellationToken ct = default)
    {
        await RequireAdminAsync();
        Validate(form);
        var unknown = form.Roles.FirstOrDefault(r => !Roles.IsKnown(r));
        if (unknown is not null)
        {
            throw new DomainException("UsersUnknownRole", unknown);
        }

        var e = await audit.DescribeAsync(new AuditEvent(AuditActions.UserCreated, "User"));
        var password = GeneratePassword();
        return await InScopeAsync(async (users, db) =>
        {
            var email = form.Email.Trim();
            if (await users.FindByEmailAsync(email) is not null)
            {
                throw new DomainException("UsersDuplicateEmail", email);
            }

            var user = new ApplicationUser
            {
                UserName = email,
                Email = email,
                EmailConfirmed = true,
                DisplayName = form.DisplayName.Trim(),
                MustChangePassword = true,
                CreatedAtUtc = clock.GetUtcNow().UtcDateTime,
            };
            Check(await users.CreateAsync(user, password));
            if (form.Roles.Count > 0)
            {
                Check(await users.AddToRolesAsync(user, form.Roles.Order(StringComparer.Ordinal)));
            }

            await audit.AppendAsync(db, e with { TargetId = user.Id, Summary = $"roles: {Describe(form.Roles)}" }, ct);
            return new TemporaryPassword(user.Id, email, password);
        }, ct);
    }

    /// <summary>An agency's user (role Agency, bound to that agency), created by Admin or HR.</summary>
    public async Task<TemporaryPassword> CreateAgencyUserAsync(Guid agencyId, string email, string displayName, CancellationToken ct = default)
    {
        var caller = await origin.GetCallerAsync();
        caller.RequireRecruiter();
        var form = new UserForm { Email = email, DisplayName = displayName, Roles = [Roles.Agency] };
        Validate(form);
        var e = await audit.DescribeAsync(new AuditEvent(AuditActions.UserCreated, "User"));
        var password = GeneratePassword();
        return await InScopeAsync(async (users, db) =>
        {
            if (!await db.Agencies.AnyAsync(a => a.Id == agencyId, ct))
            {
                throw new DomainException("NotFound");
            }

            var address = form.Email.Trim();
            if (await users.FindByEmailAsync(address) is not null)
            {
                throw new DomainException("UsersDuplicateEmail", address);
            }

            var user = new ApplicationUser
            {
                UserName = address,
                Email = address,
                EmailConfirmed = true,
                DisplayName = form.DisplayName.Trim(),
                MustChangePassword = true,
                AgencyId = agencyId,
                CreatedAtUtc = clock.GetUtcNow().UtcDateTime,
            };
            Check(await users.CreateAsync(user, password));
            Check(await users.AddToRoleAsync(user, Roles.Agency));
            await audit.AppendAsync(db, e with { TargetId = user.Id, Summary = $"roles: Agency; agency {agencyId}" }, ct);
            return new TemporaryPassword(user.Id, address, password);
        }, ct);
    }

    public async Task SetRolesAsync(string userId, IReadOnlyCollection<string> roles, CancellationToken ct = default)
    {
        var actor = await RequireAdminAsync();
        var unknown = roles.FirstOrDefault(r => !Roles.IsKnown(r));
        if (unknown is not null)
        {
            throw new DomainException("UsersUnknownRole", unknown);
        }

        var e = await audit.DescribeAsync(new AuditEvent(AuditActions.UserRolesChanged, "User", userId));
        await InScopeAsync(async (users, db) =>
        {
            var user = await FindAsync(users, userId);
            var current = await users.GetRolesAsync(user);
            if (current.Contains(Roles.Admin) && !roles.Contains(Roles.Admin))
            {
                if (user.Id == actor)
                {
                    throw new DomainException("UsersCannotDemoteSelf");
                }

                await EnsureAnotherActiveAdminAsync(users, user);
            }

            var remove = current.Except(roles).ToList();
            var add = roles.Except(current).ToList();
            if (remove.Count == 0 && add.Count == 0)
            {
                return;
            }

            Check(await users.RemoveFromRolesAsync(user, remove));
            Check(await users.AddToRolesAsync(user, add));
            // A new stamp ends the user's open sessions at their next revalidation, so the new roles apply at once.
            Check(await users.UpdateSecurityStampAsync(user));
            await audit.AppendAsync(db, e with { Summary = $"{Describe(current)} -> {Describe(roles)}" }, ct);
        }, ct);
    }

    public async Task SetDisabledAsync(string userId, bool disabled, CancellationToken ct = default)
    {
        var actor = await RequireAdminAsync();
        if (disabled && userId == actor)
        {
            throw new DomainException("UsersCannotDisableSelf");
        }

        var e = await audit.DescribeAsync(new AuditEvent(disabled ? AuditActions.UserDisabled : AuditActions.UserEnabled, "User", userId));
        await InScopeAsync(async (users, db) =>
        {
            var user = await FindAsync(users, userId);
            if (user.IsDisabled == disabled)
            {
                return;
            }

            if (disabled && await users.IsInRoleAsync(user, Roles.Admin))
            {
                await EnsureAnotherActiveAdminAsync(users, user);
            }

            user.IsDisabled = disabled;
            Check(await users.UpdateAsync(user));
            Check(await users.UpdateSecurityStampAsync(user));
            await audit.AppendAsync(db, e with { Summary = disabled ? "enabled -> disabled" : "disabled -> enabled" }, ct);
        }, ct);
    }

    public async Task<TemporaryPassword> ResetPasswordAsync(string userId, CancellationToken ct = default)
    {
        await RequireAdminAsync();
        var e = await audit.DescribeAsync(new AuditEvent(AuditActions.UserPasswordReset, "User", userId, "temporary password issued; change required at next sign-in"));
        var password = GeneratePassword();
        return await InScopeAsync(async (users, db) =>
        {
            var user = await FindAsync(users, userId);
            var token = await users.GeneratePasswordResetTokenAsync(user);
            Check(await users.ResetPasswordAsync(user, token, password));
            user.MustChangePassword = true;
            Check(await users.UpdateAsync(user));
            await audit.AppendAsync(db, e, ct);
            return new TemporaryPassword(user.Id, user.Email ?? "", password);
        }, ct);
    }

    public async Task UnlockAsync(string userId, CancellationToken ct = default)
    {
        await RequireAdminAsync();
        var e = await audit.DescribeAsync(new AuditEvent(AuditActions.UserUnlocked, "User", userId));
        await InScopeAsync(async (users, db) =>
        {
            var user = await FindAsync(users, userId);
            Check(await users.SetLockoutEndDateAsync(user, null));
            Check(await users.ResetAccessFailedCountAsync(user));
            await audit.AppendAsync(db, e, ct);
        }, ct);
    }

    private async Task<T> InScopeAsync<T>(Func<UserManager<ApplicationUser>, AppDbContext, Task<T>> work, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // One user change at a time, so two admins cannot each remove the other as "not the last admin".
        await WriteLock.TakeAsync(db, database, "InterviewPortal.Users", ct);
        var result = await work(users, db);
        await tx.CommitAsync(ct);
        return result;
    }

    private Task InScopeAsync(Func<UserManager<ApplicationUser>, AppDbContext, Task> work, CancellationToken ct) =>
        InScopeAsync(async (users, db) =>
        {
            await work(users, db);
            return true;
        }, ct);

    private async Task<string> RequireAdminAsync()
    {
        var user = await origin.GetUserAsync();
        if (!user.IsInRole(Roles.Admin))
        {
            throw new DomainException("NotAllowed");
        }

        return user.FindFirstValue(ClaimTypes.NameIdentifier)!;
    }

    private static async Task EnsureAnotherActiveAdminAsync(UserManager<ApplicationUser> users, ApplicationUser user)
    {
        var admins = await users.GetUsersInRoleAsync(Roles.Admin);
        if (!admins.Any(a => a.Id != user.Id && !a.IsDisabled))
        {
            throw new DomainException("UsersLastAdmin");
        }
    }

    private static async Task<ApplicationUser> FindAsync(UserManager<ApplicationUser> users, string id) =>
        await users.FindByIdAsync(id) ?? throw new DomainException("UsersNotFound");

    private static void Validate(UserForm form)
    {
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(form, new ValidationContext(form), results, validateAllProperties: true))
        {
            throw new DomainException(results[0].ErrorMessage ?? "ValidationRequired", results[0].MemberNames.FirstOrDefault() ?? "");
        }
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new DomainException("IdentityErrors", string.Join(" ", result.Errors.Select(e => e.Description)));
        }
    }

    private static string Describe(IEnumerable<string> roles) =>
        roles.Any() ? string.Join(",", roles.Order(StringComparer.Ordinal)) : "(none)";

    private static string GeneratePassword() => PasswordRules.Generate(16);
}
