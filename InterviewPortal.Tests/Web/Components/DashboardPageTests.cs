using Bunit;
using InterviewPortal.Domain.Identity;
using InterviewPortal.Tests.TestSupport;
using InterviewPortal.Web.Data;
using InterviewPortal.Web.Features.Audit;
using InterviewPortal.Web.Features.Dashboard;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace InterviewPortal.Tests.Web.Components;

public sealed class DashboardPageTests
{
    private static async Task SeedUsersAsync(PortalBunitContext ctx, int active, int disabled)
    {
        var factory = ctx.Services.GetRequiredService<IDbContextFactory<AppDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        for (var i = 0; i < active + disabled; i++)
        {
            db.Users.Add(new ApplicationUser { UserName = $"u{i}@example.com", Email = $"u{i}@example.com", DisplayName = $"U{i}", IsDisabled = i >= active });
        }

        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task Dashboard_ShowsRealCountsFromTheDatabase_ToAnAdmin()
    {
        await using var ctx = PortalBunitContext.Create("zh-CN", Roles.Admin);
        await SeedUsersAsync(ctx, active: 3, disabled: 1);
        await ctx.Services.GetRequiredService<AuditTrail>().RecordAsync(AuditActions.SignInSucceeded, "User", "u0");

        var page = ctx.Render<DashboardPage>();

        page.WaitForAssertion(() =>
        {
            Assert.Equal("3", page.Find("[data-testid=stat-active-users] [data-testid=value]").TextContent.Trim());
            Assert.Equal("1", page.Find("[data-testid=stat-disabled-users] [data-testid=value]").TextContent.Trim());
            Assert.Equal("1", page.Find("[data-testid=stat-signins] [data-testid=value]").TextContent.Trim());
            Assert.Equal("1", page.Find("[data-testid=stat-audit] [data-testid=value]").TextContent.Trim());
        });
        Assert.Contains("启用中的用户", page.Markup);
        Assert.Contains("测试用户，您好", page.Markup);
    }

    [Fact]
    public async Task Dashboard_ShowsAnInterviewerTheirInterviewNumbers_ButNoAdminCounts()
    {
        await using var ctx = PortalBunitContext.Create("en-US", Roles.Interviewer);

        var page = ctx.Render<DashboardPage>();

        page.WaitForAssertion(() => Assert.Equal("0", page.Find("[data-testid=stat-interviews-today] [data-testid=value]").TextContent.Trim()));
        Assert.Contains("Interviews in the next 7 days", page.Markup);
        Assert.Empty(page.FindAll("[data-testid=stat-active-users]"));
    }

    [Fact]
    public async Task Dashboard_ShowsTheWelcome_ToAnAuditorWithNothingToCount()
    {
        await using var ctx = PortalBunitContext.Create("en-US", Roles.Auditor);

        var page = ctx.Render<DashboardPage>();

        page.WaitForAssertion(() => Assert.Contains("stat-audit", page.Markup));
        Assert.Empty(page.FindAll("[data-testid=stat-interviews-today]"));
    }
}
