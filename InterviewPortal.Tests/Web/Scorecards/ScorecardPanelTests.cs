using Bunit;
using InterviewPortal.Domain.Identity;
using InterviewPortal.Domain.Interviews;
using InterviewPortal.Domain.Recruiting;
using InterviewPortal.Domain.Scorecards;
using InterviewPortal.Tests.TestSupport;
using InterviewPortal.Web.Data;
using InterviewPortal.Web.Features.Scorecards;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace InterviewPortal.Tests.Web.Scorecards;

public sealed class ScorecardPanelTests
{
    private const string Colleague = "colleague-b";

    /// <summary>An interview under way with the signed-in test user and a colleague on the panel; the colleague has submitted.</summary>
    private static async Task<Guid> SeedAsync(PortalBunitContext ctx)
    {
        var now = DateTime.UtcNow;
        await using var db = await ctx.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        db.Users.Add(new ApplicationUser { Id = ctx.UserId, UserName = "me@example.com", Email = "me@example.com", DisplayName = "测试用户" });
        db.Users.Add(new ApplicationUser { Id = Colleague, UserName = "b@example.com", Email = "b@example.com", DisplayName = "李面试官" });
        var position = Position.Create(Guid.NewGuid(), "后端工程师", "研发部", "上海", Colleague, [], now);
        var candidate = Candidate.Create(Guid.NewGuid(), "张三", "13800138000", null, CandidateSource.Direct, null, [], null, now);
        var interview = Interview.Schedule(Guid.NewGuid(), candidate.Id, position.Id, null, InterviewRound.Technical, now.AddMinutes(5), 60, [ctx.UserId, Colleague], null, null, Colleague, now);
        interview.ChangeStatus(InterviewStatus.InProgress, null, Colleague, now);
        var competencies = await db.Competencies.Where(c => c.Round == InterviewRound.Technical).ToListAsync();
        var card = Scorecard.Start(Guid.NewGuid(), interview.Id, Colleague, competencies, now);
        card.Edit([new RatingInput(competencies.OrderBy(c => c.Order).First().Id, 5, "B 写的依据：索引设计讲得很透")], Recommendation.StrongYes, "基础扎实", null, now);
        card.Submit(now);
        db.AddRange(position, candidate, interview, card);
        await db.SaveChangesAsync();
        return interview.Id;
    }

    [Fact]
    public async Task BlindView_HidesTheColleaguesScorecard_UntilTheViewerSubmits_ThenShowsIt()
    {
        await using var ctx = PortalBunitContext.Create("zh-CN", Roles.Interviewer);
        var interview = await SeedAsync(ctx);

        var panel = ctx.Render<ScorecardPanel>(p => p.Add(x => x.InterviewId, interview));

        panel.WaitForAssertion(() => Assert.NotEmpty(panel.FindAll("[data-testid=scorecard-form]")));
        Assert.Contains("提交您自己的评分卡后，才能查看其他面试官的评分。", panel.Find("[data-testid=scorecards-blind]").TextContent);
        Assert.DoesNotContain("B 写的依据", panel.Markup);
        Assert.DoesNotContain("基础扎实", panel.Markup);
        Assert.Empty(panel.FindAll($"[data-testid=scorecard][data-interviewer={Colleague}]"));
        Assert.NotEmpty(panel.FindAll("[data-testid=feedback-pending]"));

        var service = ctx.Services.GetRequiredService<ScorecardService>();
        var form = ScorecardForm.For((await service.GetAsync(interview))!);
        form.Ratings[0].Score = 4;
        form.Ratings[0].Evidence = "能说清楚取舍";
        form.Recommendation = Recommendation.Yes;
        await service.SubmitAsync(interview, form);

        var after = ctx.Render<ScorecardPanel>(p => p.Add(x => x.InterviewId, interview));

        after.WaitForAssertion(() => Assert.NotEmpty(after.FindAll($"[data-testid=scorecard][data-interviewer={Colleague}]")));
        Assert.Contains("B 写的依据：索引设计讲得很透", after.Markup);
        Assert.Contains("强烈推荐", after.Markup);
        Assert.Empty(after.FindAll("[data-testid=scorecards-blind]"));
        Assert.Empty(after.FindAll("[data-testid=scorecard-form]"));
        Assert.NotEmpty(after.FindAll("[data-testid=feedback-done]"));
    }

