using System.Text;
using InterviewPortal.Domain.Identity;
using InterviewPortal.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace InterviewPortal.Tests.EndToEnd;

[Collection(BrowserCollection.Name)]
public sealed class CandidateImportJourneyTests
{
    [BrowserFact]
    public async Task HR_DownloadsTheTemplate_UploadsAFile_SeesTheReport_AndImportsOnConfirm()
    {
        await using var app = new PortalAppFactory(realServer: true);
        app.StartServer();
        await TestUsers.CreateAsync(app.Services, "hr.import@example.com", Roles.HR);
        await using var browser = await BrowserSession.StartAsync();
        var page = await browser.NewPageAsync(app.ServerAddress);
        await BrowserSession.SignInAsync(page, "hr.import@example.com");

        await page.GotoAsync("/candidates/import");
        await BrowserSession.WaitForInteractiveAsync(page);
        await Assertions.Expect(page.Locator("#page-title")).ToHaveTextAsync("批量导入候选人");
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("[data-testid=import-template]"));
        Assert.Equal("候选人导入模板.csv", download.SuggestedFilename);

        // A GBK file, as Chinese Excel saves it: one good row, one bad phone.
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var csv = "姓名,手机号,邮箱,来源\r\n张伟,13911112222,zhangwei@example.com,直接投递\r\n王芳,1391111,,内部推荐\r\n";
        await page.Locator("input[type=file]").SetInputFilesAsync(new FilePayload
        {
            Name = "候选人.csv", MimeType = "text/csv", Buffer = Encoding.GetEncoding("GBK").GetBytes(csv),
        });

        await Assertions.Expect(page.Locator("[data-testid=problem-row]")).ToHaveTextAsync(["3"]);
        await Assertions.Expect(page.Locator("[data-testid=problem-message]")).ToHaveTextAsync(["请输入有效的中国大陆手机号（11 位，以 1 开头）。"]);
        await Assertions.Expect(page.Locator("[data-testid=import-confirm]")).ToHaveTextAsync("导入 1 条有效记录");
        await page.ScreenshotAsync(new() { Path = Path.Combine(TestPaths.TestResults, "candidate-import-report-zh.png"), FullPage = true });
        Assert.Equal(0, await app.WithDbAsync(db => db.Candidates.CountAsync()));

        await page.ClickAsync("[data-testid=import-confirm]");

        await Assertions.Expect(page.Locator("[data-testid=import-done]")).ToContainTextAsync("已导入 1 名候选人");
        Assert.Equal(["张伟"], await app.WithDbAsync(db => db.Candidates.Select(c => c.Name).ToListAsync()));
        Assert.Empty(browser.ConsoleErrors);
    }
}
