using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using InterviewPortal.Domain.Identity;
using InterviewPortal.Domain.Interviews;
using InterviewPortal.Domain.Invitations;
using InterviewPortal.Tests.TestSupport;
using InterviewPortal.Web.Features.Interviews;
using InterviewPortal.Web.Features.Invitations;
using InterviewPortal.Web.Features.MiniProgram;
using InterviewPortal.Web.Features.Recruiting;
using InterviewPortal.Web.Integrations.Zego;
using InterviewPortal.Web.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace InterviewPortal.Tests.Web.Audit;

/// <summary>
/// One running portal with every vendor faked on loopback (ZEGO API and callbacks, WeChat, SMTP), a fake clock and a
/// small company (<see cref="RecruitingWorld"/>), plus an admin and an auditor: what the audit scenarios act in. Each
/// scenario makes what it needs (its own candidate, interview, session), so they pass in any order.
/// </summary>
public sealed class AuditWorld : IAsyncLifetime
{
    public const string CallbackSecret = "cb_secret_audit_0001";
    private DateTime _lastSlot;
    private int _openIds;

    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    public FakeZegoServer Zego { get; private set; } = null!;

    public FakeWeChatServer WeChat { get; private set; } = null!;

    public FakeSmtpServer Smtp { get; private set; } = null!;

    public PortalAppFactory App { get; private set; } = null!;

    public ZegoCallbackSigner Signer { get; private set; } = null!;

    public RecruitingWorld W { get; private set; } = null!;

    public string Admin { get; private set; } = "";

    public string Auditor { get; private set; } = "";

    public DateTime Now => Clock.GetUtcNow().UtcDateTime;

    public async Task InitializeAsync()
    {
        Zego = await FakeZegoServer.StartAsync(() => Clock.GetUtcNow());
        WeChat = await FakeWeChatServer.StartAsync();
        Smtp = FakeSmtpServer.Start();
        App = new PortalAppFactory(new Dictionary<string, string?>
        {
            ["Portal:PublicBaseUrl"] = "https://jobs.example.com",
            ["WeChat:ApiBaseUrl"] = WeChat.BaseAddress.ToString(),
            ["WeChat:AppId"] = FakeWeChatServer.AppId,
            ["WeChat:AppSecret"] = FakeWeChatServer.AppSecret,
            ["Zego:AppId"] = FakeZegoServer.AppId.ToString(),
            ["Zego:ServerSecret"] = FakeZegoServer.ServerSecret,
            ["Zego:CallbackSecret"] = CallbackSecret,
            ["Zego:RecordingEnabled"] = "true",
            ["Zego:RecordingRetentionDays"] = "1",
            ["Zego:ServerApiBaseUrl"] = Zego.BaseAddress.ToString(),
            ["Zego:Storage:Vendor"] = "10",
            ["Zego:Storage:Bucket"] = FakeZegoServer.Bucket,
            ["Zego:Storage:AccessKeyId"] = "AKID",
            ["Zego:Storage:AccessKeySecret"] = "storage-secret",
            ["Zego:Storage:EndPoint"] = Zego.BaseAddress.ToString(),
            ["Zego:Storage:S3ForcePathStyle"] = "true",
            ["Smtp:Host"] = "127.0.0.1",
            ["Smtp:Port"] = Smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Smtp:Security"] = "None",
            ["Smtp:FromAddress"] = "portal@example.com",
        }, clock: Clock);
        Signer = new ZegoCallbackSigner(CallbackSecret, Clock);
        _ = App.Server;
        W = await RecruitingWorld.CreateAsync(App);
        Admin = await TestUsers.CreateAsync(App.Services, "admin.audit@example.com", Roles.Admin);
        Auditor = await TestUsers.CreateAsync(App.Services, "auditor.audit@example.com", Roles.Auditor);
        _lastSlot = Now;
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await Zego.DisposeAsync();
        await WeChat.DisposeAsync();
        await Smtp.DisposeAsync();
    }

    public Task<T> AsAsync<T>(string user, string role, Func<IServiceProvider, Task<T>> work) => W.AsAsync(user, [role], null, work);

    public Task AsAsync(string user, string role, Func<IServiceProvider, Task> work) => W.AsAsync(user, [role], null, async sp => { await work(sp); return true; });

    public Task<T> AsHrAsync<T>(Func<IServiceProvider, Task<T>> work) => W.AsHrAsync(work);

    public Task AsHrAsync(Func<IServiceProvider, Task> work) => W.AsHrAsync(work);

    public Task AsAdminAsync(Func<IServiceProvider, Task> work) => AsAsync(Admin, Roles.Admin, work);

    public Task<T> AsAdminAsync<T>(Func<IServiceProvider, Task<T>> work) => AsAsync(Admin, Roles.Admin, work);

