using System.Net;
using System.Text.Json;
using InterviewPortal.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace InterviewPortal.Tests.Web.Shell;

[Collection(PortalHostCollection.Name)]
public sealed class HostTests(PortalAppFactoryFixture app)
    : IClassFixture<PortalAppFactoryFixture>
{
    [Fact]
    public async Task Health_Answers200WithDatabaseAndJobStorageStatus()
    {
        var client = app.Factory.CreateBrowserLikeClient();

        var response = await client.GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Healthy", json.RootElement.GetProperty("status").GetString());
        Assert.Equal("Healthy", json.RootElement.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
        Assert.Equal("Healthy", json.RootElement.GetProperty("checks").GetProperty("jobs").GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("/Account/Login")]
    [InlineData("/health")]
    [InlineData("/does-not-exist")]
    public async Task EveryResponse_CarriesTheSecurityHeaders(string path)
    {
        var client = app.Factory.CreateBrowserLikeClient();

        var response = await client.GetAsync(path);

        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Contains("script-src 'self'", csp);
        Assert.DoesNotContain("unsafe-eval", csp);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("strict-origin-when-cross-origin", response.Headers.GetValues("Referrer-Policy").Single());
    }

    [Fact]
    public async Task Home_RedirectsAnonymousVisitorsToLogin()
    {
        var client = app.Factory.CreateBrowserLikeClient();

        var response = await client.GetAsync("/");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/Login", PortalAppFactory.RedirectTarget(response));
    }

    [Fact]
    public async Task LoginPage_IsChineseByDefault_AndEnglishWithTheCultureCookie()
    {
        var client = app.Factory.CreateBrowserLikeClient();
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en-US");

        var chinese = await client.GetStringAsync("/Account/Login");
        var set = await client.GetAsync("/culture/set?culture=en-US&returnUrl=/Account/Login");
        var english = await client.GetStringAsync("/Account/Login");

        Assert.Contains("lang=\"zh-CN\"", chinese);
        Assert.Contains("登录", chinese);
        Assert.Equal(HttpStatusCode.Redirect, set.StatusCode);
        Assert.Equal("/Account/Login", PortalAppFactory.RedirectTarget(set));
        Assert.Contains("lang=\"en-US\"", english);
        Assert.DoesNotContain("登录", english);
    }

    [Fact]
    public async Task CultureSwitch_RefusesToRedirectOffSite()
    {
        var client = app.Factory.CreateBrowserLikeClient();

        var response = await client.GetAsync("/culture/set?culture=en-US&returnUrl=//evil.example/");

        Assert.Equal("/", PortalAppFactory.RedirectTarget(response));
    }

    [Fact]
    public async Task UnknownPage_ShowsTheLocalizedNotFoundPage()
    {
        var client = app.Factory.CreateBrowserLikeClient();

        var response = await client.GetAsync("/no-such-page");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("页面不存在", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public void Settings_ComeFromTheRootAppsettingsFileNextToTheBinaries()
    {
        var config = app.Factory.Services.GetRequiredService<Microsoft.Extensions.Configuration.IConfiguration>();

        Assert.True(File.Exists(Path.Combine(AppContext.BaseDirectory, "appsettings.json")));
        Assert.Equal("Asia/Shanghai", config["Jobs:TimeZone"]);
        Assert.Equal("00:00:30", config["Identity:RevalidationInterval"]);
    }
}
