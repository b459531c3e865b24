using InterviewPortal.Tests.TestSupport;
using InterviewPortal.Web.Features.Invitations;
using InterviewPortal.Web.Integrations.WeChat;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace InterviewPortal.Tests.Web.Hardening;

/// <summary>
/// WeChat and ZEGO timing out, answering 5xx or answering garbage, through the real portal and its fakes on loopback:
/// the portal shows a degraded state, keeps what can wait for a retry, loses nothing and does nothing twice once the
/// vendor is back. WeChat's timeout is set to a second and ZEGO's to half a second; a "timing out" fake answers later
/// than that. (WeChat failing to make an invitation code with 5xx or garbage is FaultTests'; a ZEGO callback with a
/// garbage body is BadInputCorpusTests'.)
/// </summary>
[Collection(PortalHostCollection.Name)]
public sealed class VendorFaultTests
{
    /// <summary>Longer than a whole WeChat call may take with its retries (three times WeChat:Timeout).</summary>
    private static readonly TimeSpan WeChatHang = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task WeChatTimingOut_OnTheInvitationCode_LeavesTheInvitationUsableAndTheCardDegraded_UntilARetryMakesIt()
    {
        await using var weChat = await FakeWeChatServer.StartAsync();
        await using var app = new PortalAppFactory(WeChatSettings(weChat));
        _ = app.Server;
        var w = await RecruitingWorld.CreateAsync(app);
        var id = await app.WithDbAsync(db => db.Invitations.Where(i => i.InterviewId == w.InterviewA).Select(i => i.Id).SingleAsync());
        weChat.Slow("getwxacodeunlimit", WeChatHang);

        Task MakeAsync() => RunAsync(app, sp => sp.GetRequiredService<InvitationCodeJob>().MakeAsync(id, CancellationToken.None));

        // Rethrown for Hangfire to retry; the failure is kept for the card, whose link works meanwhile.
        var failure = await Record.ExceptionAsync(MakeAsync);
        Assert.Equal("WeChat_Unavailable", Assert.IsAssignableFrom<WeChatException>(failure).MessageKey);
        var degraded = await w.AsHrAsync(sp => sp.GetRequiredService<InvitationService>().GetCardAsync(w.InterviewA));
        Assert.False(degraded!.CodeReady);
        Assert.Contains("getwxacodeunlimit", degraded.CodeError);
        Assert.StartsWith("https://jobs.example.com/i/", degraded.Link);

        weChat.Slow("getwxacodeunlimit", TimeSpan.Zero);
        await MakeAsync();

        var card = await w.AsHrAsync(sp => sp.GetRequiredService<InvitationService>().GetCardAsync(w.InterviewA));
        Assert.True(card!.CodeReady);
        Assert.Null(card.CodeError);
        Assert.Equal(degraded.Link, card.Link);
        Assert.Equal(1, await app.WithDbAsync(db => db.Invitations.CountAsync(i => i.InterviewId == w.InterviewA)));
    }

    private static Dictionary<string, string?> WeChatSettings(FakeWeChatServer weChat) => new()
    {
        ["WeChat:ApiBaseUrl"] = weChat.BaseAddress.ToString(),
        ["WeChat:AppId"] = FakeWeChatServer.AppId,
        ["WeChat:AppSecret"] = FakeWeChatServer.AppSecret,
        ["WeChat:Timeout"] = "00:00:01",
        ["Portal:PublicBaseUrl"] = "https://jobs.example.com",
    };

    private static async Task RunAsync(PortalAppFactory app, Func<IServiceProvider, Task> work)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await work(scope.ServiceProvider);
    }
}
