using System.Globalization;
using ClosedXML.Excel;
using InterviewPortal.Domain.Identity;
using InterviewPortal.Tests.TestSupport;
using InterviewPortal.Web.Features.Demo;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace InterviewPortal.Tests.EndToEnd;

/// <summary>An HR user on the demo company: the dashboard, then the no-show report's chart, its table and its XLSX export, which must agree.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ReportsJourneyTests
{
    [BrowserFact]
    public async Task HR_SeesTheDashboard_AndTheNoShowReport_WhoseChartTableAndXlsxExportAgree()
    {
        await using var app = new PortalAppFactory(realServer: true);
        app.StartServer();
        DemoSeedResult seeded;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            seeded = await scope.ServiceProvider.GetRequiredService<DemoDataSeeder>().SeedAsync(DemoDataSeeder.DefaultSeed);
        }

        Assert.True(seeded.Seeded, seeded.Refusal);
        var hr = seeded.Accounts.First(a => a.Role == Roles.HR);
        await using var browser = await BrowserSession.StartAsync();
        var page = await browser.NewPageAsync(app.ServerAddress);

        await BrowserSession.SignInAsync(page, hr.Email, DemoDataSeeder.Password);
        await BrowserSession.WaitForInteractiveAsync(page);

        // The dashboard: this week's interviews with their live status, feedback pending and the permission card.
        await Assertions.Expect(page.Locator("[data-testid=agenda-table] tbody tr").First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=permission-card]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=stat-interviews-week] [data-testid=value]")).Not.ToHaveTextAsync("0");

        // The no-show report over the default range (the last 12 weeks), by agency.
        await page.GotoAsync("/reports/NoShows");
        await BrowserSession.WaitForInteractiveAsync(page);
        var byAgency = page.Locator("[data-testid=report-table-by-agency]");
        await Assertions.Expect(byAgency.Locator("[data-testid=report-chart]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=report-explanation]")).ToContainTextAsync("分母");
        var chartValues = (await byAgency.Locator(".mud-chart-value-label").AllTextContentsAsync())
            .Select(t => double.Parse(t.Trim().TrimEnd('%').Trim(), CultureInfo.InvariantCulture)).Where(v => v != 0).Order().ToList();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(TestPaths.TestResults, "reports-no-shows-chart.png"), FullPage = true });

        await byAgency.Locator("[data-testid=show-table]").ClickAsync();
        var rows = byAgency.Locator("[data-testid=report-grid] tbody tr");
        await Assertions.Expect(rows.First).ToBeVisibleAsync();
        var table = new List<(string Label, double?[] Values)>();
        foreach (var row in await rows.AllAsync())
        {
            var label = (await row.Locator("th").TextContentAsync())!.Trim();
            var values = new List<double?>();
            foreach (var cell in await row.Locator("td").AllAsync())
            {
                var v = await cell.GetAttributeAsync("data-value");
                values.Add(string.IsNullOrEmpty(v) ? null : double.Parse(v, CultureInfo.InvariantCulture));
            }

            table.Add((label, [.. values]));
        }

        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(TestPaths.TestResults, "reports-no-shows-table.png"), FullPage = true });
        Assert.True(table.Count >= 4, $"three demo agencies, direct candidates and the total; got {table.Count} rows");
        var total = table[^1].Values;
        Assert.True(total[0] > 0 && total[1] > 0, "the demo data has interviews with an outcome and candidate no-shows");
        Assert.Equal(total[0], table.SkipLast(1).Sum(r => r.Values[0]));
        Assert.Equal(Math.Round(100.0 * total[1]!.Value / total[0]!.Value, 1, MidpointRounding.AwayFromZero), total[3]);
        // The chart draws the two rates (columns 4 and 5) of every row but the total: the same numbers.
        var charted = table.SkipLast(1).SelectMany(r => new[] { r.Values[3] ?? 0, r.Values[4] ?? 0 }).Where(v => v != 0).Order().ToList();
        Assert.Equal(charted, chartValues);

        // The XLSX export downloads and holds the same rows.
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("[data-testid=report-export-xlsx]"));
        Assert.EndsWith(".xlsx", download.SuggestedFilename);
        await using var file = File.OpenRead(await download.PathAsync());
        using var book = new XLWorkbook(file);
        var sheet = book.Worksheets.First();
        for (var r = 0; r < table.Count; r++)
        {
            Assert.Equal(table[r].Label, sheet.Cell(5 + r, 1).GetString());
            for (var c = 0; c < table[r].Values.Length; c++)
            {
                var cell = sheet.Cell(5 + r, 2 + c);
                Assert.Equal(table[r].Values[c], cell.IsEmpty() ? null : cell.GetDouble());
            }
        }
    }
}
