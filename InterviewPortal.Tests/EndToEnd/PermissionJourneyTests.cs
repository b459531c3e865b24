using System.Text.RegularExpressions;
using InterviewPortal.Domain.Identity;
using InterviewPortal.Domain.Permission;
using InterviewPortal.Tests.TestSupport;
using InterviewPortal.Web.Features.Permission;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace InterviewPortal.Tests.EndToEnd;

/// <summary>HR, in Chinese, from a new application to Enabled: category warning, uploads and refusals, a rejection and a resubmission.</summary>
[Collection(BrowserCollection.Name)]
public sealed class PermissionJourneyTests
{
    [BrowserFact]
    public async Task HR_IsWarnedAboutTheRecruitingCategory_UploadsAndIsRefusedBadFiles_IsShownWhatIsMissing_IsRejectedOnce_AndReachesEnabled()
    {
        await using var app = new PortalAppFactory(realServer: true);
        app.StartServer();
        await TestUsers.CreateAsync(app.Services, "hr.zhou@example.com", Roles.HR);
        // A candidate already holds an invitation before the permission is switched on.
        var world = await RecruitingWorld.CreateAsync(app);
        await using var browser = await BrowserSession.StartAsync();
        var page = await browser.NewPageAsync(app.ServerAddress);
        const string company = "上海面试通信息科技有限公司";

        await BrowserSession.SignInAsync(page, "hr.zhou@example.com");
        await page.GotoAsync($"/interviews/{world.InterviewA}/invitation");
        await Assertions.Expect(page.Locator("[data-testid=invitation-join-mode]")).ToHaveTextAsync("H5 网页加入");

        await Assertions.Expect(page.Locator("[data-testid=nav-permission]")).ToHaveTextAsync("直播权限申请");
        await page.GotoAsync("/permission");
        await BrowserSession.WaitForInteractiveAsync(page);
        await Input(page, "start-appid").FillAsync("wx0123456789abcdef");
        await Input(page, "start-product").FillAsync("面试通");
        await page.ClickAsync("[data-testid=start-save]");
        await BrowserSession.WaitForCircuitNavigationAsync(page, new Regex("/permission/[0-9a-f-]{36}$"));
        await BrowserSession.WaitForInteractiveAsync(page);
        await Assertions.Expect(page.Locator("[data-testid=permission-state]")).ToHaveTextAsync("未开始");

        // The guide's recruiting category: allowed, with a warning naming the eligible alternative and the check date.
        await PickAsync(page, "category-select", "商业服务 › 招聘/求职 › 在线面试");
        var warning = page.Locator("[data-testid=category-warning]");
        await Assertions.Expect(warning).ToContainTextAsync("IT科技 › 多方通信");
        await Assertions.Expect(warning).ToContainTextAsync(PermissionSeed.CategoriesCheckedOn.ToString("yyyy-MM-dd"));
        await Assertions.Expect(page.Locator("[data-testid=permission-state]")).ToHaveTextAsync("准备中");
        await page.ScreenshotAsync(new() { Path = Path.Combine(TestPaths.TestResults, "permission-category-warning-zh.png"), FullPage = true });
        await PickAsync(page, "category-select", "IT科技 › 多方通信");
        await Assertions.Expect(page.Locator("[data-testid=category-ok]")).ToBeVisibleAsync();
        await Assertions.Expect(warning).ToHaveCountAsync(0);

        // Uploads: a valid PNG licence (dimensions shown), a 3 MB JPEG and a PDF renamed .png (both refused, naming the rule).
        await Upload(page, MaterialKind.BusinessLicence, "营业执照.png", "image/png", TestImages.Png(640, 452));
        await Assertions.Expect(page.Locator("[data-testid=material-dims-BusinessLicence]")).ToContainTextAsync("640×452");
        await Upload(page, MaterialKind.ScreenshotHome, "首页.jpg", "image/jpeg", TestImages.Jpeg(1242, 2208, totalBytes: 3 * 1024 * 1024));
        await Assertions.Expect(page.Locator("[data-testid=upload-error]")).ToContainTextAsync("必须小于 2 MB");
        await Upload(page, MaterialKind.ScreenshotVideoInterview, "视频面试.png", "image/png", TestImages.Pdf());
        await Assertions.Expect(page.Locator("[data-testid=upload-error]")).ToContainTextAsync("只接受 JPG 或 PNG");
        await Assertions.Expect(page.Locator("[data-testid=material-dims-ScreenshotHome]")).ToHaveCountAsync(0);

        // Submit with items missing: refused with the list.
        await page.ClickAsync("[data-testid=permission-submit]");
        var missing = page.Locator("[data-testid=submit-missing]");
        await Assertions.Expect(missing).ToContainTextAsync("ICP备案号已填写");
        await Assertions.Expect(missing).ToContainTextAsync("业务说明已填写");
        await Assertions.Expect(page.Locator("[data-testid=permission-state]")).ToHaveTextAsync("准备中");

        // Complete: licence company, ICP filing, generated description (live preview), then submit.
        await Input(page, "licence-company").FillAsync(company);
        await Input(page, "icp-number").FillAsync("沪ICP备20261125号-1");
        await Input(page, "icp-entity").FillAsync(company);
        await page.ClickAsync("[data-testid=filing-save]");
        await Assertions.Expect(page.Locator("[data-testid=filing-error]")).ToHaveCountAsync(0);
        await page.ClickAsync("[data-testid=description-generate]");
        await Assertions.Expect(page.Locator("[data-testid=description-preview]")).ToContainTextAsync("5. 安全保障");
        await Assertions.Expect(page.Locator("[data-testid=description-preview]")).ToContainTextAsync(company);
        await page.ClickAsync("[data-testid=description-save]");
        await page.ClickAsync("[data-testid=permission-submit]");
        await Assertions.Expect(page.Locator("[data-testid=permission-state]")).ToHaveTextAsync("已提交");
        await Assertions.Expect(page.Locator("[data-testid=review-clock]")).ToContainTextAsync("0 个工作日");

        // Under review, rejected with a reason, back to preparing as submission 2.
        await page.ClickAsync("[data-testid=permission-under-review]");
        await Assertions.Expect(page.Locator("[data-testid=permission-state]")).ToHaveTextAsync("审核中");
        await page.ClickAsync("[data-testid=permission-reject]");
        await PickAsync(page, "reject-reason", "业务描述不明确");
        await Input(page, "reject-note").FillAsync("请补充面试流程说明");
        await page.ClickAsync("[data-testid=reject-confirm]");
        await Assertions.Expect(page.Locator("[data-testid=permission-state]")).ToHaveTextAsync("准备中");
        await Assertions.Expect(page.Locator("text=第 2 次提交").First).ToBeVisibleAsync();
        var first = page.Locator("[data-testid=submission-1]");
        await Assertions.Expect(first).ToContainTextAsync("业务描述不明确");
        await Assertions.Expect(first).ToContainTextAsync("请补充面试流程说明");
        await Assertions.Expect(first).ToContainTextAsync("营业执照.png");
        await page.ScreenshotAsync(new() { Path = Path.Combine(TestPaths.TestResults, "permission-rejected-zh.png"), FullPage = true });

        // Resubmit, approve, tick both switches → Enabled.
        await page.ClickAsync("[data-testid=permission-submit]");
        await Assertions.Expect(page.Locator("[data-testid=permission-state]")).ToHaveTextAsync("已提交");
        await Assertions.Expect(page.Locator("[data-testid=submission-1]")).ToContainTextAsync("请补充面试流程说明");
        await page.ClickAsync("[data-testid=permission-approve]");
        await Assertions.Expect(page.Locator("[data-testid=permission-state]")).ToHaveTextAsync("已通过");
        await page.ClickAsync("[data-testid=tick-LivePlayer]");
        await Assertions.Expect(page.Locator("[data-testid=switch-LivePlayer]")).ToContainTextAsync("hr.zhou");
        await Assertions.Expect(page.Locator("[data-testid=permission-state]")).ToHaveTextAsync("已通过");
        await page.ClickAsync("[data-testid=tick-LivePusher]");
        await Assertions.Expect(page.Locator("[data-testid=permission-state]")).ToHaveTextAsync("已开通");
        await Assertions.Expect(page.Locator("[data-testid=permission-join-mode]")).ToHaveTextAsync("原生音视频加入");
        await page.ScreenshotAsync(new() { Path = Path.Combine(TestPaths.TestResults, "permission-enabled-zh.png"), FullPage = true });

        // The hand-over: the invitation issued before the switch now answers the native mode, without being re-sent.
        await page.GotoAsync($"/interviews/{world.InterviewA}/invitation");
        await Assertions.Expect(page.Locator("[data-testid=invitation-join-mode]")).ToHaveTextAsync("原生音视频加入");
        await using var scope = app.Services.CreateAsyncScope();
        Assert.Equal(JoinMode.NativePusher, await scope.ServiceProvider.GetRequiredService<JoinModeService>().CurrentAsync("wx0123456789abcdef"));
        Assert.DoesNotContain(browser.ConsoleErrors, e => e.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase));
    }

    private static Task Upload(IPage page, MaterialKind kind, string name, string mime, byte[] content) =>
        page.Locator($"[data-testid=upload-{kind}] input[type=file]").SetInputFilesAsync(new FilePayload { Name = name, MimeType = mime, Buffer = content });

    private static ILocator Input(IPage page, string testId) =>
        page.Locator($"[data-testid={testId}] input:not([type=hidden]), input[data-testid={testId}], [data-testid={testId}] textarea, textarea[data-testid={testId}]").First;

    private static async Task PickAsync(IPage page, string testId, string text)
    {
        await page.Locator($"[data-testid={testId}]").First.ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasTextString = text }).First.ClickAsync();
    }
}
