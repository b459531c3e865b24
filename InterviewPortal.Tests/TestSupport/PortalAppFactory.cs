using System.Net;
using System.Text.RegularExpressions;
using InterviewPortal.Web.Data;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace InterviewPortal.Tests.TestSupport;

/// <summary>
/// The real portal on a temporary SQLite file (migrated at start-up like production), with the job worker off and a
/// known bootstrap admin password. <see cref="UseRealServer"/> puts it on a loopback port for the browser tests.
/// </summary>
public sealed partial class PortalAppFactory : WebApplicationFactory<Program>
{
    public const string AdminEmail = "admin@interviewportal.local";
    public const string AdminPassword = "Bootstrap-Pass-Phrase-2026";

    private readonly Dictionary<string, string?> _settings;

    private readonly TimeProvider? _clock;

    /// <param name="clock">Replaces the portal's clock (a FakeTimeProvider to step into a join window, say).</param>
    public PortalAppFactory(Dictionary<string, string?>? settings = null, bool realServer = false, TimeProvider? clock = null)
    {
        _clock = clock;
        Directory = TestPaths.NewTempDirectory("app");
        DatabaseFile = Path.Combine(Directory, "portal.db");
        LogDirectory = Path.Combine(Directory, "logs");
        _settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Portal"] = $"Data Source={DatabaseFile}",
            ["Database:Provider"] = "Sqlite",
            ["Jobs:RunServer"] = "false",
            ["Bootstrap:AdminPassword"] = AdminPassword,
            ["Logs:Directory"] = LogDirectory,
            ["Storage:FilesDirectory"] = Path.Combine(Directory, "files"),
            ["Invitations:KeyFile"] = Path.Combine(Directory, "keys", "invitation-token.key"),
            // Every test signs its users in from 127.0.0.1, many in a minute; RateLimitTests set the limits they prove.
            ["RateLimits:LoginPerMinutePerIp"] = "10000",
        };
        foreach (var (k, v) in settings ?? [])
        {
            _settings[k] = v;
        }

        if (realServer)
        {
            UseKestrel(0);
        }
    }

    public string Directory { get; }

    public string DatabaseFile { get; }

    public string LogDirectory { get; }

    /// <summary>Base address of the real loopback server (after <see cref="WebApplicationFactory{T}.StartServer"/>).</summary>
    public Uri ServerAddress => new(ClientOptions.BaseAddress.ToString());

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        foreach (var (k, v) in _settings)
        {
            builder.UseSetting(k, v);
        }

        if (_clock is not null)
        {
            builder.ConfigureTestServices(services => services.AddSingleton(_clock));
        }

        // The in-memory test server has no client address; give its requests the loopback one a real client has, so the
        // audit trail's IP column is exercised as in production.
        builder.ConfigureTestServices(services => services.AddSingleton<IStartupFilter, LoopbackClientAddress>());

        // Kestrel's own endpoint from appsettings.json would collide between hosts: the factory picks the port.
        builder.UseSetting("Kestrel:Endpoints:Http:Url", "http://127.0.0.1:0");
    }

    public async Task<T> WithDbAsync<T>(Func<AppDbContext, Task<T>> work)
    {
        var factory = Services.GetRequiredService<IDbContextFactory<AppDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        return await work(db);
    }

    /// <summary>An HTTP client that keeps cookies and does not follow redirects (tests look at them).</summary>
    public HttpClient CreateBrowserLikeClient() =>
        // The base address is the real loopback server's when the factory runs Kestrel.
        CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true, BaseAddress = ClientOptions.BaseAddress });

    /// <summary>Creates a user with the given roles and returns a client signed in as them.</summary>
    public async Task<(HttpClient Client, string UserId)> SignedInAsync(string email, params string[] roles)
    {
        var id = await TestUsers.CreateAsync(Services, email, roles);
        var client = CreateBrowserLikeClient();
        var login = await PostLoginAsync(client, email, TestUsers.Password);
        Assert.Equal(System.Net.HttpStatusCode.Redirect, login.StatusCode);
        return (client, id);
    }

    /// <summary>Posts the static login form like a browser: fetches it for the antiforgery token, then submits.</summary>
    public static async Task<HttpResponseMessage> PostLoginAsync(HttpClient client, string email, string password)
    {
        var page = await client.GetStringAsync("/Account/Login");
        var fields = HiddenInputs(page);
        fields["Input.Email"] = email;
        fields["Input.Password"] = password;
        return await client.PostAsync("/Account/Login", new FormUrlEncodedContent(fields));
    }

    /// <summary>Posts a static SSR form found at <paramref name="url"/> with the given fields.</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string url, Dictionary<string, string> values)
    {
        var page = await client.GetStringAsync(url);
        var fields = HiddenInputs(page);
        foreach (var (k, v) in values)
        {
            fields[k] = v;
        }

        return await client.PostAsync(url, new FormUrlEncodedContent(fields));
    }

    /// <summary>Path and query of a redirect, whether the Location header is relative or absolute.</summary>
    public static string RedirectTarget(HttpResponseMessage response) =>
        new Uri(new Uri("http://localhost"), response.Headers.Location ?? throw new InvalidOperationException($"No redirect: {(int)response.StatusCode}")).PathAndQuery;

    public static Dictionary<string, string> HiddenInputs(string html)
    {
        var fields = new Dictionary<string, string>();
        foreach (Match m in HiddenInput().Matches(html))
        {
            var tag = m.Value;
            var name = Attr(tag, "name");
            if (name is not null)
            {
                fields[WebUtility.HtmlDecode(name)] = WebUtility.HtmlDecode(Attr(tag, "value") ?? "");
            }
        }

        return fields;
    }

    private static string? Attr(string tag, string name)
    {
        var m = Regex.Match(tag, $"""\b{name}="([^"]*)" """.TrimEnd());
        return m.Success ? m.Groups[1].Value : null;
    }

    [GeneratedRegex("""<input[^>]*type="hidden"[^>]*>""", RegexOptions.IgnoreCase)]
    private static partial Regex HiddenInput();

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS to clean: a file may still be held open briefly.
        }
    }
}

/// <summary>Sets a missing client address to 127.0.0.1 (requests through the in-memory test server have none).</summary>
internal sealed class LoopbackClientAddress : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, nextMiddleware) =>
        {
            context.Connection.RemoteIpAddress ??= System.Net.IPAddress.Loopback;
            return nextMiddleware(context);
        });
        next(app);
    };
}
