using InterviewPortal.Domain;
using InterviewPortal.Domain.Interviews;
using InterviewPortal.Domain.Scorecards;

namespace InterviewPortal.Tests.Domain.Scorecards;

public sealed class ScorecardTests
{
    private static readonly DateTime Now = new(2026, 11, 25, 2, 0, 0, DateTimeKind.Utc);
    private static readonly IReadOnlyList<Competency> Technical = CompetencyDefaults.All().Where(c => c.Round == InterviewRound.Technical).ToList();

    private static Scorecard Draft(string interviewer = "ia") => Scorecard.Start(Guid.NewGuid(), Guid.NewGuid(), interviewer, Technical, Now);

    private static RatingInput Rate(int index, int? score, string? evidence) => new(Technical[index].Id, score, evidence);

    [Fact]
    public void Start_CopiesTheRoundsCompetenciesInOrder_AllNotAssessed()
    {
        var card = Draft();

        Assert.Equal(["专业技能", "问题解决", "系统设计", "沟通表达", "学习能力"], card.Ratings.Select(r => r.CompetencyName));
        Assert.All(card.Ratings, r => Assert.Null(r.Score));
        Assert.Equal((1, ScorecardStatus.Draft), (card.Version, card.Status));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(6)]
    public void Edit_RefusesScoresOutside1To5(int score)
    {
        var card = Draft();

        Assert.Equal("ScorecardScoreOutOfRange", Assert.Throws<DomainException>(() => card.Edit([Rate(0, score, "x")], null, null, null, Now)).MessageKey);
    }

    [Fact]
    public void Submit_RequiresEvidenceForEveryRatedCompetency_ButNotForNotAssessed()
    {
        var card = Draft();
        card.Edit([Rate(0, 4, "讲清了索引原理"), Rate(1, 3, "  "), Rate(2, null, null)], Recommendation.Yes, null, null, Now);

        var ex = Assert.Throws<DomainException>(() => card.Submit(Now));

        Assert.Equal("ScorecardEvidenceRequired", ex.MessageKey);
        Assert.Equal("问题解决", ex.Arguments[0]);
        card.Edit([Rate(1, null, null)], Recommendation.Yes, null, null, Now);
        card.Submit(Now);
        Assert.True(card.IsSubmitted);
    }

    [Fact]
    public void Submit_RequiresAnOverallRecommendation()
    {
        var card = Draft();
        card.Edit([Rate(0, 5, "很好")], null, "扎实", null, Now);

        Assert.Equal("ScorecardRecommendationRequired", Assert.Throws<DomainException>(() => card.Submit(Now)).MessageKey);
    }

    [Fact]
    public void SubmittedScorecard_CannotBeEditedOrSubmittedAgain()
    {
        var card = Draft();
        card.Edit([Rate(0, 5, "很好")], Recommendation.StrongYes, null, null, Now);
        card.Submit(Now);

        Assert.Equal("ScorecardSubmittedImmutable", Assert.Throws<DomainException>(() => card.Edit([Rate(0, 1, "改")], Recommendation.No, null, null, Now)).MessageKey);
        Assert.Equal("ScorecardSubmittedImmutable", Assert.Throws<DomainException>(() => card.Submit(Now)).MessageKey);
        Assert.Equal(5, card.Ratings[0].Score);
        Assert.Equal(Recommendation.StrongYes, card.Recommendation);
    }

    [Fact]
    public void Amend_StartsTheNextVersionAsACopy_PointingAtThePrevious_WhichStaysUnchanged()
    {
        var v1 = Draft();
        v1.Edit([Rate(0, 3, "一般")], Recommendation.No, "认真", "深度不足", Now);
        v1.Submit(Now);

        var v2 = v1.Amend(Guid.NewGuid(), Now.AddHours(1));
        v2.Edit([Rate(0, 4, "复盘代码后上调")], Recommendation.Yes, "认真", null, Now.AddHours(1));
        v2.Submit(Now.AddHours(1));

        Assert.Equal((2, v1.Id), (v2.Version, v2.PreviousVersionId));
        Assert.Equal((3, "一般", Recommendation.No, "深度不足"), (v1.Ratings[0].Score, v1.Ratings[0].Evidence, v1.Recommendation, v1.Concerns));
        Assert.Equal((4, Recommendation.Yes, (string?)null), (v2.Ratings[0].Score, v2.Recommendation, v2.Concerns));
        Assert.Equal(v1.Ratings.Count, v2.Ratings.Count);
    }

    [Fact]
    public void Amend_OfADraft_IsRefused()
    {
        Assert.Equal("ScorecardNotSubmitted", Assert.Throws<DomainException>(() => Draft().Amend(Guid.NewGuid(), Now)).MessageKey);
    }

    [Theory]
    [InlineData(true, false, false, false, ScorecardAccess.All)]
    [InlineData(false, true, true, true, ScorecardAccess.None)]
    [InlineData(false, false, false, false, ScorecardAccess.None)]
    [InlineData(false, false, true, false, ScorecardAccess.OwnOnly)]
    [InlineData(false, false, true, true, ScorecardAccess.All)]
    public void Access_IsBlindForAPanelMemberUntilTheySubmit_AndNoneForAgenciesAndOutsiders(bool recruiter, bool agency, bool onPanel, bool submitted, ScorecardAccess expected)
    {
        Assert.Equal(expected, ScorecardRules.AccessFor(recruiter, agency, onPanel, submitted));
    }

