using Bunit;
using InterviewPortal.Domain.Identity;
using InterviewPortal.Domain.Recruiting;
using InterviewPortal.Tests.TestSupport;
using InterviewPortal.Web.Data;
using InterviewPortal.Web.Features.Privacy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace InterviewPortal.Tests.Web.Privacy;

public sealed class RetentionPageTests
{
    [Fact]
    public async Task TheDryRun_ListsOnlyTheDueCandidates_OldestDueFirst_WithTheDayEachFellDue()
    {
        await using var ctx = PortalBunitContext.Create("en-US", Roles.Admin);
        var now = DateTime.UtcNow;
        Candidate Exited(string name, PipelineStage stage, int daysAgo)
        {
            var c = Candidate.Create(Guid.NewGuid(), name, TestPhones.Next(), null, CandidateSource.Direct, null, [], null, now.AddDays(-daysAgo - 30));
            c.MoveTo(stage, "no fit", null, now.AddDays(-daysAgo));
            return c;
        }

        var withdrawn = Exited("Withdrawn Wang", PipelineStage.Withdrawn, 200);
        var rejected = Exited("Rejected Li", PipelineStage.Rejected, 400);
        var recent = Exited("Recent Zhao", PipelineStage.Rejected, 10);
        var done = Exited("Done Sun", PipelineStage.Rejected, 500);
        done.Anonymise(now.AddDays(-300));
        var hired = Candidate.Create(Guid.NewGuid(), "Hired Qian", TestPhones.Next(), null, CandidateSource.Direct, null, [], null, now.AddDays(-900));
        await using (var db = await ctx.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync())
        {
            db.Candidates.AddRange(withdrawn, rejected, recent, done, hired);
            await db.SaveChangesAsync();
        }

        var page = ctx.Render<RetentionPage>();

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=retention-candidate]").Count));
        Assert.Equal(["Rejected Li", "Withdrawn Wang"], page.FindAll("[data-testid=retention-candidate]").Select(a => a.TextContent.Trim()));
        Assert.Contains("180 days", page.Find("[data-testid=retention-explained]").TextContent);
        var shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
        var firstDue = TimeZoneInfo.ConvertTimeFromUtc(rejected.StageEnteredAtUtc.AddDays(180), shanghai);
        Assert.StartsWith($"{firstDue:yyyy-MM-dd HH:mm}", page.FindAll("[data-testid=retention-due-at] span")[0].GetAttribute("title"));
        Assert.DoesNotContain("Recent Zhao", page.Markup);
        Assert.DoesNotContain("Hired Qian", page.Markup);
    }
}
