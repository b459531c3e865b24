using Microsoft.EntityFrameworkCore;

namespace InterviewPortal.Web.Setup;

public static class StartupTasks
{
    /// <summary>Before the portal serves: migrate (when configured), create roles and the first admin, register recurring jobs.</summary>
    public static async Task PreparePortalAsync(this WebApplication app)
    {
        if (EF.IsDesignTime)
        {
            return;
        }

        await app.Services.MigratePortalDatabaseAsync();
        await app.Services.BootstrapPortalIdentityAsync();
        app.Services.SchedulePortalRecurringJobs();
    }

    /// <summary>The whole middleware pipeline, in order.</summary>
    public static void UsePortalPipeline(this WebApplication app)
    {
        app.UsePortalForwardedHeaders();
        app.UsePortalSecurityHeaders();
        app.UseExceptionHandler("/Error", createScopeForErrors: true);
        app.UseStatusCodePagesWithReExecute("/status/{0}", createScopeForStatusCodePages: true);
        app.UsePortalRequestLogging();
        app.UseRequestLocalization();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseMiddleware<Features.Identity.AccountGate>();
        app.UseAntiforgery();
    }
}
