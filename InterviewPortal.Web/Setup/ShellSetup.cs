using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Hangfire;
using InterviewPortal.Web.Components;
using InterviewPortal.Web.Features.Audit;
using InterviewPortal.Web.Features.Dashboard;
using InterviewPortal.Web.Features.Demo;
using InterviewPortal.Web.Features.Identity;
using InterviewPortal.Web.Features.Interviews;
using InterviewPortal.Web.Features.Invitations;
using InterviewPortal.Web.Features.MiniProgram;
using InterviewPortal.Web.Features.Permission;
using InterviewPortal.Web.Features.Recruiting;
using InterviewPortal.Web.Features.Recruiting.Import;
using InterviewPortal.Web.Features.Reminders;
using InterviewPortal.Web.Jobs;
using InterviewPortal.Web.Features.Reports;
using InterviewPortal.Web.Features.Scorecards;
using InterviewPortal.Web.Features.Settings;
using InterviewPortal.Web.Features.Shared;
using InterviewPortal.Web.Features.Shell;
using InterviewPortal.Web.Features.Users;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.DependencyInjection.Extensions;
using MudBlazor;
using MudBlazor.Services;

namespace InterviewPortal.Web.Setup;

public static class ShellSetup
{
    public static readonly CultureInfo[] SupportedCultures = [new("zh-CN"), new("en-US")];
    public const string DefaultCulture = "zh-CN";

