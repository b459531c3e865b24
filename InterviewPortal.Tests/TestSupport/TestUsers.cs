using InterviewPortal.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace InterviewPortal.Tests.TestSupport;

public static class TestUsers
{
    public const string Password = "Test-User-Passphrase-42";

    /// <summary>Creates a ready-to-use account (no forced password change) with the given roles.</summary>
    public static async Task<string> CreateAsync(IServiceProvider services, string email, params string[] roles)
    {
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = email.Split('@')[0], CreatedAtUtc = DateTime.UtcNow };
        var result = await users.CreateAsync(user, Password);
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Code)));
        if (roles.Length > 0)
        {
            Assert.True((await users.AddToRolesAsync(user, roles)).Succeeded);
        }

        return user.Id;
    }
}
