using InterviewPortal.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace Microsoft.AspNetCore.Routing;

internal static class IdentityComponentsEndpointRouteBuilderExtensions
{
    // Endpoints the static Identity pages post to. Registration, external logins, passkeys and self-service personal
    // data are left out: accounts are created by an administrator.
    public static IEndpointConventionBuilder MapAdditionalIdentityEndpoints(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);

        var accountGroup = endpoints.MapGroup("/Account");

        // The sign-in manager audits the sign-out.
        accountGroup.MapPost("/Logout", async (
            [FromServices] SignInManager<ApplicationUser> signInManager,
            [FromForm] string? returnUrl) =>
        {
            await signInManager.SignOutAsync();
            // A CR/LF would make the Location header throw (a 500 after signing out): such a return address goes home.
            return TypedResults.LocalRedirect(returnUrl is null || returnUrl.Any(char.IsControl) ? "~/" : $"~/{returnUrl}");
        });

        return accountGroup;
    }
}
