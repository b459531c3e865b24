using InterviewPortal.Domain;
using InterviewPortal.Domain.Permission;
using InterviewPortal.Web.Features.Permission;

namespace InterviewPortal.Tests.Domain.Permission;

public sealed class PermissionApplicationTests
{
    private static readonly DateTime Now = new(2026, 9, 1, 2, 0, 0, DateTimeKind.Utc);
    private static readonly ImageInfo Png = new("image/png", ".png", 800, 600);

    private static ServiceCategory Category(Guid id) => PermissionSeed.Categories().Single(c => c.Id == id);

    private static PermissionApplication Ready()
    {
        var app = PermissionApplication.Start(Guid.NewGuid(), "wx0123456789abcdef", "面试通", "owner", Now);
        app.ChooseCategory(Category(PermissionSeed.ItMultiPartyCommunication), Now);
        app.AddMaterial(Guid.NewGuid(), MaterialKind.BusinessLicence, "licence.png", Png, 1000, "aa", "hr", Now);
        app.SetFiling("上海某某科技有限公司", "沪ICP备12345678号", "上海某某科技有限公司", Now);
        app.SetBusinessDescription("# 业务说明", Now);
        return app;
    }

    [Fact]
    public void FirstEdit_MovesNotStartedToPreparing_AsSubmissionOne()
    {
        var app = PermissionApplication.Start(Guid.NewGuid(), "wx0123456789abcdef", "面试通", "owner", Now);
        Assert.Equal(PermissionState.NotStarted, app.State);

        app.ChooseCategory(Category(PermissionSeed.GuideRecruitingOnlineInterview), Now);

        Assert.Equal(PermissionState.Preparing, app.State);
        Assert.Equal(1, app.Current!.Number);
        Assert.False(app.CategoryEligible); // the ineligible choice is allowed and recorded as such
        Assert.Equal("商业服务 › 招聘/求职 › 在线面试", app.CategoryPath);
    }

    [Fact]
    public void Submit_IsRefused_ListingEveryMissingRequirement()
    {
        var app = PermissionApplication.Start(Guid.NewGuid(), "wx0123456789abcdef", "面试通", "owner", Now);
        app.SetFiling("上海某某科技有限公司", "沪ICP备12345678号", "北京另一家公司", Now);

        var ex = Assert.Throws<DomainException>(() => app.Submit("hr", Now));

        Assert.Equal("PermissionSubmitMissing", ex.MessageKey);
        Assert.Equal(
            [SubmitRequirement.Category, SubmitRequirement.BusinessLicence, SubmitRequirement.IcpEntityMatchesLicence, SubmitRequirement.BusinessDescription],
            app.MissingForSubmit());
        Assert.Equal(PermissionState.Preparing, app.State);
    }

    [Fact]
    public void MissingScreenshots_AreRecommendations_NotBlockers()
    {
        var app = Ready();

        Assert.Empty(app.MissingForSubmit());
        Assert.Equal(4, app.MissingRecommended().Count);
        app.Submit("hr", Now);
        Assert.Equal(PermissionState.Submitted, app.State);
    }

    [Fact]
    public void IcpEntity_MustEqualTheLicenceCompany_IgnoringSpacesAndBracketWidth()
    {
        Assert.True(PermissionApplication.SameEntity("上海某某（科技）有限公司", "上海某某(科技) 有限公司"));
        Assert.False(PermissionApplication.SameEntity("上海某某科技有限公司", "上海某某信息科技有限公司"));
    }

    [Fact]
    public void Rejection_ReturnsToPreparing_AsTheNextSubmission_KeepingTheRejectedOneWithItsReasonAndSnapshot()
    {
        var app = Ready();
        app.Submit("hr", Now);
        app.MarkUnderReview(Now.AddDays(1));

        app.Reject(RejectionReason.UnclearDescription, "请补充使用流程", "hr", Now.AddDays(3));

        Assert.Equal(PermissionState.Preparing, app.State);
        Assert.Equal(2, app.Current!.Number);
        var first = app.Submissions.Single(s => s.Number == 1);
        Assert.Equal(SubmissionOutcome.Rejected, first.Outcome);
        Assert.Equal(RejectionReason.UnclearDescription, first.RejectionReason);
        Assert.Equal("请补充使用流程", first.RejectionNote);
        Assert.Equal("IT科技 › 多方通信", first.CategoryPath);
        Assert.Single(first.SubmittedMaterialIds());
        Assert.Empty(app.MissingForSubmit()); // everything carries over to submission 2
    }

