using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using InterviewPortal.Domain;
using InterviewPortal.Domain.Audit;
using InterviewPortal.Domain.Identity;
using InterviewPortal.Web.Data;
using InterviewPortal.Web.Features.Audit;
using InterviewPortal.Web.Features.Shared;
using InterviewPortal.Web.Setup;
using InterviewPortal.Web.Features.Reminders;
using InterviewPortal.Web.Resources;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using MimeKit;

namespace InterviewPortal.Web.Features.Users;

public sealed record UserRow(
    string Id, string Email, string DisplayName, IReadOnlyList<string> Roles, bool IsDisabled, bool IsLockedOut,
    bool TwoFactorEnabled, bool MustChangePassword, DateTime CreatedAtUtc, DateTime? LastSignInAtUtc, bool IsInvited = false);

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
/// An invitation sent (or not): <see cref="Link"/> is given to the admin only when it did not go out by email
/// (<see cref="EmailProblem"/> says why: a message key), so they can pass it on themselves.
/// </summary>
public sealed record UserInvite(string UserId, string Email, DateTime ExpiresAtUtc, bool Emailed, string? Link, string? EmailProblem);

/// <summary>Whom an invitation link is for, shown on the page where the invitee sets a password.</summary>
public sealed record PendingInvitation(string Email, string DisplayName, DateTime ExpiresAtUtc);

