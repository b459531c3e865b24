using Bunit;
using InterviewPortal.Domain.Identity;
using InterviewPortal.Tests.TestSupport;
using InterviewPortal.Web.Data;
using InterviewPortal.Web.Features.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace InterviewPortal.Tests.Web.Components;

public sealed class AuditPageTests
{
    [Fact]
    public async Task AuditPage_ListsEntries_AndTheVerifyButtonReportsAnIntactChain()
    {
        await using var ctx = PortalBunitContext.Create("zh-CN", Roles.Auditor);
        var audit = ctx.Services.GetRequiredService<AuditTrail>();
        await audit.RecordAsync(AuditActions.UserCreated, "User", "user-1", "roles: HR");
        await audit.RecordAsync(AuditActions.UserDisabled, "User", "user-1", "enabled -> disabled");

        var page = ctx.Render<AuditPage>();
        page.WaitForAssertion(() => Assert.Contains("User.Disabled", page.Markup));
        page.Find("[data-testid=audit-verify]").Click();

        page.WaitForAssertion(() => Assert.Contains("审计链完整", page.Find("[data-testid=audit-verify-result]").TextContent));
        var factory = ctx.Services.GetRequiredService<IDbContextFactory<AppDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        var verified = await db.AuditEntries.AsNoTracking().SingleAsync(a => a.Action == AuditActions.AuditVerified);
        Assert.Equal(ctx.UserId, verified.ActorId);
        Assert.Equal(Roles.Auditor, verified.ActorRole);
    }

    [Fact]
    public async Task AuditPage_LinksEachEntryToItsTarget_AndTheExportCarriesTheFilter()
    {
        await using var ctx = PortalBunitContext.Create("zh-CN", Roles.Auditor);
        var audit = ctx.Services.GetRequiredService<AuditTrail>();
        var candidate = Guid.NewGuid();
        var interview = Guid.NewGuid();
        await audit.RecordAsync(AuditActions.CandidateViewed, "Candidate", candidate.ToString());
        await audit.RecordAsync(AuditActions.VideoTokenIssued, "Interview", interview.ToString(), "portal user");

        var page = ctx.Render<AuditPage>();

        page.WaitForAssertion(() => Assert.Contains("Video.TokenIssued", page.Markup));
        var links = page.FindAll("[data-testid=audit-target-link]").Select(a => a.GetAttribute("href")).ToList();
        Assert.Contains($"candidates/{candidate}", links);
        Assert.Contains($"interviews/{interview}", links);
        Assert.Equal($"audit/sessions/{interview}", Assert.Single(page.FindAll("[data-testid=audit-session-link]")).GetAttribute("href"));
        Assert.Equal("audit/export.csv", page.Find("[data-testid=audit-export]").GetAttribute("href"));
    }

    [Fact]
    public async Task AuditPage_SavesTheCurrentFilterUnderAName_AndAppliesItAgain()
    {
        await using var ctx = PortalBunitContext.Create("zh-CN", Roles.Auditor);
        var factory = ctx.Services.GetRequiredService<IDbContextFactory<AppDbContext>>();
        await using (var db = await factory.CreateDbContextAsync())
        {
            db.Users.Add(new ApplicationUser { Id = ctx.UserId, UserName = "tester@example.com", Email = "tester@example.com", DisplayName = "测试用户", SecurityStamp = "s" });
            await db.SaveChangesAsync();
        }

        var audit = ctx.Services.GetRequiredService<AuditTrail>();
        await audit.RecordAsync(AuditActions.CandidateViewed, "Candidate", "cand-1");
        await audit.RecordAsync(AuditActions.UserDisabled, "User", "user-1");
        await using (var scope = ctx.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<AuditLogService>().SaveFilterAsync("只看停用", new AuditFilter(Action: AuditActions.UserDisabled));
        }

        var page = ctx.Render<AuditPage>();
        page.WaitForAssertion(() => Assert.Contains("Candidate.Viewed", page.Find("[data-testid=audit-table]").TextContent));

        page.Find("[data-testid=audit-saved-filter]").Click();

        page.WaitForAssertion(() =>
        {
            var table = page.Find("[data-testid=audit-table]").TextContent;
            Assert.Contains("User.Disabled", table);
            Assert.DoesNotContain("Candidate.Viewed", table);
        });
        Assert.Equal("audit/export.csv?action=User.Disabled", page.Find("[data-testid=audit-export]").GetAttribute("href"));
    }
}
