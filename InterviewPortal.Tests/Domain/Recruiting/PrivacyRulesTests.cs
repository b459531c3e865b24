using InterviewPortal.Domain;
using InterviewPortal.Domain.Recruiting;

namespace InterviewPortal.Tests.Domain.Recruiting;

public sealed class PrivacyRulesTests
{
    private static readonly DateTime T0 = new(2026, 1, 10, 2, 0, 0, DateTimeKind.Utc);

    private static Candidate New() =>
        Candidate.Create(Guid.NewGuid(), "张三丰", "13800138000", "zhang.san@example.com", CandidateSource.Direct, null, [Guid.NewGuid()], "hr1", T0);

    [Theory]
    [InlineData(PipelineStage.Rejected)]
    [InlineData(PipelineStage.Withdrawn)]
    public void Retention_FallsDueTheSetNumberOfDaysAfterEnteringRejectedOrWithdrawn(PipelineStage exit)
    {
        var c = New();
        c.MoveTo(exit, "不合适", "hr1", T0.AddDays(3));

        Assert.Equal(T0.AddDays(3 + 180), CandidateRetention.DueAtUtc(c.Stage, c.StageEnteredAtUtc, c.AnonymisedAtUtc, 180));
        Assert.False(CandidateRetention.IsDue(c, 180, T0.AddDays(3 + 180).AddSeconds(-1)));
        Assert.True(CandidateRetention.IsDue(c, 180, T0.AddDays(3 + 180)));
    }

    [Theory]
    [InlineData(PipelineStage.Applied)]
    [InlineData(PipelineStage.Hired)]
    [InlineData(PipelineStage.Archived)]
    public void Retention_DoesNotApplyToActiveHiredOrTalentPoolCandidates(PipelineStage stage)
    {
        Assert.Null(CandidateRetention.DueAtUtc(stage, T0, null, 180));
    }

    [Fact]
    public void Retention_NeverAppliesTwice_AndMovingBackStopsTheClock()
    {
        var c = New();
        c.MoveTo(PipelineStage.Rejected, "不合适", "hr1", T0);
        c.MoveTo(PipelineStage.Applied, null, "hr1", T0.AddDays(100));
        Assert.False(CandidateRetention.IsDue(c, 180, T0.AddDays(400)));

        c.MoveTo(PipelineStage.Withdrawn, null, "hr1", T0.AddDays(101));
        c.Anonymise(T0.AddDays(300));
        Assert.False(CandidateRetention.IsDue(c, 180, T0.AddDays(400)));
    }

    [Theory]
    [InlineData(29)]
    [InlineData(3651)]
    public void RetentionDays_OutsideTheAllowedRange_AreRefused(int days)
    {
        Assert.Equal("RetentionDaysOutOfRange", Assert.Throws<DomainException>(() => CandidateRetention.CheckDays(days)).MessageKey);
    }

    [Fact]
    public void Anonymise_RemovesNameContactsAndWeChat_KeepsHistoryAndApplications_AndIsIdempotent()
    {
        var c = New();
        c.BindWeChat("oOPENID123", T0);
        c.MoveTo(PipelineStage.Rejected, "不合适", "hr1", T0.AddDays(1));

        Assert.True(c.Anonymise(T0.AddDays(200)));
        Assert.False(c.Anonymise(T0.AddDays(201)));

        Assert.Equal($"候选人 #{c.Id.ToString("N")[..8]}", c.Name);
        Assert.DoesNotContain("张", c.Name);
        Assert.Equal("", c.Phone);
        Assert.Null(c.Email);
        Assert.Null(c.WeChatOpenId);
        Assert.Null(c.WeChatBoundAtUtc);
        Assert.Empty(c.NameGrams);
        Assert.Equal(T0.AddDays(200), c.AnonymisedAtUtc);
        Assert.True(c.FilesPendingDeletion);
        Assert.Equal(2, c.History.Count);
        Assert.Single(c.Positions);
    }

    [Fact]
    public void AnAnonymisedCandidate_CannotBeEditedMovedOrBoundAgain()
    {
        var c = New();
        c.Anonymise(T0);

        Assert.Equal("CandidateAnonymised", Assert.Throws<DomainException>(() => c.Update("张三丰", "13800138000", null, CandidateSource.Direct, null)).MessageKey);
        Assert.Equal("CandidateAnonymised", Assert.Throws<DomainException>(() => c.MoveTo(PipelineStage.Screening, null, "hr1", T0)).MessageKey);
        Assert.Equal("CandidateAnonymised", Assert.Throws<DomainException>(() => c.BindWeChat("oOPENID123", T0)).MessageKey);
    }

    [Fact]
    public void Masking_PhoneAndEmail()
    {
        Assert.Equal("138****8000", ContactMasking.Phone("13800138000"));
        Assert.Equal("", ContactMasking.Phone(""));
        Assert.Equal("z***@example.com", ContactMasking.Email("zhang.san@example.com"));
        Assert.Null(ContactMasking.Email(null));
    }

    [Theory]
    [InlineData(ContactPlace.Details, true, false, true)]
    [InlineData(ContactPlace.Details, false, true, true)]
    [InlineData(ContactPlace.Details, false, false, false)]
    [InlineData(ContactPlace.List, true, false, false)]
    [InlineData(ContactPlace.Export, true, false, false)]
    [InlineData(ContactPlace.List, false, true, false)]
    public void Masking_FullValuesOnlyOnTheProfile_ForRecruitersAndTheSourcingAgency(ContactPlace place, bool recruiter, bool sourcingAgency, bool full)
    {
        var (phone, email) = ContactMasking.For(place, recruiter, sourcingAgency, "13800138000", "zhang.san@example.com");

        Assert.Equal(full ? "13800138000" : "138****8000", phone);
        Assert.Equal(full ? "zhang.san@example.com" : "z***@example.com", email);
    }

    [Fact]
    public void StaffRecordedConsent_KeepsChannelAndRecorder_RefusesTheMiniProgramChannel_AndTheLatestPerKindIsInForce()
    {
        var given = ConsentRecord.RecordByStaff(Guid.NewGuid(), ConsentKind.PersonalData, true, "v2", ConsentChannel.Paper, "hr1", T0) with { Id = 1 };
        var withdrawn = ConsentRecord.RecordByStaff(given.CandidateId, ConsentKind.PersonalData, false, "v2", ConsentChannel.Email, "hr1", T0.AddDays(1)) with { Id = 2 };
        var recording = ConsentRecord.Record(given.CandidateId, ConsentKind.Recording, true, "r1", ConsentChannel.MiniProgram, Guid.NewGuid(), T0) with { Id = 3 };

        var latest = ConsentRecord.Latest([withdrawn, given, recording]);

        Assert.Equal("hr1", given.RecordedBy);
        Assert.Equal(ConsentChannel.Paper, given.Channel);
        Assert.False(latest[ConsentKind.PersonalData].Granted);
        Assert.True(latest[ConsentKind.Recording].Granted);
        Assert.Equal("ConsentChannelInvalid", Assert.Throws<DomainException>(() => ConsentRecord.RecordByStaff(given.CandidateId, ConsentKind.Recording, true, "v2", ConsentChannel.MiniProgram, "hr1", T0)).MessageKey);
    }
}
