using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using InterviewPortal.Domain.Identity;
using InterviewPortal.Tests.TestSupport;
using InterviewPortal.Web.Integrations.Zego;
using Microsoft.EntityFrameworkCore;

namespace InterviewPortal.Tests.Web.Hardening;

/// <summary>
/// The limits in front of expensive work: sign-in form posts (before the password hash), mini-program logins (before
/// WeChat), mini-program calls (per address before the session lookup) and ZEGO callbacks (before the signature). Each
/// test is two clients behind the portal's trusted proxy (X-Forwarded-For): one goes over its limit and gets a 429 with
/// Retry-After and a problem, the other is still served.
/// </summary>
[Collection(PortalHostCollection.Name)]
public sealed class RateLimitTests
{
    private const string Abuser = "203.0.113.10";
    private const string Neighbour = "198.51.100.20";
    private const string ZegoSecret = "rate-limit-callback-secret-012345";

    [Fact]
    public async Task SignInPostsOverTheLimit_Get429BeforeThePasswordIsChecked_WhileAnotherAddressSignsIn()
    {
        await using var app = App(("RateLimits:LoginPerMinutePerIp", "3"));
        var email = $"limited.{Guid.NewGuid():N}@example.com";
        await TestUsers.CreateAsync(app.Services, email, Roles.HR);
        var abuser = From(app, Abuser);

        for (var k = 0; k < 3; k++)
        {
            Assert.Equal(HttpStatusCode.OK, (await PortalAppFactory.PostLoginAsync(abuser, email, "wrong-password-" + k)).StatusCode);
        }

        // The right password now: refused before it is checked, so the failed count stays at three and nobody signs in.
        var limited = await PortalAppFactory.PostLoginAsync(abuser, email, TestUsers.Password);
        await AssertLimitedAsync(limited);
        Assert.Equal(3, await app.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.AccessFailedCount).SingleAsync()));

        // A browser is shown the status page, in its language, instead of JSON.
        var page = await abuser.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/Account/Login") { Content = new FormUrlEncodedContent([]), Headers = { { "Accept", "text/html" } } });
        Assert.Equal(HttpStatusCode.TooManyRequests, page.StatusCode);
        Assert.Contains("尝试次数过多", await page.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.Redirect, (await PortalAppFactory.PostLoginAsync(From(app, Neighbour), email, TestUsers.Password)).StatusCode);
    }

    [Fact]
    public async Task MiniProgramLoginsOverTheLimit_Get429BeforeWeChatIsAsked_WhileAnotherAddressLogsIn()
    {
        await using var weChat = await FakeWeChatServer.StartAsync();
        await using var app = App(("MiniProgram:LoginPerMinutePerIp", "2"), ("WeChat:ApiBaseUrl", weChat.BaseAddress.ToString()),
            ("WeChat:AppId", FakeWeChatServer.AppId), ("WeChat:AppSecret", FakeWeChatServer.AppSecret));
        weChat.AddLoginCode("wx-limited", "openid-limited");
        weChat.AddLoginCode("wx-neighbour", "openid-neighbour");
        var abuser = From(app, Abuser);

        for (var k = 0; k < 2; k++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await abuser.PostAsJsonAsync("/api/mp/v1/login", new { code = "made-up-" + k })).StatusCode);
        }

        await AssertLimitedAsync(await abuser.PostAsJsonAsync("/api/mp/v1/login", new { code = "wx-limited" }));
        Assert.Equal(2, weChat.Calls("jscode2session"));
        Assert.Equal(HttpStatusCode.OK, (await From(app, Neighbour).PostAsJsonAsync("/api/mp/v1/login", new { code = "wx-neighbour" })).StatusCode);
    }

    [Fact]
    public async Task MadeUpBearers_ShareTheirAddressesAllowance_WhileARealSessionFromAnotherAddressIsServed()
    {
        await using var weChat = await FakeWeChatServer.StartAsync();
        await using var app = App(("MiniProgram:CallsPerMinutePerIp", "4"), ("WeChat:ApiBaseUrl", weChat.BaseAddress.ToString()),
            ("WeChat:AppId", FakeWeChatServer.AppId), ("WeChat:AppSecret", FakeWeChatServer.AppSecret));
        var abuser = From(app, Abuser);
        HttpRequestMessage Current(string bearer) => new(HttpMethod.Get, "/api/mp/v1/interviews/current") { Headers = { Authorization = new("Bearer", bearer) } };

        // Each a different token of the right shape: were the raw bearer the partition, each would get a fresh allowance.
        for (var k = 0; k < 4; k++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await abuser.SendAsync(Current(new string((char)('a' + k), 43)))).StatusCode);
        }

        await AssertLimitedAsync(await abuser.SendAsync(Current(new string('z', 43))));

        weChat.AddLoginCode("wx-real", "openid-real");
        var neighbour = From(app, Neighbour);
        var login = await neighbour.PostAsJsonAsync("/api/mp/v1/login", new { code = "wx-real" });
        var session = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("session").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await neighbour.SendAsync(Current(session))).StatusCode);
    }

    [Fact]
    public async Task ZegoCallbacksOverTheLimit_Get429BeforeTheSignatureIsChecked_WhileAnotherAddressIsServed()
    {
        await using var app = App(("RateLimits:ZegoCallbacksPerMinutePerIp", "2"), ("Zego:CallbackSecret", ZegoSecret));
        var signer = new ZegoCallbackSigner(ZegoSecret, TimeProvider.System);
        StringContent Event(string room) => new(signer.Sign(new JsonObject { ["event"] = "room_create", ["room_id"] = room, ["room_session_id"] = "1" }), Encoding.UTF8, "application/json");
        var abuser = From(app, Abuser);

        for (var k = 0; k < 2; k++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await abuser.PostAsync(ZegoCallbackEndpoints.Path, new StringContent("{\"event\":\"room_create\"}", Encoding.UTF8, "application/json"))).StatusCode);
        }

        // Even a genuine event is turned away before it is verified or stored.
        await AssertLimitedAsync(await abuser.PostAsync(ZegoCallbackEndpoints.Path, Event("room-limited")));
        Assert.Equal(0, await app.WithDbAsync(db => db.ZegoCallbacks.CountAsync()));

        Assert.Equal(HttpStatusCode.OK, (await From(app, Neighbour).PostAsync(ZegoCallbackEndpoints.Path, Event("room-served"))).StatusCode);
        Assert.Equal(1, await app.WithDbAsync(db => db.ZegoCallbacks.CountAsync()));
    }

    [Fact]
    public async Task ALimitBelowOne_StopsThePortalFromStarting_NamingTheSetting()
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "InterviewPortal.Web.dll")])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            WorkingDirectory = TestPaths.NewTempDirectory("limits"),
        };
        start.Environment["RateLimits__LoginPerMinutePerIp"] = "0";
        start.Environment["MiniProgram__CallsPerMinutePerIp"] = "-5";
        start.Environment["Jobs__RunServer"] = "false";
        start.Environment["Logs__Directory"] = start.WorkingDirectory;
        start.Environment["ConnectionStrings__Portal"] = $"Data Source={Path.Combine(start.WorkingDirectory, "portal.db")}";

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        var message = await stderr;
        _ = await stdout;
        Assert.NotEqual(0, process.ExitCode);
        Assert.Contains("LoginPerMinutePerIp", message);
        Assert.Contains("CallsPerMinutePerIp", message);
    }

    private static PortalAppFactory App(params (string Key, string Value)[] settings)
    {
        var all = new Dictionary<string, string?> { ["Proxy:KnownProxies:0"] = "127.0.0.1" };
        foreach (var (k, v) in settings)
        {
            all[k] = v;
        }

        var app = new PortalAppFactory(all);
        _ = app.Server;
        return app;
    }

    /// <summary>A client whose requests reach the portal through its trusted proxy as coming from <paramref name="address"/>.</summary>
    private static HttpClient From(PortalAppFactory app, string address)
    {
        var client = app.CreateBrowserLikeClient();
        client.DefaultRequestHeaders.Add("X-Forwarded-For", address);
        return client;
    }

    private static async Task AssertLimitedAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.TooManyRequests, $"expected 429, got {(int)response.StatusCode}: {text}");
        var retry = response.Headers.RetryAfter?.Delta ?? TimeSpan.Zero;
        Assert.InRange(retry, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(text);
        Assert.Equal("rate_limited", problem.RootElement.GetProperty("code").GetString());
        Assert.Equal("请求过于频繁，请稍后再试。", problem.RootElement.GetProperty("title").GetString());
    }
}