    [Fact]
    public void Summary_AveragesEachCompetencyOverThoseWhoRatedIt_AndPendingListsWhoHasNotSubmitted()
    {
        var a = Draft("ia");
        a.Edit([Rate(0, 4, "a0"), Rate(1, 3, "a1"), Rate(2, 2, "a2")], Recommendation.Yes, null, null, Now);
        a.Submit(Now);
        var b = Draft("ib");
        b.Edit([Rate(0, 5, "b0"), Rate(1, null, null), Rate(2, 5, "b2")], Recommendation.StrongYes, null, null, Now);
        b.Submit(Now);
        var c = Draft("ic");
        c.Edit([Rate(0, 1, "draft only")], Recommendation.StrongNo, null, null, Now);

        var averages = ScorecardSummary.Averages(ScorecardRules.LatestSubmitted([a, b, c]));

        // Hand-checked: (4+5)/2 = 4.5; 3 alone; (2+5)/2 = 3.5; the rest nobody rated; c's draft does not count.
        Assert.Equal([4.5, 3.0, 3.5, null, null], averages.Select(x => x.Average));
        Assert.Equal([2, 1, 2, 0, 0], averages.Select(x => x.RatedBy));
        Assert.Equal(["ic"], ScorecardRules.Pending(["ia", "ib", "ic"], [a, b, c]));
    }

    [Fact]
    public void FeedbackIsExpected_OnceTheInterviewHasStarted_AndNotWhenCancelledOrNoShow()
    {
        Assert.False(ScorecardRules.FeedbackExpected(InterviewStatus.Scheduled, Now.AddMinutes(1), Now));
        Assert.True(ScorecardRules.FeedbackExpected(InterviewStatus.Scheduled, Now, Now));
        Assert.True(ScorecardRules.FeedbackExpected(InterviewStatus.InProgress, Now.AddDays(1), Now));
        Assert.True(ScorecardRules.FeedbackExpected(InterviewStatus.Completed, Now.AddDays(-1), Now));
        Assert.False(ScorecardRules.FeedbackExpected(InterviewStatus.Cancelled, Now.AddDays(-1), Now));
        Assert.False(ScorecardRules.FeedbackExpected(InterviewStatus.NoShowCandidate, Now.AddDays(-1), Now));
    }
}

public sealed class CompetencySetTests
{
    private static List<Competency> Current() => CompetencyDefaults.All().Where(c => c.Round == InterviewRound.HR).ToList();

    [Fact]
    public void Defaults_GiveEveryRound4To6UniquelyNamedCompetencies()
    {
        foreach (var round in Enum.GetValues<InterviewRound>())
        {
            var set = CompetencyDefaults.All().Where(c => c.Round == round).ToList();
            Assert.InRange(set.Count, Competency.MinPerRound, Competency.MaxPerRound);
            Assert.Equal(set.Count, set.Select(c => c.Name).Distinct().Count());
        }

        Assert.Equal(CompetencyDefaults.All().Count, CompetencyDefaults.All().Select(c => c.Id).Distinct().Count());
    }

    [Theory]
    [InlineData(3)]
    [InlineData(7)]
    public void Apply_RefusesFewerThan4OrMoreThan6(int count)
    {
        var wanted = Enumerable.Range(1, count).Select(i => new CompetencyInput(null, $"能力{i}", null)).ToList();

        Assert.Equal("CompetencyCount", Assert.Throws<DomainException>(() => CompetencySet.Apply(InterviewRound.HR, Current(), wanted, Guid.NewGuid)).MessageKey);
    }

    [Fact]
    public void Apply_RefusesBlankAndDuplicateNames()
    {
        var current = Current();
        var blank = current.Select(c => new CompetencyInput(c.Id, c.Name, null)).Append(new CompetencyInput(null, " ", null)).ToList();
        var duplicate = current.Select(c => new CompetencyInput(c.Id, c.Name, null)).Append(new CompetencyInput(null, current[0].Name, null)).ToList();

        Assert.Equal("CompetencyNameRequired", Assert.Throws<DomainException>(() => CompetencySet.Apply(InterviewRound.HR, current, blank, Guid.NewGuid)).MessageKey);
        Assert.Equal("CompetencyNameDuplicate", Assert.Throws<DomainException>(() => CompetencySet.Apply(InterviewRound.HR, current, duplicate, Guid.NewGuid)).MessageKey);
    }

    [Fact]
    public void Apply_RenamesKeptOnes_AddsNewOnes_AndReturnsTheRemoved()
    {
        var current = Current();
        var wanted = new List<CompetencyInput>
        {
            new(current[1].Id, "职业规划", "新描述"),
            new(current[0].Id, current[0].Name, null),
            new(null, "抗压能力", null),
            new(current[3].Id, current[3].Name, null),
        };

        var (added, removed) = CompetencySet.Apply(InterviewRound.HR, current, wanted, Guid.NewGuid);

        Assert.Equal(("职业规划", 1), (current[1].Name, current[1].Order));
        Assert.Equal(("抗压能力", 3, InterviewRound.HR), (Assert.Single(added).Name, added[0].Order, added[0].Round));
        Assert.Equal(current[2].Id, Assert.Single(removed).Id);
    }
}
