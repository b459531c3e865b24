using System.Security.Claims;
using InterviewPortal.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace InterviewPortal.Web.Features.Identity;

public sealed class PortalClaimsPrincipalFactory(
    UserManager<ApplicationUser> userManager,
    RoleManager<IdentityRole> roleManager,
    IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<ApplicationUser, IdentityRole>(userManager, roleManager, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(ApplicationUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(PortalClaims.DisplayName, string.IsNullOrWhiteSpace(user.DisplayName) ? user.UserName ?? "" : user.DisplayName));
        identity.AddClaim(new Claim(PortalClaims.TimeZone, user.TimeZone));
        identity.AddClaim(new Claim(PortalClaims.TwoFactor, user.TwoFactorEnabled ? "1" : "0"));
        if (user.AgencyId is { } agency)
        {
            identity.AddClaim(new Claim(PortalClaims.AgencyId, agency.ToString()));
        }

        if (user.MustChangePassword)
        {
            identity.AddClaim(new Claim(PortalClaims.MustChangePassword, "1"));
        }

        return identity;
    }
}
