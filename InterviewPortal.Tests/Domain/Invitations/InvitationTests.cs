using InterviewPortal.Domain;
using InterviewPortal.Domain.Interviews;
using InterviewPortal.Domain.Invitations;
using InterviewPortal.Domain.Recruiting;

namespace InterviewPortal.Tests.Domain.Invitations;

public sealed class InvitationTests
{
    private static readonly DateTime T0 = new(2026, 11, 20, 8, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Tokens_AreLettersAndDigits_WithinWeChatsSceneLimit_AndNeverRepeat()
    {
        var tokens = Enumerable.Range(0, 10_000).Select(_ => InvitationToken.New()).ToList();

        Assert.All(tokens, t => Assert.True(InvitationToken.IsWellFormed(t)));
        Assert.All(tokens, t => Assert.InRange(t.Length, 1, 32));
        Assert.Equal(tokens.Count, tokens.Distinct(StringComparer.Ordinal).Count());
        // 24 symbols from 62 carry log2(62^24) ≈ 142.9 bits, above the 128 the domain rules ask for.
        Assert.True(InvitationToken.Length * Math.Log2(62) >= 128);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("short")]
    [InlineData("abcdefghijklmnopqrstuvwx-")]
    [InlineData("abcdefghijklmnopqrstuvwx/../")]
    [InlineData("abcdefghijklmnopqrstuvwxyz0123456789")]
    [InlineData("ａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘ")]
    public void MalformedTokens_AreRecognisedBeforeAnyLookup(string? token) => Assert.False(InvitationToken.IsWellFormed(token));

    [Fact]
    public void TheStoredHash_IsNotTheToken_AndIsStable()
    {
        var token = InvitationToken.New();

        Assert.Equal(64, InvitationToken.Hash(token).Length);
        Assert.Equal(InvitationToken.Hash(token), InvitationToken.Hash(token));
        Assert.DoesNotContain(token, InvitationToken.Hash(token), StringComparison.Ordinal);
    }

    [Fact]
    public void AnInvitation_IsActiveUntilTheJoinWindowCloses_ThenExpired()
    {
        var i = Issue(expires: T0.AddHours(2));

        Assert.Equal(InvitationStatus.Active, i.StatusAt(T0));
        Assert.Equal(InvitationStatus.Active, i.StatusAt(T0.AddHours(2).AddTicks(-1)));
        Assert.Equal(InvitationStatus.Expired, i.StatusAt(T0.AddHours(2)));
        Assert.Equal("InvitationExpired", Assert.Throws<DomainException>(() => i.RecordAccepted(T0.AddHours(3))).MessageKey);
    }

    [Fact]
    public void ARevokedInvitation_StaysRevoked_WithItsFirstReason()
    {
        var i = Issue(expires: T0.AddHours(2));

        i.Revoke(InvitationRevokeReason.Rescheduled, T0);
        i.Revoke(InvitationRevokeReason.Cancelled, T0.AddMinutes(5));

        Assert.Equal(InvitationStatus.Revoked, i.StatusAt(T0.AddMinutes(1)));
        Assert.Equal(InvitationRevokeReason.Rescheduled, i.RevokeReason);
        Assert.Equal("InvitationRevoked", Assert.Throws<DomainException>(() => i.RecordAccepted(T0.AddMinutes(1))).MessageKey);
    }

    [Fact]
    public void Tracking_KeepsTheFirstTimeAndCountsEveryUse()
    {
        var i = Issue(expires: T0.AddDays(1));

        i.RecordDownload(T0.AddMinutes(1));
        i.RecordDownload(T0.AddMinutes(2));
        i.RecordOpened(inMiniProgram: false, T0.AddMinutes(3));
        i.RecordOpened(inMiniProgram: true, T0.AddMinutes(4));
        i.RecordAccepted(T0.AddMinutes(5));

        Assert.Equal((2, T0.AddMinutes(1)), (i.DownloadCount, i.FirstDownloadedAtUtc!.Value));
        Assert.Equal((2, T0.AddMinutes(3), T0.AddMinutes(4)), (i.OpenCount, i.FirstOpenedAtUtc!.Value, i.OpenedInMiniProgramAtUtc!.Value));
        Assert.Equal(T0.AddMinutes(5), i.AcceptedAtUtc);
    }

    [Fact]
    public void TheJoinWindow_OpensTenMinutesBefore_AndClosesThirtyAfterTheEnd()
    {
        var (opens, closes) = SchedulingPolicy.Default.JoinWindow(T0, T0.AddHours(1));

        Assert.Equal(T0.AddMinutes(-10), opens);
        Assert.Equal(T0.AddMinutes(90), closes);
    }

    [Fact]
    public void ACandidatesWeChat_FirstBindingWins()
    {
        var c = Candidate.Create(Guid.NewGuid(), "张三", "13800138000", null, CandidateSource.Direct, null, [], null, T0);

        Assert.True(c.BindWeChat("openid-1", T0));
        Assert.False(c.BindWeChat("openid-1", T0.AddMinutes(1)));
        Assert.Equal("InvitationBoundToAnotherWeChat", Assert.Throws<DomainException>(() => c.BindWeChat("openid-2", T0)).MessageKey);
        Assert.Equal(("openid-1", T0), (c.WeChatOpenId, c.WeChatBoundAtUtc!.Value));
    }

    [Theory]
    [InlineData("张三", "张*")]
    [InlineData("欧阳娜娜", "欧***")]
    [InlineData("Li Wei", "L*****")]
    [InlineData("王", "王*")]
    public void PublicNames_ShowOnlyTheFirstCharacter(string name, string masked) => Assert.Equal(masked, PersonName.Mask(name));

    private static Invitation Issue(DateTime expires) =>
        Invitation.Issue(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), 1, InvitationToken.Hash("x"), "protected", expires, "hr", T0.AddHours(-1));
}