    [Fact]
    public async Task SubmitButton_ShowsTheEvidenceRule_WhenARatedCompetencyHasNoEvidence()
    {
        await using var ctx = PortalBunitContext.Create("en-US", Roles.Interviewer);
        var interview = await SeedAsync(ctx);
        var panel = ctx.Render<ScorecardPanel>(p => p.Add(x => x.InterviewId, interview));
        panel.WaitForAssertion(() => Assert.NotEmpty(panel.FindAll("[data-testid=scorecard-form]")));
        var service = ctx.Services.GetRequiredService<ScorecardService>();
        var form = ScorecardForm.For((await service.GetAsync(interview))!);
        form.Ratings[1].Score = 2;
        form.Recommendation = Recommendation.No;
        await service.SaveDraftAsync(interview, form);
        panel = ctx.Render<ScorecardPanel>(p => p.Add(x => x.InterviewId, interview));
        panel.WaitForAssertion(() => Assert.NotEmpty(panel.FindAll("[data-testid=scorecard-submit]")));

        panel.Find("[data-testid=scorecard-submit]").Click();

        panel.WaitForAssertion(() => Assert.Contains("\"问题解决\" is rated: write the evidence for it.", panel.Find("[data-testid=scorecard-error]").TextContent));
        Assert.Contains("Submit your own scorecard to see the other interviewers' scorecards.", panel.Markup);
    }

    [Fact]
    public async Task Dashboard_CountsTheInterviewsAwaitingTheInterviewersFeedback()
    {
        await using var ctx = PortalBunitContext.Create("zh-CN", Roles.Interviewer);
        await SeedAsync(ctx);

        var page = ctx.Render<InterviewPortal.Web.Features.Dashboard.DashboardPage>();

        page.WaitForAssertion(() => Assert.Equal("1", page.Find("[data-testid=stat-feedback-pending] [data-testid=value]").TextContent.Trim()));
        Assert.Contains("待提交反馈的面试（近 30 天）", page.Markup);
    }

    [Fact]
    public async Task FillingAndSubmittingTheForm_StoresTheScorecard_AndOnlyThenRevealsTheColleagues()
    {
        await using var ctx = PortalBunitContext.Create("zh-CN", Roles.Interviewer);
        var interview = await SeedAsync(ctx);
        var panel = ctx.Render<ScorecardPanel>(p => p.Add(x => x.InterviewId, interview));
        panel.WaitForAssertion(() => Assert.Equal(5, panel.FindAll("[data-testid=scorecard-rating]").Count));

        var first = panel.FindAll("[data-testid=scorecard-rating]")[0];
        first.QuerySelectorAll(".mud-toggle-item").Single(b => b.TextContent.Trim() == "4").Click();
        panel.FindAll("[data-testid=scorecard-rating]")[0].QuerySelector("textarea")!.Change("缓存一致性讲得清楚");
        panel.FindAll("[data-testid=scorecard-recommendation-input] .mud-toggle-item").Single(b => b.TextContent.Trim() == "推荐").Click();
        Assert.DoesNotContain("B 写的依据", panel.Markup);

        panel.Find("[data-testid=scorecard-submit]").Click();

        panel.WaitForAssertion(() => Assert.Contains("B 写的依据：索引设计讲得很透", panel.Markup));
        await using var db = await ctx.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        var mine = await db.Scorecards.Include(s => s.Ratings).SingleAsync(s => s.InterviewId == interview && s.InterviewerId == ctx.UserId);
        Assert.Equal((ScorecardStatus.Submitted, Recommendation.Yes), (mine.Status, mine.Recommendation));
        var rating = mine.Ratings.OrderBy(r => r.Order).First();
        Assert.Equal(("专业技能", 4, "缓存一致性讲得清楚"), (rating.CompetencyName, rating.Score, rating.Evidence));
        Assert.All(mine.Ratings.OrderBy(r => r.Order).Skip(1), r => Assert.Null(r.Score));
        Assert.NotEmpty(panel.FindAll("[data-testid=scorecard-amend]"));
    }
}
