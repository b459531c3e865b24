using InterviewPortal.Web.Resources;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;

namespace InterviewPortal.Web.Features.Identity;

/// <summary>Identity's error messages in the user's language.</summary>
public sealed class LocalizedIdentityErrorDescriber(IStringLocalizer<Strings> l) : IdentityErrorDescriber
{
    public override IdentityError DefaultError() => E(nameof(DefaultError), l["IdentityDefaultError"]);

    public override IdentityError ConcurrencyFailure() => E(nameof(ConcurrencyFailure), l["IdentityConcurrencyFailure"]);

    public override IdentityError PasswordMismatch() => E(nameof(PasswordMismatch), l["IdentityPasswordMismatch"]);

    public override IdentityError InvalidToken() => E(nameof(InvalidToken), l["IdentityInvalidToken"]);

    public override IdentityError InvalidUserName(string? userName) => E(nameof(InvalidUserName), l["IdentityInvalidUserName"]);

    public override IdentityError InvalidEmail(string? email) => E(nameof(InvalidEmail), l["IdentityInvalidEmail"]);

    public override IdentityError DuplicateUserName(string userName) => E(nameof(DuplicateUserName), l["IdentityDuplicateEmail"]);

    public override IdentityError DuplicateEmail(string email) => E(nameof(DuplicateEmail), l["IdentityDuplicateEmail"]);

    public override IdentityError UserAlreadyHasPassword() => E(nameof(UserAlreadyHasPassword), l["IdentityDefaultError"]);

    public override IdentityError UserLockoutNotEnabled() => E(nameof(UserLockoutNotEnabled), l["IdentityDefaultError"]);

    public override IdentityError UserAlreadyInRole(string role) => E(nameof(UserAlreadyInRole), l["IdentityUserAlreadyInRole"]);

    public override IdentityError UserNotInRole(string role) => E(nameof(UserNotInRole), l["IdentityUserNotInRole"]);

    public override IdentityError PasswordTooShort(int length) => E(nameof(PasswordTooShort), l["IdentityPasswordTooShort", length]);

    public override IdentityError PasswordRequiresUniqueChars(int uniqueChars) => E(nameof(PasswordRequiresUniqueChars), l["IdentityPasswordRequiresUniqueChars", uniqueChars]);

    public IdentityError PasswordTooCommon() => E(nameof(PasswordTooCommon), l["IdentityPasswordTooCommon"]);

    private static IdentityError E(string code, string description) => new() { Code = code, Description = description };
}
