using InterviewPortal.Domain.Identity;
using InterviewPortal.Web.Components.Account;
using InterviewPortal.Web.Data;
using InterviewPortal.Web.Features.Identity;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace InterviewPortal.Web.Setup;

public static class IdentitySetup
{
    public const string AdminPolicy = "Admin";
    public const string AuditReadersPolicy = "AuditReaders";

    public static void AddPortalIdentity(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<PortalIdentityOptions>().BindConfiguration("Identity").ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<BootstrapOptions>().BindConfiguration("Bootstrap").ValidateDataAnnotations().ValidateOnStart();

        services.AddCascadingAuthenticationState();
        services.AddScoped<IdentityRedirectManager>();
        services.AddScoped<AuthenticationStateProvider, IdentityRevalidatingAuthenticationStateProvider>();

        services.AddAuthentication(options =>
            {
                options.DefaultScheme = IdentityConstants.ApplicationScheme;
                options.DefaultSignInScheme = IdentityConstants.ExternalScheme;
            })
            .AddIdentityCookies();

        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/Account/Login";
            o.LogoutPath = "/Account/Logout";
            o.AccessDeniedPath = "/Account/AccessDenied";
            o.Cookie.Name = "InterviewPortal.Auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.SlidingExpiration = true;
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            // An API answers 401 (a problem, ApiProblems) where a page would go to the sign-in form.
            o.Events.OnRedirectToLogin = context =>
            {
                if (context.Request.Path.StartsWithSegments("/api"))
                {
                    context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                }
                else
                {
                    context.Response.Redirect(context.RedirectUri);
                }

                return Task.CompletedTask;
            };
            // Tools and APIs answer 403 to a signed-in user without the role; pages go to the access-denied page.
            o.Events.OnRedirectToAccessDenied = context =>
            {
                if (IsToolOrApi(context.Request.Path))
                {
                    context.Response.StatusCode = StatusCodes.Status403Forbidden;
                }
                else
                {
                    context.Response.Redirect(context.RedirectUri);
                }

                return Task.CompletedTask;
            };
        });

        // Plain HTTP requests re-check the security stamp at most a minute apart, like open circuits do.
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));

        services.AddIdentityCore<ApplicationUser>(o =>
            {
                o.SignIn.RequireConfirmedAccount = false;
                o.User.RequireUniqueEmail = true;
                o.Password.RequiredLength = PasswordRules.MinimumLength;
                o.Password.RequireDigit = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequiredUniqueChars = 1;
                o.Lockout.AllowedForNewUsers = true;
                o.Stores.SchemaVersion = IdentitySchemaVersions.Version2;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<AppDbContext>()
            .AddSignInManager<PortalSignInManager>()
            .AddClaimsPrincipalFactory<PortalClaimsPrincipalFactory>()
            .AddPasswordValidator<CommonPasswordValidator>()
            .AddErrorDescriber<LocalizedIdentityErrorDescriber>()
            .AddDefaultTokenProviders();

        // Lockout numbers come from the validated Identity:* settings.
        services.AddSingleton<IConfigureOptions<IdentityOptions>, ConfigureLockout>();
        services.AddScoped<AdminBootstrapper>();

        services.AddAuthorizationBuilder()
            .AddPolicy(AdminPolicy, p => p.RequireRole(Roles.Admin))
            .AddPolicy(AuditReadersPolicy, p => p.RequireRole(Roles.Admin, Roles.Auditor));

        // Keys in the database: sign-ins survive a restart and work across web nodes.
        services.AddDataProtection()
            .SetApplicationName("InterviewPortal")
            .PersistKeysToDbContext<AppDbContext>();
    }

    public static async Task BootstrapPortalIdentityAsync(this IServiceProvider services, CancellationToken ct = default)
    {
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<AdminBootstrapper>().RunAsync(Console.Out, ct);
    }

    private static bool IsToolOrApi(PathString path) =>
        path.StartsWithSegments("/jobs") || path.StartsWithSegments("/api") || path.StartsWithSegments("/health");

    private sealed class ConfigureLockout(IOptions<PortalIdentityOptions> portal) : IConfigureOptions<IdentityOptions>
    {
        public void Configure(IdentityOptions options)
        {
            options.Lockout.MaxFailedAccessAttempts = portal.Value.MaxFailedAccessAttempts;
            options.Lockout.DefaultLockoutTimeSpan = portal.Value.LockoutDuration;
        }
    }
}