    /// <summary>A start at least <paramref name="ahead"/> from the clock, two hours after the last one handed out and clear of the world's own interviews (no double booking).</summary>
    public DateTime NextSlot(TimeSpan ahead)
    {
        lock (this)
        {
            var at = Now + ahead > _lastSlot.AddHours(2) ? Now + ahead : _lastSlot.AddHours(2);
            // Clear of the recruiting world's own two interviews on interviewer A's and B's panels, which a slot two days
            // ahead meets when the tests run between 23:00 and 01:10 UTC.
            _lastSlot = RecruitingWorld.ClearOfOwnInterviews(new DateTime(at.Year, at.Month, at.Day, at.Hour, 0, 0, DateTimeKind.Utc).AddHours(1));
            return _lastSlot;
        }
    }

    /// <summary>A new candidate (created by HR) with an interview of their own on interviewer A's panel.</summary>
    public async Task<(Guid Candidate, Guid Interview)> NewInterviewAsync(TimeSpan? ahead = null)
    {
        var candidate = await AsHrAsync(async sp => (await sp.GetRequiredService<CandidateService>().CreateAsync(
            new CandidateForm { Name = "审计候选人", Phone = TestPhones.Next(), Email = $"c{Guid.NewGuid():N}@example.com", PositionIds = [W.Position] })).CreatedId!.Value);
        var interview = await W.ScheduleAsync(candidate, NextSlot(ahead ?? TimeSpan.FromDays(2)), W.InterviewerA);
        return (candidate, interview);
    }

    public Task<(DateTime Start, string Room)> InterviewFactsAsync(Guid interview) =>
        App.WithDbAsync(async db => await db.Interviews.Where(i => i.Id == interview).Select(i => new ValueTuple<DateTime, string>(i.StartUtc, i.VideoRoomId)).SingleAsync());

    /// <summary>A browser-like client signed in as an existing user (the test users' password).</summary>
    public async Task<HttpClient> SignedInAsync(string userId)
    {
        var email = await App.WithDbAsync(db => db.Users.Where(u => u.Id == userId).Select(u => u.Email!).SingleAsync());
        var client = App.CreateBrowserLikeClient();
        Assert.Equal(HttpStatusCode.Redirect, (await PortalAppFactory.PostLoginAsync(client, email, TestUsers.Password)).StatusCode);
        return client;
    }

    public string NewOpenId() => $"openid-audit-{Interlocked.Increment(ref _openIds)}";

    /// <summary>How the trail names a mini-program candidate: never the openid itself.</summary>
    public static string CandidateActor(string openId) => "wechat:" + InvitationToken.Hash(openId)[..16];

    public async Task<HttpClient> MiniProgramAsync(string openId)
    {
        var code = "wx-" + Guid.NewGuid().ToString("N")[..12];
        WeChat.AddLoginCode(code, openId);
        var client = App.CreateClient();
        var login = await client.PostAsJsonAsync("/api/mp/v1/login", new { code });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var session = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("session").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", session);
        return client;
    }

    public async Task<string> InvitationTokenAsync(Guid interview)
    {
        var card = await AsHrAsync(sp => sp.GetRequiredService<InvitationService>().GetCardAsync(interview));
        return card!.Link![(card.Link!.LastIndexOf('/') + 1)..];
    }

    /// <summary>The candidate logs in to the mini-program and accepts the interview's invitation.</summary>
    public async Task<HttpClient> AcceptedAsync(Guid interview, string openId)
    {
        var client = await MiniProgramAsync(openId);
        var accept = await client.PostAsync($"/api/mp/v1/invitations/{await InvitationTokenAsync(interview)}/accept", null);
        Assert.Equal(HttpStatusCode.OK, accept.StatusCode);
        return client;
    }

    public async Task ConsentAsync(HttpClient candidate, Guid interview, bool recording)
    {
        var consent = await candidate.PostAsJsonAsync($"/api/mp/v1/interviews/{interview}/consent", new { recording, noticeVersion = "2026.11" });
        Assert.Equal(HttpStatusCode.OK, consent.StatusCode);
    }

    /// <summary>Moves the clock forward (never back) to <paramref name="at"/>.</summary>
    public void MoveClockTo(DateTime at)
    {
        if (at > Now)
        {
            Clock.SetUtcNow(new DateTimeOffset(at));
        }
    }