    [Fact]
    public void ReplacingAFile_KeepsTheOldOneOnItsSubmission()
    {
        var app = Ready();
        var old = app.Materials.Single();
        app.Submit("hr", Now);
        app.Reject(RejectionReason.UnclearMaterials, null, "hr", Now);

        var replacement = app.AddMaterial(Guid.NewGuid(), MaterialKind.BusinessLicence, "licence-clear.png", Png, 2000, "bb", "hr", Now);

        Assert.Equal(2, app.Materials.Count);
        Assert.NotNull(old.ReplacedAtUtc);
        Assert.Equal(1, old.SubmissionNumber);
        Assert.Equal(2, replacement.SubmissionNumber);
        Assert.Equal([replacement.Id], app.CurrentMaterials.Select(m => m.Id));
        Assert.Equal([old.Id], app.Submissions.Single(s => s.Number == 1).SubmittedMaterialIds());
    }

    [Fact]
    public void Other_AsRejectionReason_NeedsTheReviewersNote()
    {
        var app = Ready();
        app.Submit("hr", Now);

        Assert.Equal("PermissionRejectionNoteRequired", Assert.Throws<DomainException>(() => app.Reject(RejectionReason.Other, " ", "hr", Now)).MessageKey);
    }

    [Fact]
    public void Approval_ThenBothSwitches_ByNamedUsers_Enable()
    {
        var app = Ready();
        app.Submit("hr", Now);
        app.Approve("hr", Now);

        Assert.False(app.TickSwitch(LiveSwitch.LivePlayer, "li", Now.AddHours(1)));
        Assert.Equal(PermissionState.Approved, app.State);
        Assert.Equal("PermissionSwitchAlreadyTicked", Assert.Throws<DomainException>(() => app.TickSwitch(LiveSwitch.LivePlayer, "x", Now)).MessageKey);
        Assert.True(app.TickSwitch(LiveSwitch.LivePusher, "wang", Now.AddHours(2)));

        Assert.Equal(PermissionState.Enabled, app.State);
        Assert.Equal(("li", Now.AddHours(1)), (app.LivePlayerSwitchedBy, app.LivePlayerSwitchedAtUtc!.Value));
        Assert.Equal(("wang", Now.AddHours(2)), (app.LivePusherSwitchedBy, app.LivePusherSwitchedAtUtc!.Value));
        Assert.Equal("PermissionWrongState", Assert.Throws<DomainException>(() => app.TickSwitch(LiveSwitch.LivePusher, "x", Now)).MessageKey);
    }

    [Fact]
    public void StatesCannotBeSkipped()
    {
        var app = Ready();

        Assert.Equal("PermissionWrongState", Assert.Throws<DomainException>(() => app.Approve("hr", Now)).MessageKey);
        Assert.Equal("PermissionWrongState", Assert.Throws<DomainException>(() => app.MarkUnderReview(Now)).MessageKey);
        Assert.Equal("PermissionWrongState", Assert.Throws<DomainException>(() => app.TickSwitch(LiveSwitch.LivePlayer, "hr", Now)).MessageKey);
        app.Submit("hr", Now);
        Assert.Equal("PermissionWrongState", Assert.Throws<DomainException>(() => app.SetBusinessDescription("changed after submit", Now)).MessageKey);
        Assert.Equal("PermissionWrongState", Assert.Throws<DomainException>(() => app.Submit("hr", Now)).MessageKey);
    }

    [Theory]
    [InlineData("wx0123456789abcdef", true)]
    [InlineData("wx0123456789ABCDEF", false)]
    [InlineData("0123456789abcdef", false)]
    [InlineData("wx0123", false)]
    public void AppId_IsWxFollowedBySixteenHexDigits(string appId, bool valid)
    {
        if (valid)
        {
            Assert.Equal(appId, PermissionApplication.NormalizeAppId(appId));
        }
        else
        {
            Assert.Equal("PermissionAppIdFormat", Assert.Throws<DomainException>(() => PermissionApplication.NormalizeAppId(appId)).MessageKey);
        }
    }

    [Fact]
    public void SeededCategories_MarkTheGuidesRecruitingCategoryIneligible_WithItMultiPartyCommunicationAsTheAlternative()
    {
        var all = PermissionSeed.Categories();
        var recruiting = all.Single(c => c.Id == PermissionSeed.GuideRecruitingOnlineInterview);

        Assert.False(recruiting.EligibleForLivePusher);
        Assert.Equal("IT科技 › 多方通信", all.Single(c => c.Id == recruiting.EligibleAlternativeId).Path);
        Assert.True(all.Single(c => c.Id == PermissionSeed.ItMultiPartyCommunication).EligibleForLivePusher);
        Assert.Equal(5, all.Count(c => !c.EligibleForLivePusher));
        Assert.All(all.Where(c => !c.EligibleForLivePusher), c => Assert.True(all.Single(a => a.Id == c.EligibleAlternativeId).EligibleForLivePusher));
    }
}
