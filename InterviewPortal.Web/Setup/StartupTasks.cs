using InterviewPortal.Web.Features.Demo;
using Microsoft.EntityFrameworkCore;

namespace InterviewPortal.Web.Setup;

public static class StartupTasks
{
    /// <summary>
    /// The command line with the portal's switches turned into settings (<c>--seed-demo</c> is <c>Demo:Seed=true</c>),
    /// so a bare switch cannot swallow the argument after it as its value.
    /// </summary>
    public static string[] PortalArguments(string[] args) =>
        [.. args.Select(a => a == DemoDataSeeder.CommandLineSwitch ? $"--{DemoDataSeeder.Setting}=true" : a)];

    /// <summary>
    /// Before the portal serves: migrate (when configured), create roles and the first admin, seed the demo data when
    /// asked, register recurring jobs. Returns the process exit code when the portal must not start (the demo data
    /// was refused; the reason is on standard error), else null.
    /// </summary>
    public static async Task<int?> PreparePortalAsync(this WebApplication app)
    {
        if (EF.IsDesignTime)
        {
            return null;
        }

        await app.Services.MigratePortalDatabaseAsync();
        await app.Services.BootstrapPortalIdentityAsync();
        if (app.Configuration.GetValue<bool>(DemoDataSeeder.Setting) && !await SeedDemoDataAsync(app.Services))
        {
            return DemoDataSeeder.RefusedExitCode;
        }

        app.Services.SchedulePortalRecurringJobs();
        return null;
    }

    private static async Task<bool> SeedDemoDataAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<DemoDataSeeder>().RunAsync(Console.Out, Console.Error);
    }

    /// <summary>The whole middleware pipeline, in order.</summary>
    public static void UsePortalPipeline(this WebApplication app)
    {
        app.UsePortalForwardedHeaders();
        app.UsePortalSecurityHeaders();
        app.UsePortalErrorPages();
        app.UsePortalRequestLogging();
        app.UseRequestLocalization();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseMiddleware<Features.Identity.AccountGate>();
        app.UseRateLimiter();
        app.UseAntiforgery();
    }
}
