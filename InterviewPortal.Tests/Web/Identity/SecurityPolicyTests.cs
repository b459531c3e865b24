using System.Net;
using InterviewPortal.Domain.Identity;
using InterviewPortal.Tests.TestSupport;
using InterviewPortal.Web.Data;
using InterviewPortal.Web.Features.Audit;
using InterviewPortal.Web.Features.Settings;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace InterviewPortal.Tests.Web.Identity;

[Collection(PortalHostCollection.Name)]
public sealed class SecurityPolicyTests
{
    [Fact]
    public async Task RequiringTwoFactorForARole_SendsItsUsersToTheAuthenticatorSetUp_AndIsAudited()
    {
        await using var app = new PortalAppFactory();
        _ = app.Server;
        var admin = await TestUsers.CreateAsync(app.Services, "admin.2fa@example.com", Roles.Admin);
        await TestUsers.CreateAsync(app.Services, "hr.2fa@example.com", Roles.HR);
        await TestUsers.CreateAsync(app.Services, "interviewer.2fa@example.com", Roles.Interviewer);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await AdminActor.RunAsAsync(scope.ServiceProvider, admin, sp => sp.GetRequiredService<SettingsService>().SaveSecurityAsync(new SecuritySettings([Roles.HR])));
        }

        var hr = app.CreateBrowserLikeClient();
        await PortalAppFactory.PostLoginAsync(hr, "hr.2fa@example.com", TestUsers.Password);
        var interviewer = app.CreateBrowserLikeClient();
        await PortalAppFactory.PostLoginAsync(interviewer, "interviewer.2fa@example.com", TestUsers.Password);

        var hrHome = await hr.GetAsync("/");
        var interviewerHome = await interviewer.GetAsync("/");

        Assert.Equal("/Account/Manage/EnableAuthenticator?required=1", PortalAppFactory.RedirectTarget(hrHome));
        Assert.Equal(HttpStatusCode.OK, interviewerHome.StatusCode);
        var entry = await app.WithDbAsync(db => db.AuditEntries.AsNoTracking().SingleAsync(a => a.Action == AuditActions.SettingsChanged));
        Assert.Equal(admin, entry.ActorId);
        Assert.Equal("(default) -> {\"RequireTwoFactorRoles\":[\"HR\"]}", entry.Summary);
    }

    [Fact]
    public async Task SignIn_SurvivesARestart_BecauseDataProtectionKeysAreInTheDatabase()
    {
        var dir = TestPaths.NewTempDirectory("restart");
        var settings = new Dictionary<string, string?> { ["ConnectionStrings:Portal"] = $"Data Source={Path.Combine(dir, "portal.db")}" };
        string cookie;
        await using (var first = new PortalAppFactory(settings))
        {
            await TestUsers.CreateAsync(first.Services, "stays@example.com", Roles.HR);
            var login = await PortalAppFactory.PostLoginAsync(first.CreateBrowserLikeClient(), "stays@example.com", TestUsers.Password);
            cookie = string.Join("; ", login.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));
            Assert.True(await first.WithDbAsync(db => db.DataProtectionKeys.AnyAsync()));
        }

        await using var second = new PortalAppFactory(settings);
        var client = second.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Add("Cookie", cookie);

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task FirstStartWithoutAConfiguredPassword_PrintsAGeneratedOneToTheConsoleOnly()
    {
        var console = new StringWriter();
        var previous = Console.Out;
        Console.SetOut(console);
        PortalAppFactory? app = null;
        try
        {
            app = new PortalAppFactory(new() { ["Bootstrap:AdminPassword"] = "" });
            _ = app.Server;
        }
        finally
        {
            Console.SetOut(previous);
        }

        await using (app)
        {
            var printed = console.ToString();
            var password = System.Text.RegularExpressions.Regex.Match(printed, @"Password: (\S+)").Groups[1].Value;
            Assert.Equal(20, password.Length);
            var client = app.CreateBrowserLikeClient();
            var login = await PortalAppFactory.PostLoginAsync(client, PortalAppFactory.AdminEmail, password);
            Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
            var logs = string.Concat(Directory.GetFiles(app.LogDirectory).Select(f =>
            {
                using var s = new FileStream(f, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                return new StreamReader(s).ReadToEnd();
            }));
            Assert.DoesNotContain(password, logs);
            var admin = await app.WithDbAsync(db => db.Users.AsNoTracking().SingleAsync());
            Assert.True(admin.MustChangePassword);
        }
    }
}
