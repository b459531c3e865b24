using Bunit;
using InterviewPortal.Domain.Identity;
using InterviewPortal.Tests.TestSupport;
using InterviewPortal.Web.Data;
using InterviewPortal.Web.Features.Scorecards;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace InterviewPortal.Tests.Web.Scorecards;

public sealed class CompetenciesPageTests
{
    [Fact]
    public async Task CompetenciesPage_ShowsTheSeededRound_AndRefusesABlankName_SavingNothing()
    {
        await using var ctx = PortalBunitContext.Create("zh-CN", Roles.HR);

        var page = ctx.Render<CompetenciesPage>();

        page.WaitForAssertion(() => Assert.Equal(4, page.FindAll("[data-testid=competency-row]").Count));
        Assert.Contains("岗位匹配", page.Markup);
        page.Find("[data-testid=competency-row] input").Change("");
        page.Find("[data-testid=competencies-save]").Click();

        page.WaitForAssertion(() => Assert.Equal("能力项名称不能为空。", page.Find("[data-testid=competency-error]").TextContent.Trim()));
        await using var db = await ctx.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        Assert.True(await db.Competencies.AnyAsync(c => c.Name == "岗位匹配"));
    }
}
