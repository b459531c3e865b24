using InterviewPortal.Tests.TestSupport;
using InterviewPortal.Web.Features.Invitations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace InterviewPortal.Tests.Web.Hardening;

/// <summary>
/// Faults at the edges, through the real portal: WeChat failing to make an invitation code. The other fault scenarios of issue 10 have their own tests: the dispatcher killed and
/// restarted and two portals on one database (ReminderDeliveryTests, ReminderJourneyTests), ZEGO's server API timing
/// out, answering 5xx or garbage (ZegoServerApiTests.TimeoutsHttpErrorsAndGarbage_AreFailuresWithoutACode), WeChat
/// unreachable, over quota or refusing its token (WeChatClientTests), SQLite's write lock held by another connection
/// while the portal writes, briefly, under a stream of other writers, and past the timeout (WriteLockTests).
/// </summary>
[Collection(PortalHostCollection.Name)]
public sealed class FaultTests
{
    [Theory]
    [InlineData(503)]
    [InlineData(500)]
    // An empty 200: neither the image nor WeChat's JSON errcode, i.e. garbage.
    [InlineData(200)]
    public async Task WeChatFailingToMakeACode_LeavesTheInvitationUsable_AndTheCardDegraded_UntilARetryMakesIt(int status)
    {
        await using var weChat = await FakeWeChatServer.StartAsync();
        await using var app = new PortalAppFactory(new Dictionary<string, string?>
        {
            ["WeChat:ApiBaseUrl"] = weChat.BaseAddress.ToString(),
            ["WeChat:AppId"] = FakeWeChatServer.AppId,
            ["WeChat:AppSecret"] = FakeWeChatServer.AppSecret,
            ["Portal:PublicBaseUrl"] = "https://jobs.example.com",
        });
        _ = app.Server;
        var w = await RecruitingWorld.CreateAsync(app);
        var id = await app.WithDbAsync(db => db.Invitations.Where(i => i.InterviewId == w.InterviewA).Select(i => i.Id).SingleAsync());
        for (var k = 0; k < 3; k++)
        {
            weChat.QueueHttpFailure("getwxacodeunlimit", status);
        }

        Task MakeAsync() => RunAsync(app, sp => sp.GetRequiredService<InvitationCodeJob>().MakeAsync(id, CancellationToken.None));

        // Rethrown, so Hangfire retries it; the failure is kept for the card.
        Assert.NotNull(await Record.ExceptionAsync(MakeAsync));
        var degraded = await w.AsHrAsync(sp => sp.GetRequiredService<InvitationService>().GetCardAsync(w.InterviewA));
        Assert.False(degraded!.CodeReady);
        Assert.False(string.IsNullOrEmpty(degraded.CodeError));
        Assert.StartsWith("https://jobs.example.com/i/", degraded.Link);

        // Hangfire's retries: the queued failures run out, the code is made once, nothing else changed.
        Exception? last = new InvalidOperationException("not retried");
        for (var attempt = 0; attempt < 4 && last is not null; attempt++)
        {
            last = await Record.ExceptionAsync(MakeAsync);
        }

        Assert.Null(last);
        var card = await w.AsHrAsync(sp => sp.GetRequiredService<InvitationService>().GetCardAsync(w.InterviewA));
        Assert.True(card!.CodeReady);
        Assert.Null(card.CodeError);
        Assert.Equal(degraded.Link, card.Link);
        Assert.Equal(1, await app.WithDbAsync(db => db.Invitations.CountAsync(i => i.InterviewId == w.InterviewA)));
    }

    private static async Task RunAsync(PortalAppFactory app, Func<IServiceProvider, Task> work)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await work(scope.ServiceProvider);
    }
}
