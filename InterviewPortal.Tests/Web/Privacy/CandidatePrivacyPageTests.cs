using Bunit;
using InterviewPortal.Domain.Identity;
using InterviewPortal.Domain.Interviews;
using InterviewPortal.Domain.Recruiting;
using InterviewPortal.Tests.TestSupport;
using InterviewPortal.Web.Data;
using InterviewPortal.Web.Features.Audit;
using InterviewPortal.Web.Features.Recruiting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace InterviewPortal.Tests.Web.Privacy;

/// <summary>The candidate page's privacy parts: consents, the erasure confirmation, and what an interviewer sees.</summary>
public sealed class CandidatePrivacyPageTests
{
    private static async Task<Guid> SeedAsync(PortalBunitContext ctx)
    {
        var now = DateTime.UtcNow;
        await using var db = await ctx.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        db.Users.Add(new ApplicationUser { Id = ctx.UserId, UserName = "me@example.com", Email = "me@example.com", DisplayName = "测试用户" });
        var position = InterviewPortal.Domain.Recruiting.Position.Create(Guid.NewGuid(), "后端工程师", "研发部", "上海", ctx.UserId, [], now);
        var candidate = Candidate.Create(Guid.NewGuid(), "张三", "13800138000", "zhang.san@example.com", CandidateSource.Direct, null, [position.Id], null, now.AddDays(-3));
        // An interview that has taken place (one still to happen would have to be cancelled before an erasure).
        var interview = Interview.Schedule(Guid.NewGuid(), candidate.Id, position.Id, null, InterviewRound.Technical, now.AddHours(-3), 60, [ctx.UserId], null, null, ctx.UserId, now.AddDays(-2));
        interview.ChangeStatus(InterviewStatus.InProgress, null, ctx.UserId, now.AddHours(-3));
        interview.ChangeStatus(InterviewStatus.Completed, null, ctx.UserId, now.AddHours(-2));
        db.AddRange(position, candidate, interview);
        db.ConsentRecords.Add(ConsentRecord.Record(candidate.Id, ConsentKind.Recording, true, "rec.1", ConsentChannel.MiniProgram, interview.Id, now.AddHours(-1)));
        await db.SaveChangesAsync();
        return candidate.Id;
    }

    [Fact]
    public async Task ForHr_ConsentsAreShown_AndErasureNeedsAReasonAndAConfirmation_ThenTheProfileIsAnonymised()
    {
        await using var ctx = PortalBunitContext.Create("zh-CN", Roles.HR);
        var id = await SeedAsync(ctx);
        var provider = ctx.Render<MudDialogProvider>();

        var page = ctx.Render<CandidateDetailsPage>(p => p.Add(x => x.Id, id));

        page.WaitForAssertion(() => Assert.Contains("已同意", page.Find("[data-testid=consent-state-Recording]").TextContent));
        Assert.Contains("未询问", page.Find("[data-testid=consent-state-PersonalData]").TextContent);
        Assert.Contains("候选人本人", page.Find("[data-testid=consent-history]").TextContent);
        Assert.Equal("13800138000", page.Find("[data-testid=candidate-phone-full]").TextContent);
        Assert.Equal($"candidates/{id}/export", page.Find("[data-testid=candidate-export]").GetAttribute("href"));

        page.Find("[data-testid=candidate-erase]").Click();
        provider.WaitForAssertion(() => Assert.Contains("张三", provider.Find("[data-testid=erase-warning]").TextContent));
        Assert.True(provider.Find("[data-testid=erase-submit]").HasAttribute("disabled"));
        provider.Find("textarea[data-testid=erase-reason], [data-testid=erase-reason] textarea").Change("候选人电话要求删除");
        provider.Find("input[data-testid=erase-confirm], [data-testid=erase-confirm] input").Change(true);
        provider.WaitForAssertion(() => Assert.False(provider.Find("[data-testid=erase-submit]").HasAttribute("disabled")));
        provider.Find("[data-testid=erase-submit]").Click();

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=candidate-anonymised]")));
        Assert.Empty(page.FindAll("[data-testid=candidate-erase]"));
        Assert.Empty(page.FindAll("[data-testid=consent-record]"));
        Assert.DoesNotContain("张三", page.Find("#page-title").TextContent);
        await using var db = await ctx.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        var audit = await db.AuditEntries.SingleAsync(e => e.Action == AuditActions.CandidateErased);
        Assert.Contains("候选人电话要求删除", audit.Summary);
    }

    [Fact]
    public async Task ForAnInterviewer_ContactsAreMasked_AndNoPrivacyActionIsOffered()
    {
        await using var ctx = PortalBunitContext.Create("zh-CN", Roles.Interviewer);
        var id = await SeedAsync(ctx);

        var page = ctx.Render<CandidateDetailsPage>(p => p.Add(x => x.Id, id));

        page.WaitForAssertion(() => Assert.Equal("138****8000", page.Find("[data-testid=candidate-phone-masked]").TextContent));
        Assert.Equal("z***@example.com", page.Find("[data-testid=candidate-email]").TextContent);
        Assert.DoesNotContain("13800138000", page.Markup);
        Assert.DoesNotContain("zhang.san@", page.Markup);
        Assert.Empty(page.FindAll("[data-testid=candidate-export]"));
        Assert.Empty(page.FindAll("[data-testid=candidate-erase]"));
        Assert.Empty(page.FindAll("[data-testid=consent-record]"));
        Assert.NotEmpty(page.FindAll("[data-testid=consent-panel]"));
    }
}
