using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using InterviewPortal.Domain.Identity;
using InterviewPortal.Domain.Recruiting;
using InterviewPortal.Domain.Reminders;
using InterviewPortal.Domain.Sessions;
using InterviewPortal.Tests.TestSupport;
using InterviewPortal.Tests.Web.Reminders;
using InterviewPortal.Web.Features.Invitations;
using InterviewPortal.Web.Features.MiniProgram;
using InterviewPortal.Web.Features.Recordings;
using InterviewPortal.Web.Features.Reminders;
using InterviewPortal.Web.Integrations.WeChat;
using InterviewPortal.Web.Integrations.Zego;
using InterviewPortal.Web.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

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

    private const string ZegoSecret = "cb_secret_example_0001";

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

    [Theory]
    [InlineData("timeout", "no answer within")]
    [InlineData("502", "HTTP 502")]
    [InlineData("garbage", "not JSON")]
    public async Task ZegoFailingToStartTheRecording_LeavesOneRetryingRow_SaysSoOnTheInterviewPage_AndTheSweepStartsItOnceZegoIsBack(string fault, string error)
    {
        await using var z = await ZegoWorld.StartAsync();
        var w = await z.InterviewAsync();
        z.Break(fault, "StartRecord");

        await z.BothJoinAsync(w);

        var recording = await z.SingleRecordingAsync(w.InterviewA);
        Assert.Equal((RecordingState.Starting, 1, (string?)null, (DateTime?)null), (recording.State, recording.StartAttempts, recording.TaskId, recording.StartedAtUtc));
        Assert.Contains(error, recording.LastError);
        Assert.False(await z.App.WithDbAsync(db => db.Interviews.Where(i => i.Id == w.InterviewA).Select(i => i.RecordingStarted).SingleAsync()));
        Assert.Equal(0, await z.AuditCountAsync("Recording.Started", w.InterviewA));
        var (hr, _) = await z.App.SignedInAsync($"hr.{Guid.NewGuid():N}@example.com", Roles.HR);
        var page = await hr.GetStringAsync($"/interviews/{w.InterviewA}");
        Assert.Contains("data-testid=\"recording-retrying\"", page);
        Assert.Contains("录制尚未开始，系统每分钟自动重试（已尝试 1 次，最多 5 次）", page);

        z.Mend();
        await z.SweepAsync();
        await z.SweepAsync();

        recording = await z.SingleRecordingAsync(w.InterviewA);
        Assert.Equal((RecordingState.Recording, 2, (string?)null), (recording.State, recording.StartAttempts, recording.LastError));
        Assert.Equal(z.Zego.TaskIdFor(recording.ClientTaskId), recording.TaskId);
        Assert.Equal([recording.ClientTaskId], z.Zego.Requests("StartRecord").Select(r => r["RecordInputParams"]!["ClientTaskId"]!.GetValue<string>()).Distinct());
        Assert.True(await z.App.WithDbAsync(db => db.Interviews.Where(i => i.Id == w.InterviewA).Select(i => i.RecordingStarted).SingleAsync()));
        Assert.Equal(1, await z.AuditCountAsync("Recording.Started", w.InterviewA));
        Assert.DoesNotContain("data-testid=\"recording-retrying\"", await hr.GetStringAsync($"/interviews/{w.InterviewA}"));
    }

    [Theory]
    [InlineData("timeout")]
    [InlineData("502")]
    [InlineData("garbage")]
    public async Task ZegoFailingToStopTheRecording_KeepsItRecording_AndTheSweepStopsItOnceZegoIsBack(string fault)
    {
        await using var z = await ZegoWorld.StartAsync();
        var w = await z.InterviewAsync();
        await z.BothJoinAsync(w);
        Assert.Equal(RecordingState.Recording, (await z.SingleRecordingAsync(w.InterviewA)).State);
        z.Break(fault, "StopRecord");

        await z.RoomClosesAsync(w);

        var recording = await z.SingleRecordingAsync(w.InterviewA);
        Assert.Equal((RecordingState.Recording, (DateTime?)null), (recording.State, recording.StoppedAtUtc));
        Assert.Equal(0, await z.AuditCountAsync("Recording.Stopped", w.InterviewA));

        z.Mend();
        var end = await z.App.WithDbAsync(db => db.Interviews.Where(i => i.Id == w.InterviewA).Select(i => i.EndUtc).SingleAsync());
        z.Clock.SetUtcNow(new DateTimeOffset(end + RecordingService.StopAfterPlannedEnd).AddMinutes(1));
        await z.SweepAsync();
        await z.SweepAsync();

        recording = await z.SingleRecordingAsync(w.InterviewA);
        Assert.Equal(RecordingState.Uploading, recording.State);
        Assert.NotNull(recording.StoppedAtUtc);
        Assert.All(z.Zego.Requests("StopRecord"), r => Assert.Equal(recording.TaskId, r["TaskId"]!.GetValue<string>()));
        Assert.Equal(1, await z.AuditCountAsync("Recording.Stopped", w.InterviewA));
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

    /// <summary>A portal recording interviews through the fake ZEGO server API, on a fake clock, with the room's callbacks at hand.</summary>
    private sealed class ZegoWorld : IAsyncDisposable
    {
        private ZegoCallbackSigner _signer = null!;

        public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

        public FakeZegoServer Zego { get; private set; } = null!;

        public PortalAppFactory App { get; private set; } = null!;

        public static async Task<ZegoWorld> StartAsync()
        {
            var z = new ZegoWorld();
            z.Zego = await FakeZegoServer.StartAsync(() => z.Clock.GetUtcNow());
            z.App = new PortalAppFactory(new Dictionary<string, string?>
            {
                ["Zego:AppId"] = FakeZegoServer.AppId.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Zego:ServerSecret"] = FakeZegoServer.ServerSecret,
                ["Zego:CallbackSecret"] = ZegoSecret,
                ["Zego:RecordingEnabled"] = "true",
                ["Zego:ServerApiBaseUrl"] = z.Zego.BaseAddress.ToString(),
                ["Zego:ServerApiTimeout"] = "00:00:00.5",
                ["Zego:Storage:Vendor"] = "10",
                ["Zego:Storage:Bucket"] = FakeZegoServer.Bucket,
                ["Zego:Storage:AccessKeyId"] = "AKID",
                ["Zego:Storage:AccessKeySecret"] = "storage-secret",
                ["Zego:Storage:EndPoint"] = z.Zego.BaseAddress.ToString(),
                ["Zego:Storage:S3ForcePathStyle"] = "true",
            }, clock: z.Clock);
            z._signer = new ZegoCallbackSigner(ZegoSecret, z.Clock);
            _ = z.App.Server;
            return z;
        }

        /// <summary>The world's interview A, its candidate consenting to recording, five minutes before its start.</summary>
        public async Task<RecruitingWorld> InterviewAsync()
        {
            var w = await RecruitingWorld.CreateAsync(App);
            var start = await App.WithDbAsync(async db =>
            {
                var i = await db.Interviews.SingleAsync(x => x.Id == w.InterviewA);
                db.ConsentRecords.Add(ConsentRecord.Record(i.CandidateId, ConsentKind.Recording, true, "2026.1", ConsentChannel.MiniProgram, i.Id, DateTime.UtcNow));
                await db.SaveChangesAsync();
                return i.StartUtc;
            });
            Clock.SetUtcNow(new DateTimeOffset(start.AddMinutes(-5), TimeSpan.Zero));
            return w;
        }

        /// <summary>ZEGO's <paramref name="action"/> times out, answers 502 once, or answers garbage (the last two until <see cref="Mend"/>).</summary>
        public void Break(string fault, string action)
        {
            switch (fault)
            {
                case "timeout":
                    Zego.Delay = TimeSpan.FromSeconds(3);
                    break;
                case "garbage":
                    Zego.AnswerGarbage = true;
                    break;
                default:
                    Zego.QueueHttpFailure(action, int.Parse(fault, System.Globalization.CultureInfo.InvariantCulture));
                    break;
            }
        }

        public void Mend()
        {
            Zego.Delay = TimeSpan.Zero;
            Zego.AnswerGarbage = false;
        }

        /// <summary>The panel, then the candidate, log in to the room: both are present, so the recording starts.</summary>
        public async Task BothJoinAsync(RecruitingWorld w)
        {
            var room = await RoomAsync(w);
            await SendAsync(room, "room_login", Login(MiniProgramService.InterviewerVideoUserId(w.InterviewerA), "1"));
            await SendAsync(room, "room_login", Login(MiniProgramService.CandidateVideoUserId(w.CandidateA), "2"));
        }

        public async Task RoomClosesAsync(RecruitingWorld w) =>
            await SendAsync(await RoomAsync(w), "room_close", new() { ["room_session_id"] = 77, ["close_reason"] = 0, ["room_close_time"] = Ms() });

        public async Task SweepAsync()
        {
            await using var scope = App.Services.CreateAsyncScope();
            await ActivatorUtilities.CreateInstance<SessionAttendanceJob>(scope.ServiceProvider).RunAsync(CancellationToken.None);
        }

        public Task<Recording> SingleRecordingAsync(Guid interviewId) =>
            App.WithDbAsync(db => db.Recordings.AsNoTracking().SingleAsync(r => r.InterviewId == interviewId));

        public Task<int> AuditCountAsync(string action, Guid interviewId) =>
            App.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Action == action && a.TargetId == interviewId.ToString()));

        private Task<string> RoomAsync(RecruitingWorld w) => App.WithDbAsync(db => db.Interviews.Where(i => i.Id == w.InterviewA).Select(i => i.VideoRoomId).SingleAsync());

        private Dictionary<string, JsonNode?> Login(string user, string session) => new()
        {
            ["room_seq"] = "77", ["user_account"] = user, ["session_id"] = session, ["login_time"] = Ms(), ["auth_level"] = "4", ["relogin"] = "0",
            ["user_update_seq"] = session, ["term_type"] = "7",
        };

        private string Ms() => Clock.GetUtcNow().ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture);

        private async Task SendAsync(string room, string name, Dictionary<string, JsonNode?> fields)
        {
            Clock.Advance(TimeSpan.FromSeconds(5));
            var o = new JsonObject { ["event"] = name, ["appid"] = "1234567890", ["room_id"] = room, ["timestamp"] = "0" };
            foreach (var (k, v) in fields)
            {
                o[k] = v;
            }

            var response = await App.CreateClient().PostAsync(ZegoCallbackEndpoints.Path, new StringContent(_signer.Sign(o), Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            await App.Services.GetRequiredService<ZegoCallbackProcessor>().ProcessPendingAsync(CancellationToken.None);
        }

        public async ValueTask DisposeAsync()
        {
            await App.DisposeAsync();
            await Zego.DisposeAsync();
        }
    }
}
