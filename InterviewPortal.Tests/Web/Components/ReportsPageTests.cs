using Bunit;
using InterviewPortal.Domain.Identity;
using InterviewPortal.Tests.TestSupport;
using InterviewPortal.Web.Features.Reports;

namespace InterviewPortal.Tests.Web.Components;

public sealed class ReportsPageTests
{
    [Fact]
    public async Task TheReportsPage_ShowsEachFiguresChart_ItsTableOneClickAway_AndTheExplanation()
    {
        await using var ctx = PortalBunitContext.Create("en-US", Roles.HR);

        var page = ctx.Render<ReportsPage>(p => p.Add(x => x.Kind, "NoShows"));

        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("[data-testid=report-chart]").Count));
        Assert.Contains("The denominator is the interviews that reached an attendance outcome", page.Find("[data-testid=report-explanation]").TextContent);
        Assert.Equal(7, page.FindAll("[data-testid^=report-kind-]").Count);
        page.Find("[data-testid=report-table-by-round] [data-testid=show-table]").Click();
        page.WaitForAssertion(() => Assert.Equal(6, page.FindAll("[data-testid=report-table-by-round] [data-testid=report-grid] tbody tr").Count));
    }

    [Fact]
    public async Task AnAgencyUser_IsOfferedOnlyTheReportsAboutTheirOwnCandidates()
    {
        await using var ctx = PortalBunitContext.Create("zh-CN", Roles.Agency);

        var page = ctx.Render<ReportsPage>();

        page.WaitForAssertion(() => Assert.Equal(4, page.FindAll("[data-testid^=report-kind-]").Count));
        Assert.Empty(page.FindAll("[data-testid=report-kind-InterviewerLoad]"));
    }
}