/// <summary>
/// User administration (Admin only). Each operation runs in a scope of its own (fresh UserManager and context) and
/// commits the change and its audit entry together.
/// </summary>
public sealed class UserAdminService(
    IServiceScopeFactory scopes, IDbContextFactory<AppDbContext> dbFactory, AuditTrail audit, ClientOrigin origin, DatabaseSettings database, TimeProvider clock,
    IOptions<SmtpOptions> smtp, IOptions<PortalOptions> portal, IStringLocalizer<Strings> l, ILogger<UserAdminService> log)
{
    /// <summary>How long an invitation link works.</summary>
    public static readonly TimeSpan InvitationLifetime = TimeSpan.FromDays(3);

    public const string AcceptInvitationPath = "/Account/AcceptInvitation";

    /// <summary>The user list: Admins, and Auditors (read-only).</summary>
    public async Task<UserPage> ListAsync(string? search, int page, int pageSize, CancellationToken ct = default)
    {
        var reader = await origin.GetUserAsync();
        if (!reader.IsInRole(Roles.Admin) && !reader.IsInRole(Roles.Auditor))
        {
            throw new DomainException("NotAllowed");
        }

        pageSize = Math.Clamp(pageSize, 1, 200);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var q = db.Users.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(search))
        {
            var s = search.Trim();
            q = q.Where(u => u.Email!.Contains(s) || u.DisplayName.Contains(s) || u.Id == s);
        }

        var total = await q.CountAsync(ct);
        var users = await q.OrderBy(u => u.Email).Skip(Math.Max(page, 0) * pageSize).Take(pageSize)
            .Select(u => new { u.Id, u.Email, u.DisplayName, u.IsDisabled, u.LockoutEnd, u.TwoFactorEnabled, u.MustChangePassword, u.CreatedAtUtc, u.LastSignInAtUtc, Invited = u.PasswordHash == null })
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
            u.IsDisabled, u.LockoutEnd > now, u.TwoFactorEnabled, u.MustChangePassword, u.CreatedAtUtc, u.LastSignInAtUtc, u.Invited)).ToList();
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

    /// <summary>
    /// Creates the account (roles set, no password) and a one-time link for the invitee to set their password,
    /// emailed through the reminders' SMTP settings. Without SMTP, or when sending fails, the link is handed to the admin.
    /// </summary>
    public async Task<UserInvite> InviteAsync(UserForm form, CancellationToken ct = default)
    {
        var actor = await RequireAdminAsync();
        Validate(form);
        var unknown = form.Roles.FirstOrDefault(r => !Roles.IsKnown(r));
        if (unknown is not null)
        {
            throw new DomainException("UsersUnknownRole", unknown);
        }

        var e = await audit.DescribeAsync(new AuditEvent(AuditActions.UserInvited, "User"));
        var (token, hash) = NewInvitationToken();
        var now = clock.GetUtcNow().UtcDateTime;
        var expires = now + InvitationLifetime;
        var (userId, email, name) = await InScopeAsync(async (users, db) =>
        {
            var address = form.Email.Trim();
            if (await users.FindByEmailAsync(address) is not null)
            {
                throw new DomainException("UsersDuplicateEmail", address);
            }

            var user = new ApplicationUser { UserName = address, Email = address, DisplayName = form.DisplayName.Trim(), CreatedAtUtc = now };
            Check(await users.CreateAsync(user));
            if (form.Roles.Count > 0)
            {
                Check(await users.AddToRolesAsync(user, form.Roles.Order(StringComparer.Ordinal)));
            }

            db.UserInvitations.Add(new UserInvitation { Id = Guid.NewGuid(), UserId = user.Id, TokenHash = hash, CreatedBy = actor, CreatedAtUtc = now, ExpiresAtUtc = expires });
            await db.SaveChangesAsync(ct);
            await audit.AppendAsync(db, e with { TargetId = user.Id, Summary = $"roles: {Describe(form.Roles)}; link valid until {expires:O}" }, ct);
            return (user.Id, address, user.DisplayName);
        }, ct);
        return await SendInvitationAsync(userId, email, name, token, expires, ct);
    }

    /// <summary>A new link for an invitee who has not set a password yet; earlier links stop working.</summary>
    public async Task<UserInvite> InviteAgainAsync(string userId, CancellationToken ct = default)
    {
        var actor = await RequireAdminAsync();
        var e = await audit.DescribeAsync(new AuditEvent(AuditActions.UserInvited, "User", userId));
        var (token, hash) = NewInvitationToken();
        var now = clock.GetUtcNow().UtcDateTime;
        var expires = now + InvitationLifetime;
        var (email, name) = await InScopeAsync(async (users, db) =>
        {
            var user = await FindAsync(users, userId);
            if (await users.HasPasswordAsync(user))
            {
                throw new DomainException("UsersAlreadyActive");
            }

            await db.UserInvitations.Where(i => i.UserId == userId && i.UsedAtUtc == null && i.RevokedAtUtc == null)
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.RevokedAtUtc, now), ct);
            db.UserInvitations.Add(new UserInvitation { Id = Guid.NewGuid(), UserId = user.Id, TokenHash = hash, CreatedBy = actor, CreatedAtUtc = now, ExpiresAtUtc = expires });
            await db.SaveChangesAsync(ct);
            await audit.AppendAsync(db, e with { Summary = $"invitation sent again (earlier links revoked); link valid until {expires:O}" }, ct);
            return (user.Email ?? "", user.DisplayName);
        }, ct);
        return await SendInvitationAsync(userId, email, name, token, expires, ct);
    }

    /// <summary>Whom a link is for, or null when it is unknown, used, replaced or expired (the page says only that).</summary>
    public async Task<PendingInvitation?> FindInvitationAsync(string? token, CancellationToken ct = default)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 100)
        {
            return null;
        }

        var hash = HashToken(token);
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await (from i in db.UserInvitations.AsNoTracking()
                      join u in db.Users on i.UserId equals u.Id
                      where i.TokenHash == hash && i.UsedAtUtc == null && i.RevokedAtUtc == null && i.ExpiresAtUtc > now
                      select new PendingInvitation(u.Email ?? "", u.DisplayName, i.ExpiresAtUtc)).FirstOrDefaultAsync(ct);
    }

    /// <summary>
    /// The invitee sets their password through the link (anonymous: the link is the credential). Works once; the
    /// audit entry names the invitee as the actor.
    /// </summary>
    public async Task<IdentityResult> AcceptInvitationAsync(string token, string password, CancellationToken ct = default)
    {
        var hash = HashToken(token ?? "");
        var now = clock.GetUtcNow().UtcDateTime;
        var e = await audit.DescribeAsync(new AuditEvent(AuditActions.UserInvitationAccepted, "User"));
        return await InScopeAsync(async (users, db) =>
        {
            var invitation = await db.UserInvitations.FirstOrDefaultAsync(i => i.TokenHash == hash, ct);
            if (invitation is null || invitation.UsedAtUtc is not null || invitation.RevokedAtUtc is not null || invitation.ExpiresAtUtc <= now)
            {
                throw new DomainException("UsersInvitationInvalid");
            }

            var user = await FindAsync(users, invitation.UserId);
            var result = await users.AddPasswordAsync(user, password);
            if (!result.Succeeded)
            {
                return result;
            }

            user.EmailConfirmed = true;
            Check(await users.UpdateAsync(user));
            invitation.UsedAtUtc = now;
            await db.SaveChangesAsync(ct);
            await audit.AppendAsync(db, e with { TargetId = user.Id, ActorId = user.Id, ActorRole = null, Summary = "password set through the invitation link" }, ct);
            return result;
        }, ct);
    }

    /// <summary>The user must choose a new password at their next sign-in; their open sessions end now.</summary>
    public async Task ForcePasswordResetAsync(string userId, CancellationToken ct = default)
    {
        await RequireAdminAsync();
        var e = await audit.DescribeAsync(new AuditEvent(AuditActions.UserPasswordResetForced, "User", userId, "new password required at next sign-in"));
        await InScopeAsync(async (users, db) =>
        {
            var user = await FindAsync(users, userId);
            user.MustChangePassword = true;
            Check(await users.UpdateAsync(user));
            Check(await users.UpdateSecurityStampAsync(user));
            await audit.AppendAsync(db, e, ct);
        }, ct);
    }

    /// <summary>
    /// Two-factor sign-in off and a new authenticator key (for a lost phone): the user signs in with their password and,
    /// where their role requires it, sets up an authenticator again. Open sessions end now.
    /// </summary>
    public async Task ResetTwoFactorAsync(string userId, CancellationToken ct = default)
    {
        await RequireAdminAsync();
        var e = await audit.DescribeAsync(new AuditEvent(AuditActions.UserTwoFactorReset, "User", userId));
        await InScopeAsync(async (users, db) =>
        {
            var user = await FindAsync(users, userId);
            var was = user.TwoFactorEnabled;
            Check(await users.SetTwoFactorEnabledAsync(user, false));
            Check(await users.ResetAuthenticatorKeyAsync(user));
            Check(await users.UpdateSecurityStampAsync(user));
            await audit.AppendAsync(db, e with { Summary = was ? "two-factor on -> off, authenticator key replaced" : "two-factor was off; authenticator key replaced" }, ct);
        }, ct);
    }

    private async Task<UserInvite> SendInvitationAsync(string userId, string email, string name, string token, DateTime expires, CancellationToken ct)
    {
        var link = new Uri(portal.Value.PublicBase, AcceptInvitationPath.TrimStart('/') + "?token=" + token).ToString();
        var o = smtp.Value;
        if (!o.IsConfigured)
        {
            return new UserInvite(userId, email, expires, false, link, "UsersInviteSmtpNotConfigured");
        }

        var message = new MimeMessage { Subject = l["UsersInviteEmailSubject", l["ProductName"]] };
        message.From.Add(new MailboxAddress(o.FromName, o.FromAddress!));
        message.To.Add(new MailboxAddress(name, email));
        message.Body = new TextPart("plain") { Text = l["UsersInviteEmailBody", name, link, expires.ToString("yyyy-MM-dd HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture)].Value };
        try
        {
            await SmtpConnection.SendOneAsync(o, message, ct);
            return new UserInvite(userId, email, expires, true, null, null);
        }
        catch (Exception ex) when (ex is MailKit.Net.Smtp.SmtpCommandException or MailKit.Security.AuthenticationException or MailKit.ProtocolException
            or MailKit.ServiceNotConnectedException or System.Net.Sockets.SocketException or IOException or TimeoutException
            || (ex is OperationCanceledException && !ct.IsCancellationRequested))
        {
            log.LogWarning("Invitation email to user {UserId} not sent: {Error}", userId, ex.Message);
            return new UserInvite(userId, email, expires, false, link, "UsersInviteEmailFailed");
        }
    }

    private static (string Token, string Hash) NewInvitationToken()
    {
        var token = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return (token, HashToken(token));
    }

    private static string HashToken(string token) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token)));

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
        // Active: not disabled, and able to sign in (an invitee who has not set a password yet is not).
        if (!admins.Any(a => a.Id != user.Id && !a.IsDisabled && a.PasswordHash is not null))
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
