using System.Text.RegularExpressions;
using InterviewPortal.Domain.Identity;
using InterviewPortal.Tests.TestSupport;
using InterviewPortal.Web.Features.Audit;
using InterviewPortal.Web.Features.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace InterviewPortal.Tests.EndToEnd;

[Collection(BrowserCollection.Name)]
public sealed class PortalJourneyTests
{
    [BrowserFact]
    public async Task BootstrapAdmin_ChangesPassword_SwitchesLanguage_AndOpensTheJobsDashboard()
    {
        await using var app = new PortalAppFactory(realServer: true);
        app.StartServer();
        await using var browser = await BrowserSession.StartAsync();
        var page = await browser.NewPageAsync(app.ServerAddress);

        // Log in as the bootstrap admin: the portal insists on a new password first.
        await page.GotoAsync("/");
        await page.WaitForURLAsync(new Regex("/Account/Login"));
        Assert.Equal("zh-CN", await page.GetAttributeAsync("html", "lang"));
        await page.ScreenshotAsync(new() { Path = Path.Combine(TestPaths.TestResults, "login-zh.png") });
        await page.FillAsync("[id='Input.Email']", PortalAppFactory.AdminEmail);
        await page.FillAsync("[id='Input.Password']", PortalAppFactory.AdminPassword);
        await page.ClickAsync("[data-testid=login-submit]");
        await page.WaitForURLAsync(new Regex("/Account/Manage/ChangePassword\\?required=1"));
        await page.FillAsync("[id='Input.OldPassword']", PortalAppFactory.AdminPassword);
        await page.FillAsync("[id='Input.NewPassword']", "A-new-and-long-passphrase");
        await page.FillAsync("[id='Input.ConfirmPassword']", "A-new-and-long-passphrase");
        await page.ScreenshotAsync(new() { Path = Path.Combine(TestPaths.TestResults, "change-password-zh.png") });
        await page.ClickAsync("[data-testid=change-password-submit]");

        // The dashboard, in Chinese.
        await page.WaitForURLAsync(new Regex("/$"));
        await BrowserSession.WaitForInteractiveAsync(page);
        await Assertions.Expect(page.Locator("#page-title")).ToHaveTextAsync("工作台");
        await Assertions.Expect(page.Locator("[data-testid=stat-active-users] [data-testid=value]")).ToHaveTextAsync("1");

        // Switch to English and back.
        await page.ClickAsync("[data-testid=language-menu] button");
        await page.ClickAsync("[data-testid=lang-en]");
        await BrowserSession.WaitForInteractiveAsync(page);
        await Assertions.Expect(page.Locator("#page-title")).ToHaveTextAsync("Dashboard");
        Assert.Equal("en-US", await page.GetAttributeAsync("html", "lang"));
        await page.ScreenshotAsync(new() { Path = Path.Combine(TestPaths.TestResults, "dashboard-en.png"), FullPage = true });
        await page.ClickAsync("[data-testid=language-menu] button");
        await page.ClickAsync("[data-testid=lang-zh]");
        await BrowserSession.WaitForInteractiveAsync(page);
        await Assertions.Expect(page.Locator("#page-title")).ToHaveTextAsync("工作台");
        await page.ScreenshotAsync(new() { Path = Path.Combine(TestPaths.TestResults, "dashboard-zh.png"), FullPage = true });

        // Create a user through the Users page's dialog: the temporary password is shown once.
        await page.GotoAsync("/users");
        await BrowserSession.WaitForInteractiveAsync(page);
        await page.ClickAsync("[data-testid=user-create]");
        await page.Locator("[data-testid=user-email] input, input[data-testid=user-email]").First.FillAsync("li.mianshi@example.com");
        await page.Locator("[data-testid=user-name] input, input[data-testid=user-name]").First.FillAsync("李面试");
        await page.Locator("[data-testid=role-Interviewer] input, input[data-testid=role-Interviewer]").First.CheckAsync();
        await page.ClickAsync("[data-testid=user-save]");
        var temporary = page.Locator("[data-testid=temp-password] input, input[data-testid=temp-password]").First;
        await Assertions.Expect(temporary).ToHaveValueAsync(new Regex("^[A-Za-z0-9]{16}$"));
        await page.ScreenshotAsync(new() { Path = Path.Combine(TestPaths.TestResults, "users-temp-password.png") });
        await page.ClickAsync("[data-testid=temp-password-done]");
        await Assertions.Expect(page.Locator("[data-testid=users-table]")).ToContainTextAsync("li.mianshi@example.com");

        // Verify the audit trail from its page; the entry records who did it and from where (the circuit's origin).
        await page.GotoAsync("/audit");
        await BrowserSession.WaitForInteractiveAsync(page);
        await page.ClickAsync("[data-testid=audit-verify]");
        await Assertions.Expect(page.Locator("[data-testid=audit-verify-result]")).ToContainTextAsync("审计链完整");
        await page.ScreenshotAsync(new() { Path = Path.Combine(TestPaths.TestResults, "audit-zh.png"), FullPage = true });
        var verified = await app.WithDbAsync(db => db.AuditEntries.AsNoTracking().SingleAsync(a => a.Action == AuditActions.AuditVerified));
        var created = await app.WithDbAsync(db => db.AuditEntries.AsNoTracking().SingleAsync(a => a.Action == AuditActions.UserCreated));
        var adminId = await app.WithDbAsync(db => db.Users.Where(u => u.Email == PortalAppFactory.AdminEmail).Select(u => u.Id).SingleAsync());
        Assert.Equal(adminId, verified.ActorId);
        Assert.Equal(adminId, created.ActorId);
        Assert.Equal("127.0.0.1", verified.IpAddress);
        Assert.Contains("HeadlessChrome", verified.UserAgent);

        // The jobs dashboard, for admins.
        var jobs = await page.GotoAsync("/jobs");
        Assert.Equal(200, jobs!.Status);
        await page.ScreenshotAsync(new() { Path = Path.Combine(TestPaths.TestResults, "jobs.png"), FullPage = true });
        await page.GotoAsync("/jobs/recurring");
        await Assertions.Expect(page.Locator("body")).ToContainTextAsync("database-maintenance");

        Assert.DoesNotContain(browser.ConsoleErrors, e => e.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>
    /// The open page's circuit re-checks its user every Identity:RevalidationInterval; a disabled user is signed out at the
    /// next check. The interval is 2 s here so the suite does not wait out the default 30 s; that the default and every
    /// accepted setting are at most a minute is ConfigurationTests.RevalidationInterval_DefaultsToAtMostOneMinute_….
    /// </summary>
    [BrowserFact]
    public async Task DisabledUser_IsSignedOutOfAnOpenPage_AtTheCircuitsNextRevalidation()
    {
        var interval = TimeSpan.FromSeconds(2);
        await using var app = new PortalAppFactory(new() { ["Identity:RevalidationInterval"] = interval.ToString() }, realServer: true);
        app.StartServer();
        var id = await TestUsers.CreateAsync(app.Services, "leaver@example.com", Roles.HR);
        var otherAdmin = await TestUsers.CreateAsync(app.Services, "second.admin@example.com", Roles.Admin);
        await using var browser = await BrowserSession.StartAsync();
        var page = await browser.NewPageAsync(app.ServerAddress);
        await BrowserSession.SignInAsync(page, "leaver@example.com");
        await BrowserSession.WaitForInteractiveAsync(page);

        // An admin disables the account through the same service the Users page uses.
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await AdminActor.RunAsAsync(scope.ServiceProvider, otherAdmin, services => services.GetRequiredService<UserAdminService>().SetDisabledAsync(id, true));
        }

        var disabledAt = DateTime.UtcNow;
        await page.WaitForURLAsync(new Regex("/Account/Login"), new() { Timeout = 60_000 });
        // The next check comes within one interval; the rest is the page going to the sign-in (generous for a busy CI).
        Assert.True(DateTime.UtcNow - disabledAt < interval + TimeSpan.FromSeconds(15), $"signed out after {DateTime.UtcNow - disabledAt}");
    }
}
