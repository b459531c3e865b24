using System.Security.Claims;
using InterviewPortal.Domain.Identity;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace InterviewPortal.Tests.TestSupport;

/// <summary>Runs portal services in a scope whose "current request" is signed in as the given admin.</summary>
public static class AdminActor
{
    public static async Task RunAsAsync(IServiceProvider scoped, string adminId, Func<IServiceProvider, Task> work)
    {
        var accessor = scoped.GetRequiredService<IHttpContextAccessor>();
        var previous = accessor.HttpContext;
        var context = new DefaultHttpContext { RequestServices = scoped };
        context.User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, adminId), new Claim(ClaimTypes.Role, Roles.Admin)], "test"));
        accessor.HttpContext = context;
        try
        {
            await work(scoped);
        }
        finally
        {
            accessor.HttpContext = previous;
        }
    }
}
