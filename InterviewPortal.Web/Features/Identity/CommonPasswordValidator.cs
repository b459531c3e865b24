using InterviewPortal.Domain.Identity;
using InterviewPortal.Web.Data;
using Microsoft.AspNetCore.Identity;

namespace InterviewPortal.Web.Features.Identity;

/// <summary>Refuses passwords from the list of commonly used ones (length is checked by Identity's own options).</summary>
public sealed class CommonPasswordValidator(IdentityErrorDescriber describer) : IPasswordValidator<ApplicationUser>
{
    public Task<IdentityResult> ValidateAsync(UserManager<ApplicationUser> manager, ApplicationUser user, string? password)
    {
        if (password is not null && (PasswordRules.IsCommon(password)
            || (user.UserName is { } name && password.Contains(name, StringComparison.OrdinalIgnoreCase))
            || (user.Email is { } email && password.Contains(email.Split('@')[0], StringComparison.OrdinalIgnoreCase) && email.Split('@')[0].Length >= 4)))
        {
            return Task.FromResult(IdentityResult.Failed(describer is LocalizedIdentityErrorDescriber localized
                ? localized.PasswordTooCommon()
                : new IdentityError { Code = "PasswordTooCommon", Description = "This password is too common or contains your account name." }));
        }

        return Task.FromResult(IdentityResult.Success);
    }
}
