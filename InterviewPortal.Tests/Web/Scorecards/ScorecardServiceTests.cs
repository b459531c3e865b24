using InterviewPortal.Domain;
using InterviewPortal.Domain.Identity;
using InterviewPortal.Domain.Interviews;
using InterviewPortal.Domain.Scorecards;
using InterviewPortal.Tests.TestSupport;
using InterviewPortal.Web.Features.Audit;
using InterviewPortal.Web.Features.Interviews;
using InterviewPortal.Web.Features.Scorecards;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace InterviewPortal.Tests.Web.Scorecards;

[Collection(PortalHostCollection.Name)]
public sealed class ScorecardServiceTests(PortalAppFactoryFixture app) : IClassFixture<PortalAppFactoryFixture>
{
    /// <summary>A world plus a Technical interview with both interviewers on the panel, marked in progress by HR.</summary>
    private async Task<(RecruitingWorld W, Guid Panel)> PanelInterviewAsync()
    {
        var w = await RecruitingWorld.CreateAsync(app.Factory);
        var panel = await w.ScheduleAsync(w.CandidateA, RecruitingWorld.Tomorrow9Utc.AddHours(6), w.InterviewerA, w.InterviewerB);
        await w.AsHrAsync(sp => sp.GetRequiredService<InterviewService>().ChangeStatusAsync(panel, InterviewStatus.InProgress, null));
        return (w, panel);
    }

    private static Task<T> AsInterviewer<T>(RecruitingWorld w, string id, Func<ScorecardService, Task<T>> work) =>
        w.AsAsync(id, [Roles.Interviewer], null, sp => work(sp.GetRequiredService<ScorecardService>()));

    private static Task Interviewer(RecruitingWorld w, string id, Func<ScorecardService, Task> work) =>
        AsInterviewer(w, id, async s => { await work(s); return true; });

    /// <summary>Fills the caller's form: scores by competency order (null = not assessed), evidence for each rated one.</summary>
    private static async Task SubmitAsync(ScorecardService s, Guid interview, Recommendation recommendation, params int?[] scores)
    {
        var form = ScorecardForm.For((await s.GetAsync(interview))!);
        for (var i = 0; i < scores.Length; i++)
        {
            form.Ratings[i].Score = scores[i];
            form.Ratings[i].Evidence = scores[i] is null ? null : $"依据{i}-{scores[i]}";
        }

        form.Recommendation = recommendation;
        await s.SubmitAsync(interview, form);
    }