    public async Task PostCallbackAsync(JsonObject body)
    {
        var response = await App.CreateClient().PostAsync(ZegoCallbackEndpoints.Path, new StringContent(Signer.Sign(body), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await App.Services.GetRequiredService<ZegoCallbackProcessor>().ProcessPendingAsync(CancellationToken.None);
    }

    public async Task RunAttendanceSweepAsync()
    {
        await using var scope = App.Services.CreateAsyncScope();
        await ActivatorUtilities.CreateInstance<SessionAttendanceJob>(scope.ServiceProvider).RunAsync(CancellationToken.None);
    }

    /// <summary>The room of one interview, driven by signed ZEGO callbacks (minutes relative to its start).</summary>
    public Room RoomOf(Guid candidate, DateTime start, string room) => new(this, room, start, MiniProgramService.CandidateVideoUserId(candidate), MiniProgramService.InterviewerVideoUserId(W.InterviewerA));

    /// <summary>
    /// A whole recorded session: accepted invitation with recording consent, both parties in, out, the room closed and
    /// the file uploaded (<paramref name="whileLive"/> runs while both are in). Returns the interview and its recording file.
    /// </summary>
    public async Task<(Guid Interview, long FileId, string TaskId)> RecordedSessionAsync(Func<Guid, Task>? whileLive = null)
    {
        var (candidate, interview) = await NewInterviewAsync();
        var mp = await AcceptedAsync(interview, NewOpenId());
        await ConsentAsync(mp, interview, recording: true);
        var (start, roomId) = await InterviewFactsAsync(interview);
        MoveClockTo(start.AddMinutes(-5));
        var room = RoomOf(candidate, start, roomId);
        await room.PanelJoinsAsync(-3);
        await room.CandidateJoinsAsync(1);
        await RunAttendanceSweepAsync();
        if (whileLive is not null)
        {
            await whileLive(interview);
        }

        await room.LeaveAsync(50, 51);
        await room.CloseAsync(52);
        var taskId = await App.WithDbAsync(db => db.Recordings.Where(r => r.InterviewId == interview).Select(r => r.TaskId!).SingleAsync());
        var fileId = $"{taskId}_file.mp4";
        await PostCallbackAsync(new JsonObject
        {
            ["app_id"] = FakeZegoServer.AppId, ["task_id"] = taskId, ["room_id"] = roomId, ["event_type"] = 1, ["message"] = "", ["timestamp"] = "0", ["sequence"] = 3,
            ["detail"] = new JsonObject
            {
                ["upload_status"] = 1,
                ["file_info"] = new JsonArray(new JsonObject
                {
                    ["user_id"] = room.Candidate, ["user_name"] = room.Candidate, ["stream_id"] = "sc", ["file_id"] = fileId, ["video_id"] = "",
                    ["file_url"] = $"https://bucket.example.com/recordings/{fileId}", ["output_file_format"] = "mp4", ["file_size"] = 1000,
                    ["duration"] = 60000, ["resolution_width"] = 640, ["resolution_height"] = 480, ["media_track_type"] = 3,
                    ["begin_timestamp"] = Clock.GetUtcNow().ToUnixTimeMilliseconds(), ["status"] = 3,
                }),
            },
        });
        var file = await App.WithDbAsync(db => db.Recordings.Where(r => r.InterviewId == interview).SelectMany(r => r.Files).Select(f => f.Id).SingleAsync());
        return (interview, file, taskId);
    }

    public sealed class Room(AuditWorld world, string room, DateTime start, string candidate, string panel)
    {
        public string Candidate => candidate;

        public Task CreatedAsync(double at) => SendAsync("room_create", at, new() { ["room_session_id"] = 77, ["room_create_time"] = Ms(at) });

        public Task PanelJoinsAsync(double at) => SendAsync("room_login", at, Login(panel, "1", at));

        public Task CandidateJoinsAsync(double at) => SendAsync("room_login", at, Login(candidate, "2", at));

        public async Task LeaveAsync(double candidateAt, double panelAt)
        {
            await SendAsync("room_logout", candidateAt, new() { ["room_seq"] = "77", ["user_account"] = candidate, ["session_id"] = "2", ["logout_time"] = Ms(candidateAt), ["reason"] = "0", ["user_update_seq"] = "3" });
            await SendAsync("room_logout", panelAt, new() { ["room_seq"] = "77", ["user_account"] = panel, ["session_id"] = "1", ["logout_time"] = Ms(panelAt), ["reason"] = "0", ["user_update_seq"] = "4" });
        }

        public Task CloseAsync(double at) => SendAsync("room_close", at, new() { ["room_session_id"] = 77, ["close_reason"] = 0, ["room_close_time"] = Ms(at) });

        private Dictionary<string, JsonNode?> Login(string user, string session, double at) => new()
        {
            ["room_seq"] = "77", ["user_account"] = user, ["session_id"] = session, ["login_time"] = Ms(at), ["auth_level"] = "4", ["relogin"] = "0",
            ["user_update_seq"] = session, ["term_type"] = "7",
        };

        private string Ms(double minutes) => new DateTimeOffset(start.AddMinutes(minutes)).ToUnixTimeMilliseconds().ToString();

        private async Task SendAsync(string name, double at, Dictionary<string, JsonNode?> fields)
        {
            var o = new JsonObject { ["event"] = name, ["appid"] = "1234567890", ["room_id"] = room, ["timestamp"] = "0" };
            foreach (var (k, v) in fields)
            {
                o[k] = v;
            }

            world.MoveClockTo(start.AddMinutes(at).AddSeconds(2));
            await world.PostCallbackAsync(o);
        }
    }
}
