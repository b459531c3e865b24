using System.Security.Claims;
using InterviewPortal.Domain.Identity;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace InterviewPortal.Tests.TestSupport;

/// <summary>Makes a scope's "current request" signed in as a given user, for calling portal services directly.</summary>
public static class AdminActor
{
    public static IDisposable As(IServiceProvider scoped, string userId, params string[] roles) => As(scoped, userId, roles, null);

    public static IDisposable As(IServiceProvider scoped, string userId, string[] roles, Guid? agency)
    {
        var accessor = scoped.GetRequiredService<IHttpContextAccessor>();
        var previous = accessor.HttpContext;
        var claims = roles.Select(r => new Claim(ClaimTypes.Role, r)).Prepend(new Claim(ClaimTypes.NameIdentifier, userId)).ToList();
        if (agency is { } a)
        {
            claims.Add(new Claim(InterviewPortal.Web.Features.Identity.PortalClaims.AgencyId, a.ToString()));
        }

        accessor.HttpContext = new DefaultHttpContext { RequestServices = scoped, User = new ClaimsPrincipal(new ClaimsIdentity(claims, "test")) };
        return new Restore(() => accessor.HttpContext = previous);
    }

    public static async Task RunAsAsync(IServiceProvider scoped, string adminId, Func<IServiceProvider, Task> work)
    {
        using (As(scoped, adminId, Roles.Admin))
        {
            await work(scoped);
        }
    }

    private sealed class Restore(Action restore) : IDisposable
    {
        public void Dispose() => restore();
    }
}
