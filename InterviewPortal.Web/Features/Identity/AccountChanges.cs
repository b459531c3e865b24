using InterviewPortal.Domain.Audit;
using InterviewPortal.Web.Data;
using InterviewPortal.Web.Features.Audit;
using Microsoft.AspNetCore.Identity;

namespace InterviewPortal.Web.Features.Identity;

/// <summary>
/// A user's own security changes from the account pages (password, two-factor), each committed together with its
/// audit entry in one transaction of the request's context, the one Identity's stores use.
/// </summary>
public sealed class AccountChanges(UserManager<ApplicationUser> users, AppDbContext db, AuditTrail audit)
{
    public async Task<IdentityResult> ChangePasswordAsync(ApplicationUser user, string currentPassword, string newPassword, CancellationToken ct = default)
    {
        var mustChange = user.MustChangePassword;
        // Cleared in the same save as the new password, so the refreshed cookie no longer carries the must-change claim.
        user.MustChangePassword = false;
        var result = await InTransactionAsync(() => users.ChangePasswordAsync(user, currentPassword, newPassword), AuditActions.PasswordChanged, user.Id, ct);
        if (!result.Succeeded)
        {
            user.MustChangePassword = mustChange;
        }

        return result;
    }

    public Task<IdentityResult> SetTwoFactorAsync(ApplicationUser user, bool enabled, CancellationToken ct = default) =>
        InTransactionAsync(() => users.SetTwoFactorEnabledAsync(user, enabled), enabled ? AuditActions.TwoFactorEnabled : AuditActions.TwoFactorDisabled, user.Id, ct);

    /// <summary>A new authenticator key; two-factor sign-in is off until the new key is verified.</summary>
    public Task<IdentityResult> ResetAuthenticatorAsync(ApplicationUser user, CancellationToken ct = default) =>
        InTransactionAsync(async () =>
        {
            var off = await users.SetTwoFactorEnabledAsync(user, false);
            return off.Succeeded ? await users.ResetAuthenticatorKeyAsync(user) : off;
        }, AuditActions.TwoFactorDisabled, user.Id, ct);

    private async Task<IdentityResult> InTransactionAsync(Func<Task<IdentityResult>> change, string action, string userId, CancellationToken ct)
    {
        var e = await audit.DescribeAsync(new AuditEvent(action, "User", userId));
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var result = await change();
        if (!result.Succeeded)
        {
            return result; // disposing the transaction rolls it back
        }

        await audit.AppendAsync(db, e, ct);
        await tx.CommitAsync(ct);
        return result;
    }
}
