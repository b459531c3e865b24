using System.Globalization;
using System.Security.Claims;
using Bunit;
using Hangfire;
using Hangfire.InMemory;
using InterviewPortal.Web.Features.Audit;
using InterviewPortal.Web.Features.Dashboard;
using InterviewPortal.Web.Features.Identity;
using InterviewPortal.Web.Features.Settings;
using InterviewPortal.Web.Features.Shared;
using InterviewPortal.Web.Setup;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.JSInterop;
using MudBlazor;
using MudBlazor.Services;

namespace InterviewPortal.Tests.TestSupport;

/// <summary>
/// bUnit with MudBlazor (transitions off), loose JS interop, the portal's real services over a <see cref="TestDb"/>,
/// and a signed-in test user. Use one per test: <c>await using var ctx = PortalBunitContext.Create(...)</c>
/// (synchronous, so the culture it sets stays with the test).
/// </summary>
public sealed class PortalBunitContext : BunitContext
{
    private TestDb? _db;

    public TestDb Db => _db!;

    public string UserId { get; } = Guid.NewGuid().ToString();

    public static PortalBunitContext Create(string culture = "zh-CN", params string[] roles) => Create(null, culture, roles);

    /// <summary>The same, with <paramref name="clock"/> (e.g. a FakeTimeProvider) as every service's and component's TimeProvider.</summary>
    public static PortalBunitContext Create(TimeProvider? clock, string culture, params string[] roles) => Create(clock, keepJsObjectReferences: true, culture, roles);

    /// <summary>
    /// The same; with <paramref name="keepJsObjectReferences"/> false, the JS calls bUnit records keep no
    /// <see cref="DotNetObjectReference{TValue}"/> argument (null in its place), so a test can tell whether anything
    /// else keeps a component alive.
    /// </summary>
    public static PortalBunitContext Create(TimeProvider? clock, bool keepJsObjectReferences, string culture, params string[] roles)
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo(culture);
        var ctx = new PortalBunitContext { _db = TestDb.Create() };
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        var services = ctx.Services;
        services.AddMudServices(o =>
        {
            o.PopoverOptions.CheckForPopoverProvider = false;
            o.SnackbarConfiguration.ShowTransitionDuration = 0;
            o.SnackbarConfiguration.HideTransitionDuration = 0;
        });
        services.AddLocalization();
        services.AddTransient<MudLocalizer, InterviewPortal.Web.Features.Shell.PortalMudLocalizer>();
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        // Registered through a factory so the container disposes it (and its in-memory database) with the context.
        services.AddSingleton(_ => ctx.Db);
        services.AddSingleton(ctx.Db.Settings);
        services.AddPortalDbContexts(ctx.Db.Settings);
        services.AddSingleton<JobStorage>(new InMemoryStorage());
        // The features bind their options from configuration: the embedded defaults (no WeChat, no ZEGO), plus what
        // the invitations need to run without a key file.
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Invitations:TokenKey"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
            ["Storage:FilesDirectory"] = Path.Combine(Path.GetTempPath(), "interviewportal-bunit-files"),
        }).Build());
        services.AddSingleton<IHostEnvironment>(new HostingEnvironment { ContentRootPath = AppContext.BaseDirectory, EnvironmentName = "Testing" });
        services.AddPortalFeatures();
        // The layout keeps the dark-mode choice in the browser's local storage (with loose JS interop, nothing is stored).
        services.AddDataProtection();
        services.AddScoped<Microsoft.AspNetCore.Components.Server.ProtectedBrowserStorage.ProtectedLocalStorage>();

        if (clock is not null)
        {
            services.AddSingleton(clock);
        }

        if (!keepJsObjectReferences)
        {
            services.AddSingleton<IJSRuntime>(new WithoutObjectReferences(ctx.JSInterop.JSRuntime));
        }

        var auth = ctx.AddAuthorization();
        auth.SetAuthorized("tester@example.com");
        auth.SetRoles(roles);
        auth.SetClaims(new Claim(ClaimTypes.NameIdentifier, ctx.UserId), new Claim(PortalClaims.DisplayName, "测试用户"));
        _ = ctx.Services.GetRequiredService<TestDb>();
        ctx.Renderer.SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));
        return ctx;
    }

    private sealed class WithoutObjectReferences(IJSRuntime js) : IJSRuntime
    {
        public ValueTask<T> InvokeAsync<T>(string identifier, object?[]? args) => js.InvokeAsync<T>(identifier, Without(args));

        public ValueTask<T> InvokeAsync<T>(string identifier, CancellationToken cancellationToken, object?[]? args) =>
            js.InvokeAsync<T>(identifier, cancellationToken, Without(args));

        private static object?[]? Without(object?[]? args) =>
            args?.Select(a => a?.GetType() is { IsGenericType: true } t && t.GetGenericTypeDefinition() == typeof(DotNetObjectReference<>) ? null : a).ToArray();
    }
}
