using System.Security.Cryptography;
using System.Text;
using InterviewPortal.Domain.Audit;
using InterviewPortal.Web.Data;
using InterviewPortal.Web.Features.Audit;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace InterviewPortal.Web.Features.Identity;

/// <summary>
/// Identity's sign-in manager plus the portal's rules: disabled accounts cannot sign in, and every sign-in attempt
/// (success, failure, lockout, refusal) and sign-out is audited. The attempted email never reaches the log or the audit
/// trail in clear.
/// </summary>
public sealed class PortalSignInManager(
    UserManager<ApplicationUser> userManager,
    IHttpContextAccessor contextAccessor,
    IUserClaimsPrincipalFactory<ApplicationUser> claimsFactory,
    IOptions<IdentityOptions> optionsAccessor,
    ILogger<SignInManager<ApplicationUser>> logger,
    IAuthenticationSchemeProvider schemes,
    IUserConfirmation<ApplicationUser> confirmation,
    AuditTrail audit,
    TimeProvider clock)
    : SignInManager<ApplicationUser>(userManager, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    public override async Task<bool> CanSignInAsync(ApplicationUser user) =>
        !user.IsDisabled && await base.CanSignInAsync(user);

    public override async Task<SignInResult> PasswordSignInAsync(string userName, string password, bool isPersistent, bool lockoutOnFailure)
    {
        var user = await UserManager.FindByNameAsync(userName) ?? await UserManager.FindByEmailAsync(userName);
        if (user is null)
        {
            await AuditAsync(AuditActions.SignInFailed, null, $"unknown account {Fingerprint(userName)}");
            return SignInResult.Failed;
        }

        return await PasswordSignInAsync(user, password, isPersistent, lockoutOnFailure);
    }

    public override async Task<SignInResult> PasswordSignInAsync(ApplicationUser user, string password, bool isPersistent, bool lockoutOnFailure)
    {
        if (user.IsDisabled && !await UserManager.CheckPasswordAsync(user, password))
        {
            // A disabled account answers a wrong password like any other: nobody learns that it exists.
            await AuditAsync(AuditActions.SignInFailed, user.Id, "password; account disabled");
            return SignInResult.Failed;
        }

        var result = await base.PasswordSignInAsync(user, password, isPersistent, lockoutOnFailure);
        await AuditResultAsync(user, result, "password");
        return result;
    }

    public override async Task<SignInResult> TwoFactorAuthenticatorSignInAsync(string code, bool isPersistent, bool rememberClient)
    {
        var user = await GetTwoFactorAuthenticationUserAsync();
        var result = await base.TwoFactorAuthenticatorSignInAsync(code, isPersistent, rememberClient);
        if (user is not null)
        {
            await AuditResultAsync(user, result, "authenticator");
        }

        return result;
    }

    public override async Task<SignInResult> TwoFactorRecoveryCodeSignInAsync(string recoveryCode)
    {
        var user = await GetTwoFactorAuthenticationUserAsync();
        var result = await base.TwoFactorRecoveryCodeSignInAsync(recoveryCode);
        if (user is not null)
        {
            await AuditResultAsync(user, result, "recovery code");
        }

        return result;
    }

    public override async Task SignOutAsync()
    {
        var userId = Context.User.Identity?.IsAuthenticated == true ? UserManager.GetUserId(Context.User) : null;
        await base.SignOutAsync();
        if (userId is not null)
        {
            await AuditAsync(AuditActions.SignedOut, userId, null, actorId: userId);
        }
    }

    private async Task AuditResultAsync(ApplicationUser user, SignInResult result, string method)
    {
        if (result.Succeeded)
        {
            user.LastSignInAtUtc = clock.GetUtcNow().UtcDateTime;
            await UserManager.UpdateAsync(user);
            await AuditAsync(AuditActions.SignInSucceeded, user.Id, method, actorId: user.Id);
        }
        else if (result.RequiresTwoFactor)
        {
            await AuditAsync(AuditActions.SignInSecondFactorRequired, user.Id, method, actorId: user.Id);
        }
        else if (result.IsLockedOut)
        {
            await AuditAsync(AuditActions.SignInLockedOut, user.Id, $"{method}; locked until {user.LockoutEnd:O}");
        }
        else if (result.IsNotAllowed)
        {
            await AuditAsync(AuditActions.SignInRefused, user.Id, user.IsDisabled ? $"{method}; account disabled" : $"{method}; not allowed");
        }
        else
        {
            await AuditAsync(AuditActions.SignInFailed, user.Id, $"{method}; failed attempts {user.AccessFailedCount}");
        }
    }

    private async Task AuditAsync(string action, string? userId, string? summary, string? actorId = null)
    {
        var e = await audit.DescribeAsync(new AuditEvent(action, "User", userId, summary) { ActorId = actorId });
        await audit.RecordAsync(e);
    }

    // Lets an auditor see that the same unknown name was tried again without the audit trail holding the name.
    private static string Fingerprint(string userName) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(userName.Trim().ToUpperInvariant())))[..12];
}
