using InterviewPortal.Domain;
using InterviewPortal.Domain.Recruiting;

namespace InterviewPortal.Tests.Domain.Recruiting;

public sealed class CandidateTests
{
    private static readonly DateTime T0 = new(2026, 11, 1, 2, 0, 0, DateTimeKind.Utc);

    private static Candidate New(CandidateSource source = CandidateSource.Direct, Guid? agency = null) =>
        Candidate.Create(Guid.NewGuid(), " 张三 ", "+86 138 0013 8000", " Zhang.San@Example.com ", source, agency, [Guid.NewGuid()], "hr1", T0);

    [Fact]
    public void Create_NormalizesAndStartsInAppliedWithHistory()
    {
        var c = New();

        Assert.Equal("张三", c.Name);
        Assert.Equal("13800138000", c.Phone);
        Assert.Equal("zhang.san@example.com", c.Email);
        Assert.Equal(PipelineStage.Applied, c.Stage);
        var first = Assert.Single(c.History);
        Assert.Null(first.From);
        Assert.Equal(PipelineStage.Applied, first.To);
    }

    [Fact]
    public void AgencySource_RequiresAnAgency_AndOnlyThen()
    {
        Assert.Equal("CandidateAgencyRequired", Assert.Throws<DomainException>(() => New(CandidateSource.Agency)).MessageKey);
        Assert.Equal("CandidateAgencyOnlyForAgencySource", Assert.Throws<DomainException>(() => New(CandidateSource.Referral, Guid.NewGuid())).MessageKey);
        Assert.NotNull(New(CandidateSource.Agency, Guid.NewGuid()).AgencyId);
    }

    [Fact]
    public void MoveTo_KeepsATimeStampedHistory_AndTimeInStage()
    {
        var c = New();
        c.MoveTo(PipelineStage.Screening, null, "hr1", T0.AddDays(2));
        c.MoveTo(PipelineStage.Interviewing, null, "hr1", T0.AddDays(5));

        var time = c.TimeInStage(T0.AddDays(6));

        Assert.Equal(3, c.History.Count);
        Assert.Equal(TimeSpan.FromDays(2), time[PipelineStage.Applied]);
        Assert.Equal(TimeSpan.FromDays(3), time[PipelineStage.Screening]);
        Assert.Equal(TimeSpan.FromDays(1), time[PipelineStage.Interviewing]);
        Assert.Equal(T0.AddDays(5), c.StageEnteredAtUtc);
        // Each move keeps how long the stage it left lasted (what the time-in-stage report reads).
        Assert.Equal([null, 2 * 86400, 3 * 86400], c.History.Select(h => h.SecondsInFrom));
    }

    [Fact]
    public void Rejecting_RequiresAReason()
    {
        var c = New();

        Assert.Equal("CandidateRejectReasonRequired", Assert.Throws<DomainException>(() => c.MoveTo(PipelineStage.Rejected, "  ", "hr1", T0)).MessageKey);
        c.MoveTo(PipelineStage.Rejected, "经验不符", "hr1", T0);
        Assert.Equal("经验不符", c.History[^1].Reason);
    }

    [Theory]
    [InlineData(PipelineStage.Hired, PipelineStage.Applied, false)]
    [InlineData(PipelineStage.Hired, PipelineStage.Archived, true)]
    [InlineData(PipelineStage.Rejected, PipelineStage.Offer, false)]
    [InlineData(PipelineStage.Rejected, PipelineStage.Applied, true)]
    [InlineData(PipelineStage.Archived, PipelineStage.Applied, true)]
    [InlineData(PipelineStage.Archived, PipelineStage.Hired, false)]
    [InlineData(PipelineStage.Offer, PipelineStage.Screening, true)]
    [InlineData(PipelineStage.Screening, PipelineStage.Withdrawn, true)]
    [InlineData(PipelineStage.Screening, PipelineStage.Screening, false)]
    public void CanMove_FollowsThePipelineRules(PipelineStage from, PipelineStage to, bool allowed)
    {
        Assert.Equal(allowed, PipelineStages.CanMove(from, to));
    }

    [Fact]
    public void IllegalMove_IsRefusedWithAMessageKey()
    {
        var c = New();
        c.MoveTo(PipelineStage.Hired, null, "hr1", T0);

        var ex = Assert.Throws<DomainException>(() => c.MoveTo(PipelineStage.Screening, null, "hr1", T0));

        Assert.Equal("CandidateStageMoveNotAllowed", ex.MessageKey);
        Assert.Equal(PipelineStage.Hired, c.Stage);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-an-email")]
    [InlineData("a@b")]
    [InlineData("two@@example.com")]
    public void InvalidEmail_IsRefused(string email)
    {
        var ex = Assert.Throws<DomainException>(() => Candidate.Create(Guid.NewGuid(), "李四", "13800138000", email == "" ? "x y@z.com" : email, CandidateSource.Direct, null, [], null, T0));
        Assert.Equal("EmailInvalid", ex.MessageKey);
    }

    [Fact]
    public void NamePieces_AreEveryCharacterAndAdjacentPair_InLowerCase()
    {
        var c = Candidate.Create(Guid.NewGuid(), "王小明", "13800138000", null, CandidateSource.Direct, null, [], null, T0);
        var english = Candidate.Create(Guid.NewGuid(), "Li Na", "13800138001", null, CandidateSource.Direct, null, [], null, T0);

        Assert.Equal(["小", "小明", "明", "王", "王小"], c.NameGrams.Select(g => g.Gram).Order(StringComparer.Ordinal));
        Assert.All(c.NameGrams, g => Assert.Equal(c.Id, g.CandidateId));
        Assert.Equal(["a", "i", "l", "li", "n", "na"], english.NameGrams.Select(g => g.Gram).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Rename_KeepsTheNamePiecesInStep_AndKeepsThoseStillThere()
    {
        var c = Candidate.Create(Guid.NewGuid(), "王小明", "13800138000", null, CandidateSource.Direct, null, [], null, T0);
        var kept = c.NameGrams.Single(g => g.Gram == "小明");

        c.Update("李小明", "13800138000", null, CandidateSource.Direct, null);

        Assert.Equal(["小", "小明", "明", "李", "李小"], c.NameGrams.Select(g => g.Gram).Order(StringComparer.Ordinal));
        Assert.Same(kept, c.NameGrams.Single(g => g.Gram == "小明"));
    }

    [Theory]
    [InlineData("王", "王")]
    [InlineData("Zhang", "zh")]
    [InlineData(" 小明 ", "小明")]
    [InlineData("a b", "a")]
    [InlineData("   ", null)]
    public void SearchKey_IsTheFirstPairWithoutASpace_ElseTheFirstCharacter(string text, string? key) =>
        Assert.Equal(key, CandidateNameGram.SearchKey(text));
}