    private Task<int> AuditCountAsync(string action, Guid interview, string actor) =>
        app.Factory.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Action == action && a.TargetId == interview.ToString() && a.ActorId == actor));

    [Fact]
    public async Task InterviewerA_CannotSeeBsScorecard_UntilASubmitsTheirOwn_ThenCan_AndThatViewIsAudited()
    {
        var (w, iv) = await PanelInterviewAsync();
        await Interviewer(w, w.InterviewerB, s => SubmitAsync(s, iv, Recommendation.StrongYes, 5, 4));
        await Interviewer(w, w.InterviewerA, async s =>
        {
            var form = ScorecardForm.For((await s.GetAsync(iv))!);
            form.Ratings[0].Score = 3;
            await s.SaveDraftAsync(iv, form);
        });

        var blind = await AsInterviewer(w, w.InterviewerA, s => s.GetAsync(iv));

        Assert.Equal(ScorecardAccess.OwnOnly, blind!.Access);
        Assert.Empty(blind.Others);
        Assert.Null(blind.Summary);
        Assert.Equal((ScorecardStatus.Draft, 3), (blind.Mine!.Status, blind.Mine.Ratings[0].Score));
        Assert.Equal(0, await AuditCountAsync(AuditActions.ScorecardsViewed, iv, w.InterviewerA));

        await Interviewer(w, w.InterviewerA, s => SubmitAsync(s, iv, Recommendation.No, 3));
        var open = await AsInterviewer(w, w.InterviewerA, s => s.GetAsync(iv));

        Assert.Equal(ScorecardAccess.All, open!.Access);
        var b = Assert.Single(open.Others);
        Assert.Equal((w.InterviewerB, Recommendation.StrongYes, 5, "依据0-5"), (b.InterviewerId, b.Recommendation, b.Ratings[0].Score, b.Ratings[0].Evidence));
        Assert.Null(open.Summary);
        Assert.Equal(1, await AuditCountAsync(AuditActions.ScorecardsViewed, iv, w.InterviewerA));
        Assert.Equal(1, await AuditCountAsync(AuditActions.ScorecardSubmitted, iv, w.InterviewerA));
    }

    [Fact]
    public async Task AnInterviewersDraft_IsNeverShownToAnotherPanelMember_OrToHR()
    {
        var (w, iv) = await PanelInterviewAsync();
        await Interviewer(w, w.InterviewerA, s => SubmitAsync(s, iv, Recommendation.Yes, 4));
        await Interviewer(w, w.InterviewerB, async s =>
        {
            var form = ScorecardForm.For((await s.GetAsync(iv))!);
            form.Ratings[0].Evidence = "B 的草稿";
            await s.SaveDraftAsync(iv, form);
        });

        var a = await AsInterviewer(w, w.InterviewerA, s => s.GetAsync(iv));
        var hr = await w.AsHrAsync(sp => sp.GetRequiredService<ScorecardService>().GetAsync(iv));

        Assert.Empty(a!.Others);
        Assert.DoesNotContain(hr!.Others, o => o.InterviewerId == w.InterviewerB);
        Assert.Single(hr.Summary!.Recommendations);
    }

    [Fact]
    public async Task AgencyAndAuditor_NeverSeeScorecards()
    {
        var (w, iv) = await PanelInterviewAsync();
        await Interviewer(w, w.InterviewerA, s => SubmitAsync(s, iv, Recommendation.Yes, 4));
        await Interviewer(w, w.InterviewerB, s => SubmitAsync(s, iv, Recommendation.No, 2));
        var auditor = await TestUsers.CreateAsync(app.Factory.Services, $"auditor.{Guid.NewGuid():N}@example.com", Roles.Auditor);

        // The candidate is agency A's: its user sees the interview, never its scorecards or who owes one.
        var agency = await w.AsAsync(w.AgencyUserA, [Roles.Agency], w.AgencyA, sp => sp.GetRequiredService<ScorecardService>().GetAsync(iv));
        var audit = await w.AsAsync(auditor, [Roles.Auditor], null, sp => sp.GetRequiredService<ScorecardService>().GetAsync(iv));

        Assert.Equal(ScorecardAccess.None, agency!.Access);
        Assert.Empty(agency.Others);
        Assert.Null(agency.Mine);
        Assert.Null(agency.Summary);
        Assert.Empty(agency.PendingNames);
        Assert.Null(audit); // an auditor does not even see the interview
        var agencyWrite = await Assert.ThrowsAsync<DomainException>(() =>
            w.AsAsync(w.AgencyUserA, [Roles.Agency], w.AgencyA, async sp => { await sp.GetRequiredService<ScorecardService>().AmendAsync(iv); return true; }));
        Assert.Equal("ScorecardNotOnPanel", agencyWrite.MessageKey);
    }

    [Fact]
    public async Task HR_SeesEveryScorecard_AndASummaryWithHandCheckedAverages_AndRecommendationsSideBySide()
    {
        var (w, iv) = await PanelInterviewAsync();
        // Technical: 专业技能, 问题解决, 系统设计, 沟通表达, 学习能力.
        await Interviewer(w, w.InterviewerA, s => SubmitAsync(s, iv, Recommendation.Yes, 4, 3, 2, null, null));
        await Interviewer(w, w.InterviewerB, s => SubmitAsync(s, iv, Recommendation.StrongNo, 5, null, 5, null, 1));

        var hr = await w.AsHrAsync(sp => sp.GetRequiredService<ScorecardService>().GetAsync(iv));

        Assert.Equal(ScorecardAccess.All, hr!.Access);
        Assert.Equal(2, hr.Others.Count);
        // (4+5)/2 = 4.5; 3 alone; (2+5)/2 = 3.5; nobody; 1 alone.
        Assert.Equal(["专业技能", "问题解决", "系统设计", "沟通表达", "学习能力"], hr.Summary!.Averages.Select(a => a.Name));
        Assert.Equal([4.5, 3.0, 3.5, null, 1.0], hr.Summary.Averages.Select(a => a.Average));
        Assert.Equal([2, 1, 2, 0, 1], hr.Summary.Averages.Select(a => a.RatedBy));
        // Side by side, by name ("ia." before "ib.").
        Assert.Equal([Recommendation.Yes, Recommendation.StrongNo], hr.Summary.Recommendations.Select(r => r.Recommendation));
        Assert.False(hr.FeedbackPending);
        Assert.Equal(1, await AuditCountAsync(AuditActions.ScorecardsViewed, iv, w.Hr));
    }

    [Fact]
    public async Task SubmittedScorecard_CannotBeChanged_AnAmendmentIsVersionTwoShowingVersionOne()
    {
        var (w, iv) = await PanelInterviewAsync();
        await Interviewer(w, w.InterviewerA, s => SubmitAsync(s, iv, Recommendation.No, 2));

        var refused = await Assert.ThrowsAsync<DomainException>(() => Interviewer(w, w.InterviewerA, async s =>
        {
            var form = ScorecardForm.For((await s.GetAsync(iv))!);
            form.Ratings[0].Score = 5;
            await s.SaveDraftAsync(iv, form);
        }));
        Assert.Equal("ScorecardSubmittedImmutable", refused.MessageKey);

        await Interviewer(w, w.InterviewerA, s => s.AmendAsync(iv));
        await Interviewer(w, w.InterviewerA, s => SubmitAsync(s, iv, Recommendation.Yes, 4));
        await Interviewer(w, w.InterviewerB, s => SubmitAsync(s, iv, Recommendation.Yes, 4));
        var b = await AsInterviewer(w, w.InterviewerB, s => s.GetAsync(iv));

        var a = Assert.Single(b!.Others);
        Assert.Equal((2, Recommendation.Yes, 4), (a.Version, a.Recommendation, a.Ratings[0].Score));
        var v1 = Assert.Single(a.PreviousVersions);
        Assert.Equal((1, Recommendation.No, 2), (v1.Version, v1.Recommendation, v1.Ratings[0].Score));
        Assert.Equal(1, await AuditCountAsync(AuditActions.ScorecardAmended, iv, w.InterviewerA));
        Assert.Equal(2, await app.Factory.WithDbAsync(db => db.Scorecards.CountAsync(s => s.InterviewId == iv && s.InterviewerId == w.InterviewerA)));

        // A's seat keeps the first submission (what the timeliness report measures), not the amendment's.
        var first = await app.Factory.WithDbAsync(db => db.Scorecards.Where(s => s.InterviewId == iv && s.InterviewerId == w.InterviewerA && s.Version == 1)
            .Select(s => s.SubmittedAtUtc).SingleAsync());
        var seat = await app.Factory.WithDbAsync(db => db.InterviewInterviewers.AsNoTracking().SingleAsync(p => p.InterviewId == iv && p.UserId == w.InterviewerA));
        Assert.Equal(first, seat.FeedbackSubmittedAtUtc);
        Assert.Equal(InterviewParticipant.FeedbackDelay(seat.EndUtc, first!.Value), seat.FeedbackDelaySeconds);
    }

    [Fact]
    public async Task FeedbackIsPending_UntilEveryPanelMemberHasSubmitted_AndCountedForTheDashboard()
    {
        var (w, iv) = await PanelInterviewAsync();
        var hrBefore = await w.AsHrAsync(sp => sp.GetRequiredService<ScorecardService>().PendingFeedbackCountAsync());
        await Interviewer(w, w.InterviewerA, s => SubmitAsync(s, iv, Recommendation.Yes, 4));

        var half = await w.AsHrAsync(sp => sp.GetRequiredService<ScorecardService>().GetAsync(iv));
        Assert.True(half!.FeedbackPending);
        Assert.Single(half.PendingNames);
        Assert.Equal(0, await AsInterviewer(w, w.InterviewerA, s => s.PendingFeedbackCountAsync()));
        Assert.Equal(1, await AsInterviewer(w, w.InterviewerB, s => s.PendingFeedbackCountAsync()));

        await Interviewer(w, w.InterviewerB, s => SubmitAsync(s, iv, Recommendation.Yes, 4));

        var done = await w.AsHrAsync(sp => sp.GetRequiredService<ScorecardService>().GetAsync(iv));
        Assert.False(done!.FeedbackPending);
        Assert.Equal(hrBefore - 1, await w.AsHrAsync(sp => sp.GetRequiredService<ScorecardService>().PendingFeedbackCountAsync()));
    }

    [Fact]
    public async Task OnlyThePanel_WritesScorecards_AndNotBeforeTheInterviewHasStarted()
    {
        var w = await RecruitingWorld.CreateAsync(app.Factory);

        // B is not on interview A's panel; A is, but interview A is tomorrow and still scheduled.
        var outsider = await Assert.ThrowsAsync<DomainException>(() => Interviewer(w, w.InterviewerB, s => s.SubmitAsync(w.InterviewA, new ScorecardForm())));
        var early = await Assert.ThrowsAsync<DomainException>(() => Interviewer(w, w.InterviewerA, s => SubmitAsync(s, w.InterviewA, Recommendation.Yes, 4)));

        Assert.Equal("ScorecardNotOnPanel", outsider.MessageKey);
        Assert.Equal("ScorecardInterviewNotHeld", early.MessageKey);
        var board = await AsInterviewer(w, w.InterviewerA, s => s.GetAsync(w.InterviewA));
        Assert.False(board!.CanSubmit);
        Assert.False(board.FeedbackPending);
    }

    [Fact]
    public async Task Competencies_AreHRsToChange_Audited_AndAStartedScorecardKeepsTheNamesItStartedWith()
    {
        var w = await RecruitingWorld.CreateAsync(app.Factory);
        // The Final round: no other test here reads its competencies.
        var scheduled = await w.AsHrAsync(sp => sp.GetRequiredService<InterviewService>().ScheduleAsync(new ScheduleForm
        {
            CandidateId = w.CandidateB, PositionId = w.Position, Round = InterviewRound.Final, StartUtc = RecruitingWorld.Tomorrow9Utc.AddHours(9),
            DurationMinutes = 60, InterviewerIds = [w.InterviewerA, w.InterviewerB],
        }));
        var iv = scheduled.InterviewId!.Value;
        await w.AsHrAsync(sp => sp.GetRequiredService<InterviewService>().ChangeStatusAsync(iv, InterviewStatus.InProgress, null));
        await Interviewer(w, w.InterviewerA, async s => await s.SaveDraftAsync(iv, ScorecardForm.For((await s.GetAsync(iv))!)));
        var current = (await w.AsHrAsync(sp => sp.GetRequiredService<ScorecardService>().CompetenciesAsync())).Where(c => c.Round == InterviewRound.Final).ToList();
        List<CompetencyInput> wanted = [new(current[0].Id, "业务理解", "对业务的理解深度"), new(current[1].Id, current[1].Name, null), new(current[2].Id, current[2].Name, null), new(null, "抗压能力", null)];

        var byInterviewer = await Assert.ThrowsAsync<DomainException>(() => Interviewer(w, w.InterviewerA, s => s.SaveCompetenciesAsync(InterviewRound.Final, wanted)));
        var tooFew = await Assert.ThrowsAsync<DomainException>(() => w.AsHrAsync(sp => sp.GetRequiredService<ScorecardService>().SaveCompetenciesAsync(InterviewRound.Final, wanted[..3])));
        await w.AsHrAsync(sp => sp.GetRequiredService<ScorecardService>().SaveCompetenciesAsync(InterviewRound.Final, wanted));

        Assert.Equal("NotAllowed", byInterviewer.MessageKey);
        Assert.Equal("CompetencyCount", tooFew.MessageKey);
        Assert.Equal(1, await app.Factory.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Action == AuditActions.CompetenciesSaved && a.ActorId == w.Hr && a.TargetId == "Final")));
        var a = await AsInterviewer(w, w.InterviewerA, s => s.GetAsync(iv));
        var b = await AsInterviewer(w, w.InterviewerB, s => s.GetAsync(iv));
        Assert.Equal(["综合能力", "领导力", "战略思维", "文化契合"], a!.Mine!.Ratings.Select(r => r.Name));
        Assert.Equal(["业务理解", "领导力", "战略思维", "抗压能力"], ScorecardForm.For(b!).Ratings.Select(r => r.Name));
    }

    [Fact]
    public async Task TheInterviewPageServedOverHttp_NeverCarriesAnotherInterviewersScorecard()
    {
        var w = await RecruitingWorld.CreateAsync(app.Factory);
        var (client, me) = await app.Factory.SignedInAsync($"ic.{Guid.NewGuid():N}@example.com", Roles.Interviewer);
        var iv = await w.ScheduleAsync(w.CandidateA, RecruitingWorld.Tomorrow9Utc.AddHours(6), me, w.InterviewerB);
        await w.AsHrAsync(sp => sp.GetRequiredService<InterviewService>().ChangeStatusAsync(iv, InterviewStatus.InProgress, null));
        await Interviewer(w, w.InterviewerB, s => SubmitAsync(s, iv, Recommendation.StrongYes, 5));
        await Interviewer(w, me, s => SubmitAsync(s, iv, Recommendation.Yes, 4));

        var html = await client.GetStringAsync($"/interviews/{iv}");

        // Even once "me" may read B's card, the prerendered page does not carry it: it loads in the audited interactive read.
        Assert.Contains("张三", html);
        Assert.DoesNotContain("依据0-5", html);
        Assert.Equal(0, await AuditCountAsync(AuditActions.ScorecardsViewed, iv, me));
    }
}