    /// <summary>Razor components, MudBlazor, localization and the features' services.</summary>
    public static void AddPortalShell(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        // Run from the build output (development, the tests), MapStaticAssets adds a GET-only catch-all {**path:file} for
        // files missing from the manifest; every post to an unknown page then matched its route and got a 405 instead of
        // a 404. A published portal has no such route: this keeps the two alike.
        builder.Configuration["DisableStaticAssetNotFoundRuntimeFallback"] = "true";
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddMudServices(c =>
        {
            c.SnackbarConfiguration.PositionClass = Defaults.Classes.Position.BottomRight;
            c.SnackbarConfiguration.PreventDuplicates = true;
        });
        services.AddLocalization();
        // Chinese text as characters, not &#x…; entities: pages are smaller and readable in the source.
        services.AddWebEncoders(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        services.AddTransient<MudLocalizer, PortalMudLocalizer>();
        services.Configure<RequestLocalizationOptions>(o =>
        {
            o.DefaultRequestCulture = new RequestCulture(DefaultCulture);
            o.SupportedCultures = SupportedCultures;
            o.SupportedUICultures = SupportedCultures;
            // Chinese unless the user picked English: the browser's language is not consulted.
            o.RequestCultureProviders = [new CookieRequestCultureProvider()];
        });

        services.AddPortalApiProblems();
        services.AddScoped<CircuitHandler, PortalCircuitHandler>();
        services.AddScoped<AccountChanges>();
        services.AddScoped<DemoDataSeeder>();
        services.AddPortalFeatures();
    }

    /// <summary>The features' services: shared by the portal and the component tests, so both run the same wiring.</summary>
    public static IServiceCollection AddPortalFeatures(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpContextAccessor();
        services.AddScoped<ClientOrigin>();
        services.AddScoped<UserClock>();
        services.AddScoped<AuditTrail>();
        services.AddSingleton<AuditIndexer>();
        services.AddHostedService<AuditIndexWorker>();
        services.AddSingleton<JoinCommit>();
        services.AddScoped<AuditLogService>();
        services.AddScoped<SessionAuditService>();
        services.AddSingleton<SettingsCache>();
        services.AddScoped<SettingsService>();
        services.AddScoped<UserAdminService>();
        services.AddScoped<DashboardService>();
        services.AddScoped<PositionService>();
        services.AddScoped<AgencyService>();
        services.AddScoped<CandidateService>();
        services.AddScoped<CandidateImportService>();
        services.AddScoped<InterviewService>();
        services.AddScoped<AttendanceService>();
        services.AddScoped<ScorecardService>();
        services.AddScoped<Features.Recordings.RecordingService>();
        services.AddScoped<InterviewTimelineService>();
        services.AddScoped<CandidateFilesService>();
        services.AddSingleton<CandidateFileStore>();
        services.AddScoped<Features.Privacy.CandidateAnonymiser>();
        services.AddScoped<Features.Privacy.PrivacyService>();
        services.AddScoped<Features.Privacy.RetentionService>();
        services.AddOptions<PortalOptions>().BindConfiguration("Portal").ValidateDataAnnotations()
            .Validate(PortalOptions.IsValid, "Portal:PublicBaseUrl must be an absolute http(s) address without query or fragment.").ValidateOnStart();
        services.AddOptions<InvitationOptions>().BindConfiguration("Invitations").ValidateDataAnnotations()
            .Validate(InvitationOptions.IsValid, "Invitations:TokenKey must be the base64 of 32 bytes.").ValidateOnStart();
        services.TryAddSingleton<IBackgroundJobClient>(sp => new BackgroundJobClient(sp.GetRequiredService<JobStorage>()));
        services.AddSingleton<InvitationTokenProtector>();
        services.AddSingleton<InvitationFiles>();
        services.AddScoped<InvitationService>();
        services.AddTransient<InvitationCodeJob>();
        services.AddPortalIntegrations();
        services.AddSingleton<PermissionFileStore>();
        services.AddSingleton<JoinModeService>();
        services.AddScoped<IPendingInvitationCounter, PendingInvitationCounter>();
        services.AddOptions<MiniProgramLimitOptions>().BindConfiguration("MiniProgram").ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<MiniProgramSessionLimiter>();
        services.AddScoped<MiniProgramService>();
        services.AddScoped<VideoAccessService>();
        services.AddScoped<PermissionService>();
        services.AddPortalReminders();
        services.AddScoped<ReportService>();
        return services;
    }

    /// <summary>Reminders: planning, the dispatcher and its channels (email, WeChat, in-app), notifications.</summary>
    private static void AddPortalReminders(this IServiceCollection services)
    {
        services.AddOptions<SmtpOptions>().BindConfiguration("Smtp").ValidateDataAnnotations()
            .Validate(o => string.IsNullOrWhiteSpace(o.Host) == string.IsNullOrWhiteSpace(o.FromAddress), "Smtp:Host and Smtp:FromAddress are set together or not at all.")
            .Validate(o => o.Timeout > TimeSpan.Zero && o.Timeout <= TimeSpan.FromMinutes(1), "Smtp:Timeout must be between 00:00:01 and 00:01:00.")
            .ValidateOnStart();
        services.AddSingleton<NotificationSignal>();
        services.AddScoped<ReminderPlanner>();
        services.AddScoped<ReminderComposer>();
        services.AddScoped<IReminderChannel, EmailReminderChannel>();
        services.AddScoped<IReminderChannel, WeChatReminderChannel>();
        services.AddScoped<IReminderChannel, InAppReminderChannel>();
        services.AddSingleton<ReminderDispatcher>();
        services.AddTransient<ReminderDispatchJob>();
        services.AddScoped<ReminderService>();
        services.AddScoped<NotificationService>();
    }

    public static void MapPortalShell(this WebApplication app)
    {
        app.MapStaticAssets();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode().RequireSignInRateLimit();
        app.MapAdditionalIdentityEndpoints();

        // The language switch: remembered in a cookie for a year, then back to the page the user was on.
        app.MapGet("/culture/set", async (HttpContext context, string culture, string? returnUrl) =>
        {
            if (SupportedCultures.Any(c => c.Name == culture))
            {
                // Remembered on the account too: reminders and emails are written in the language the user reads.
                if (context.User.Identity?.IsAuthenticated == true)
                {
                    var users = context.RequestServices.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<Data.ApplicationUser>>();
                    if (await users.GetUserAsync(context.User) is { } user && user.Language != culture)
                    {
                        user.Language = culture;
                        await users.UpdateAsync(user);
                    }
                }

                context.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
                    CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
                    new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, SameSite = SameSiteMode.Lax, HttpOnly = true });
            }

            return Results.LocalRedirect(IsLocalPath(returnUrl) ? returnUrl! : "/");
        }).AllowAnonymous();
    }

    // Control characters too: a CR/LF in the Location header is refused by the server with an exception (a 500).
    internal static bool IsLocalPath(string? url) =>
        !string.IsNullOrEmpty(url) && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\')) && !url.Any(char.IsControl);
}
