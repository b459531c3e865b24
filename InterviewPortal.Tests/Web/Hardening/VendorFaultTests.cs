using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using InterviewPortal.Tests.TestSupport;
using InterviewPortal.Web.Features.Invitations;
using InterviewPortal.Web.Features.MiniProgram;
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
