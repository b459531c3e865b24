using System.IO.Compression;
using InterviewPortal.Tests.TestSupport;
using InterviewPortal.Web.Features.Audit;
using InterviewPortal.Web.Features.Interviews;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace InterviewPortal.Tests.EndToEnd;

/// <summary>HR answers a candidate's requests in the browser: records a paper consent, exports the data, erases them.</summary>
[Collection(BrowserCollection.Name)]
public sealed class PrivacyJourneyTests
{
    [BrowserFact]
    public async Task HR_RecordsAConsent_ExportsTheCandidatesData_AndErasesThemAfterConfirming()
    {
        await using var app = new PortalAppFactory(realServer: true);
        app.StartServer();
        var w = await RecruitingWorld.CreateAsync(app);
        // The candidate's interview was called off earlier (an interview still to happen must be cancelled before an erasure).
        await w.AsHrAsync(sp => sp.GetRequiredService<InterviewService>().CancelAsync(w.InterviewA, "候选人放弃面试"));
        var email = await app.WithDbAsync(db => db.Users.Where(u => u.Id == w.Hr).Select(u => u.Email!).SingleAsync());
        await using var browser = await BrowserSession.StartAsync();
        var page = await browser.NewPageAsync(app.ServerAddress);
        await BrowserSession.SignInAsync(page, email);

        await page.GotoAsync($"/candidates/{w.CandidateA}");
        await BrowserSession.WaitForInteractiveAsync(page);
        await Assertions.Expect(page.Locator("#page-title")).ToHaveTextAsync("张三");
        await Assertions.Expect(page.Locator("[data-testid=consent-state-PersonalData]")).ToContainTextAsync("未询问");

        // A consent given on paper (the dialog's defaults: personal data, given, on paper) with the notice's version.
        await page.ClickAsync("[data-testid=consent-record]");
        await page.FillAsync("[data-testid=consent-notice]", "2026.1");
        await page.ClickAsync("[data-testid=consent-save]");
        await Assertions.Expect(page.Locator("[data-testid=consent-state-PersonalData]")).ToContainTextAsync("已同意");
        await Assertions.Expect(page.Locator("[data-testid=consent-history]")).ToContainTextAsync("纸质");

        // The export downloads a zip holding the JSON document.
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("[data-testid=candidate-export]"));
        Assert.Equal($"candidate-{w.CandidateA:N}.zip", download.SuggestedFilename);
        using (var zip = new ZipArchive(File.OpenRead(await download.PathAsync())))
        {
            await using var json = await zip.GetEntry("candidate.json")!.OpenAsync();
            Assert.Contains("张三", await new StreamReader(json).ReadToEndAsync());
        }

        // Erasure: the button stays disabled until a reason is given and the confirmation ticked.
        await page.ClickAsync("[data-testid=candidate-erase]");
        await Assertions.Expect(page.Locator("[data-testid=erase-submit]")).ToBeDisabledAsync();
        await page.FillAsync("[data-testid=erase-reason]", "候选人邮件要求删除");
        // The reason reaches the circuit when its field loses focus: blurred first, its change is not still on its way
        // (and re-rendering the dialog) while the box is ticked, which once left the box unticked under load.
        await page.Locator("[data-testid=erase-reason]").BlurAsync();
        await BrowserSession.TickAsync(page.Locator("[data-testid=erase-confirm]"));
        await Assertions.Expect(page.Locator("[data-testid=erase-submit]")).ToBeEnabledAsync();
        await page.ClickAsync("[data-testid=erase-submit]");
        await Assertions.Expect(page.Locator("[data-testid=candidate-anonymised]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#page-title")).ToHaveTextAsync($"候选人 #{w.CandidateA.ToString("N")[..8]}");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(TestPaths.TestResults, "privacy-erased-candidate.png"), FullPage = true });

        var actions = await app.WithDbAsync(db => db.AuditEntries.Where(e => e.TargetId == w.CandidateA.ToString()).Select(e => e.Action).ToListAsync());
        Assert.Contains(AuditActions.ConsentRecorded, actions);
        Assert.Contains(AuditActions.CandidateExported, actions);
        Assert.Contains(AuditActions.CandidateErased, actions);
        Assert.Empty(browser.ConsoleErrors);
    }
}
