using Bunit;
using InterviewPortal.Domain.Identity;
using InterviewPortal.Domain.Interviews;
using InterviewPortal.Domain.Recruiting;
using InterviewPortal.Domain.Scorecards;
using InterviewPortal.Domain.Sessions;
using InterviewPortal.Tests.TestSupport;
using InterviewPortal.Web.Data;
using InterviewPortal.Web.Features.Interviews;
using InterviewPortal.Web.Features.Recordings;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace InterviewPortal.Tests.Web.Recordings;

/// <summary>The interview page's recording panel and review timeline, rendered for HR and for an agency.</summary>
public sealed class RecordingPanelTests
{
    private const string Interviewer = "interviewer-a";

    /// <summary>A completed interview with a consented, ready recording and one submitted scorecard.</summary>
    private static async Task<(Guid Interview, long File)> SeedAsync(PortalBunitContext ctx, Guid? agency = null)
    {
        var now = DateTime.UtcNow;
        await using var db = await ctx.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        db.Users.Add(new ApplicationUser { Id = Interviewer, UserName = "a@example.com", Email = "a@example.com", DisplayName = "王面试官" });
        if (agency is { } a)
        {
            db.Agencies.Add(Agency.Create(a, "猎头甲", "王经理", null, null, now));
        }

        var position = Position.Create(Guid.NewGuid(), "后端工程师", "研发部", "上海", Interviewer, [], now);
        var candidate = Candidate.Create(Guid.NewGuid(), "张三", "13800138000", null, agency is null ? CandidateSource.Direct : CandidateSource.Agency, agency, [], null, now);
        var interview = Interview.Schedule(Guid.NewGuid(), candidate.Id, position.Id, agency, InterviewRound.Technical, now.AddHours(-2), 60, [Interviewer], null, null, Interviewer, now.AddDays(-1));
        interview.ChangeStatus(InterviewStatus.InProgress, null, Interviewer, now.AddHours(-2));
        interview.ChangeStatus(InterviewStatus.Completed, null, Interviewer, now.AddHours(-1));
        var recording = Recording.Start(interview.Id, "77", now.AddHours(-2));
        recording.StartAttempted();
        recording.Started("T1", now.AddHours(-2));
        recording.Stopped(now.AddHours(-1));
        recording.FilesUploaded([RecordingFile.Create("T1_file.mp4", "sc", "c" + candidate.Id.ToString("N"), "https://bucket.example.com/recordings/T1_file.mp4", "mp4", 48213370, 2375456, 640, 480, now.AddHours(-2), 3)], false, now.AddMinutes(-50));
        var competencies = await db.Competencies.Where(c => c.Round == InterviewRound.Technical).ToListAsync();
        var card = Scorecard.Start(Guid.NewGuid(), interview.Id, Interviewer, competencies, now);
        card.Edit([], Recommendation.Yes, "沟通清楚", null, now);
        card.Submit(now.AddMinutes(-30));
        db.AddRange(position, candidate, interview, recording, card);
        db.ConsentRecords.Add(ConsentRecord.Record(candidate.Id, ConsentKind.Recording, true, "2026.1", ConsentChannel.MiniProgram, interview.Id, now.AddHours(-3)));
        await db.SaveChangesAsync();
        return (interview.Id, recording.Files[0].Id);
    }

    [Fact]
    public async Task ForHr_TheReadyRecordingHasAPlayerThatFetchesNothingUntilPlay_AndTheConsentIsShown()
    {
        await using var ctx = PortalBunitContext.Create("zh-CN", Roles.HR);
        var (interview, file) = await SeedAsync(ctx);

        var panel = ctx.Render<RecordingPanel>(p => p.Add(x => x.InterviewId, interview));

        panel.WaitForAssertion(() => Assert.NotEmpty(panel.FindAll("[data-testid=recording-player]")));
        var player = panel.Find("[data-testid=recording-player]");
        Assert.Equal(RecordingEndpoints.PlayPath(file), player.GetAttribute("src"));
        Assert.Equal("none", player.GetAttribute("preload"));
        Assert.Equal("可播放", panel.Find("[data-testid=recording-state]").TextContent.Trim());
        Assert.Equal("候选人已同意录制", panel.Find("[data-testid=recording-consent]").TextContent.Trim());
        Assert.Contains("张三 · 39:35", panel.Find("[data-testid=recording-file]").TextContent);
    }

    [Fact]
    public async Task ForAnAgency_ThePanelIsNotThere()
    {
        var agency = Guid.NewGuid();
        await using var ctx = PortalBunitContext.Create("zh-CN", Roles.Agency);
        var (interview, _) = await SeedAsync(ctx, agency);

        var panel = ctx.Render<RecordingPanel>(p => p.Add(x => x.InterviewId, interview));
        Assert.Empty(panel.FindAll("[data-testid=recording-panel]"));
        Assert.DoesNotContain("recordings/files", panel.Markup);
    }

    [Fact]
    public async Task TheReviewTimeline_ShowsTheRecordingAndTheScorecardSubmission_InTimeOrder()
    {
        await using var ctx = PortalBunitContext.Create("zh-CN", Roles.HR);
        var (interview, _) = await SeedAsync(ctx);

        var timeline = await ctx.Services.GetRequiredService<InterviewTimelineService>().GetAsync(interview);

        Assert.Equal([TimelineKind.RecordingStarted, TimelineKind.RecordingStopped, TimelineKind.RecordingReady, TimelineKind.ScorecardSubmitted], timeline!.Select(e => e.Kind));
        Assert.Equal("王面试官", timeline![^1].Who);
    }
}
