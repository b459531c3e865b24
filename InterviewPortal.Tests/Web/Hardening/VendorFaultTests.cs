using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using InterviewPortal.Domain.Identity;
using InterviewPortal.Domain.Reminders;
using InterviewPortal.Tests.TestSupport;
using InterviewPortal.Tests.Web.Reminders;
using InterviewPortal.Web.Features.Invitations;
using InterviewPortal.Web.Features.MiniProgram;
using InterviewPortal.Web.Features.Reminders;
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

    [Theory]
    [InlineData("timeout", "TimeoutRejectedException")]
    [InlineData("503", "HTTP 503")]
    [InlineData("garbage", "neither the expected answer nor JSON")]
    public async Task WeChatFailingASubscribeMessage_KeepsTheReminderForARetryWithBackoff_ShowsItRetrying_AndSendsItOnceWhenWeChatIsBack(string fault, string error)
    {
        const string api = "subscribeMessage.send";
        const string openId = "o-candidate-fault";
        await using var host = await ReminderHost.StartAsync(email: false, extra: new Dictionary<string, string?> { ["WeChat:Timeout"] = "00:00:01" });
        var weChat = host.WeChat!;
        await host.SaveSettingsAsync(s => s with { WeChatTemplateId = ReminderHost.TemplateId, WeChatFields = "thing1=position;time2=start" });
        var w = await RecruitingWorld.CreateAsync(host.App);
        await host.DispatchAsync(); // the world's own confirmations
        var candidate = await host.CandidateAsync(w, "周九", null, openId);
        weChat.Subscribe(openId, ReminderHost.TemplateId, times: 5);
        // An interviewer of their own: the world's are busy at fixed times, which "now + 26 h" meets at some time of day.
        var panel = await TestUsers.CreateAsync(host.App.Services, $"ic.{Guid.NewGuid():N}@example.com", Roles.Interviewer);
        var interview = await w.ScheduleAsync(candidate, host.Now.AddHours(26), panel);
        Break(weChat, api, fault);

        var dispatch = host.DispatchAsync();
        if (fault == "timeout")
        {
            // WeChat's resilience pipeline times out on the portal's clock (Polly takes the TimeProvider from the services):
            // WeChat holds the message, and the clock moves past the one-second timeout.
            await weChat.HeldAsync(api).WaitAsync(TimeSpan.FromSeconds(30));
            host.Clock.Advance(TimeSpan.FromSeconds(2));
        }

        await dispatch;

        var row = await ConfirmationAsync(host, interview);
        Assert.Equal((ReminderState.Planned, 1), (row.State, row.Attempts));
        Assert.Contains(error, row.LastError);
        Assert.Equal(host.Now + Reminder.Backoff(1), row.NextAttemptAtUtc);
        Assert.Empty(weChat.SubscribeMessages);

        // HR sees it waiting for its retry, with WeChat's failure, on the interview's page.
        var shown = await w.AsHrAsync(sp => sp.GetRequiredService<ReminderService>().ForInterviewAsync(interview));
        Assert.True(shown.Single(r => r.Id == row.Id).Retrying);
        var (hr, _) = await host.App.SignedInAsync($"hr.{Guid.NewGuid():N}@example.com", Roles.HR);
        var page = await hr.GetStringAsync($"/interviews/{interview}");
        Assert.Contains("data-testid=\"reminder-retrying\"", page);
        Assert.Contains(WebUtility.HtmlEncode(error), page);

        Mend(weChat, api);
        await host.DispatchAsync();
        Assert.Empty(weChat.SubscribeMessages); // not before its backoff ends
        await host.At(row.NextAttemptAtUtc);
        await host.At(row.NextAttemptAtUtc.AddMinutes(30));

        row = await ConfirmationAsync(host, interview);
        Assert.Equal((ReminderState.Sent, 2), (row.State, row.Attempts));
        Assert.Equal(openId, Assert.Single(weChat.SubscribeMessages).GetProperty("touser").GetString());
    }

    [Theory]
    [InlineData("timeout")]
    [InlineData("503")]
    [InlineData("garbage")]
    public async Task WeChatFailingAtMiniProgramLogin_Is503ProblemInTheCallersLanguage_WritesNoSession_AndALaterLoginSucceeds(string fault)
    {
        const string api = "jscode2session";
        await using var weChat = await FakeWeChatServer.StartAsync();
        await using var app = new PortalAppFactory(WeChatSettings(weChat));
        _ = app.Server;
        var client = app.CreateClient();
        weChat.AddLoginCode("wx-code-zh", "o-login");
        weChat.AddLoginCode("wx-code-en", "o-login");
        Break(weChat, api, fault, times: 2);

        var zh = await LoginAsync(client, "wx-code-zh", "zh-CN");
        var en = await LoginAsync(client, "wx-code-en", "en-US");

        Assert.Equal("暂时无法连接微信，登录未完成，请稍后重新打开小程序再试。", await UnavailableTitleAsync(zh));
        Assert.Equal("WeChat cannot be reached right now, so you are not signed in; open the mini-program again in a moment.", await UnavailableTitleAsync(en));
        Assert.Equal(0, await app.WithDbAsync(db => db.MiniProgramSessions.CountAsync()));

        Mend(weChat, api);
        weChat.AddLoginCode("wx-code-later", "o-login");
        var later = await LoginAsync(client, "wx-code-later", "zh-CN");

        Assert.Equal(HttpStatusCode.OK, later.StatusCode);
        Assert.False(string.IsNullOrEmpty((await later.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("session").GetString()));
        Assert.Equal(1, await app.WithDbAsync(db => db.MiniProgramSessions.CountAsync()));
    }

    private static Dictionary<string, string?> WeChatSettings(FakeWeChatServer weChat) => new()
    {
        ["WeChat:ApiBaseUrl"] = weChat.BaseAddress.ToString(),
        ["WeChat:AppId"] = FakeWeChatServer.AppId,
        ["WeChat:AppSecret"] = FakeWeChatServer.AppSecret,
        ["WeChat:Timeout"] = "00:00:01",
        ["Portal:PublicBaseUrl"] = "https://jobs.example.com",
    };

    /// <summary>The next <paramref name="times"/> calls to <paramref name="api"/> fail that way (a timeout lasts until <see cref="Mend"/>).</summary>
    private static void Break(FakeWeChatServer weChat, string api, string fault, int times = 1)
    {
        for (var k = 0; k < times; k++)
        {
            switch (fault)
            {
                case "timeout":
                    weChat.Slow(api, WeChatHang);
                    break;
                case "garbage":
                    weChat.QueueGarbage(api);
                    break;
                default:
                    weChat.QueueHttpFailure(api, int.Parse(fault, System.Globalization.CultureInfo.InvariantCulture));
                    break;
            }
        }
    }

    private static void Mend(FakeWeChatServer weChat, string api) => weChat.Slow(api, TimeSpan.Zero);

    private static async Task<Reminder> ConfirmationAsync(ReminderHost host, Guid interview) =>
        (await host.RemindersAsync(interview)).Single(r => r.Kind == ReminderKind.Scheduled && r.Channel == ReminderChannel.WeChat && r.RecipientRole == ReminderRecipientRole.Candidate);

    private static Task<HttpResponseMessage> LoginAsync(HttpClient client, string code, string language) =>
        client.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"{MiniProgramEndpoints.Prefix}/login")
        {
            Content = JsonContent.Create(new { code }),
            Headers = { AcceptLanguage = { new(language) } },
        });

    private static async Task<string?> UnavailableTitleAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("wechat_unavailable", problem.GetProperty("code").GetString());
        return problem.GetProperty("title").GetString();
    }

    private static async Task RunAsync(PortalAppFactory app, Func<IServiceProvider, Task> work)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await work(scope.ServiceProvider);
    }
}
