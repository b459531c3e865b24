using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using InterviewPortal.Domain.Identity;
using InterviewPortal.Domain.Interviews;
using InterviewPortal.Domain.Recruiting;
using InterviewPortal.Domain.Sessions;
using InterviewPortal.Tests.TestSupport;
using InterviewPortal.Web.Features.MiniProgram;
using InterviewPortal.Web.Features.Recordings;
using InterviewPortal.Web.Integrations.Zego;
using InterviewPortal.Web.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace InterviewPortal.Tests.Web.Recordings;

/// <summary>
/// Cloud recording through the real portal, its callbacks and a fake ZEGO server API (which checks the signature):
/// started when both parties are in and the candidate consented, never without consent, stopped at the end, files from
/// the status callback, played only by those with the right and audited, deleted after the retention.
/// </summary>
[Collection(PortalHostCollection.Name)]
public sealed class RecordingTests : IAsyncLifetime
{
    private const string Secret = "cb_secret_example_0001";
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private FakeZegoServer _zego = null!;
    private PortalAppFactory _app = null!;
    private ZegoCallbackSigner _signer = null!;

    public async Task InitializeAsync()
    {
        _zego = await FakeZegoServer.StartAsync(() => _clock.GetUtcNow());
        _app = new PortalAppFactory(new Dictionary<string, string?>
        {
            ["Zego:AppId"] = FakeZegoServer.AppId.ToString(),
            ["Zego:ServerSecret"] = FakeZegoServer.ServerSecret,
            ["Zego:CallbackSecret"] = Secret,
            ["Zego:RecordingEnabled"] = "true",
            ["Zego:ServerApiBaseUrl"] = _zego.BaseAddress.ToString(),
            ["Zego:Storage:Vendor"] = "10",
            ["Zego:Storage:Bucket"] = FakeZegoServer.Bucket,
            ["Zego:Storage:AccessKeyId"] = "AKID",
            ["Zego:Storage:AccessKeySecret"] = "storage-secret",
            ["Zego:Storage:EndPoint"] = _zego.BaseAddress.ToString(),
            ["Zego:Storage:S3ForcePathStyle"] = "true",
        }, clock: _clock);
        _signer = new ZegoCallbackSigner(Secret, _clock);
        _ = _app.Server;
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _zego.DisposeAsync();
    }

    [Fact]
    public async Task AScriptedSession_IsRecordedOnce_StoppedAtTheEnd_AndItsFileIsPlayableByHr_WithTheViewAudited()
    {
        var (w, start, room) = await InterviewAsync(consent: true);
        var session = new Session(this, room, start, w);
        await session.RoomCreated(-4);
        await session.PanelJoins(-3);
        Assert.Empty(_zego.Requests("StartRecord"));
        await session.CandidateJoins(1);
        // A duplicate delivery and a second pass start nothing more.
        await session.CandidateJoins(1);
        await RunSweepAsync();

        var recording = await SingleRecordingAsync(w.InterviewA);
        Assert.Equal(RecordingState.Recording, recording.State);
        Assert.True(await _app.WithDbAsync(db => db.Interviews.Where(i => i.Id == w.InterviewA).Select(i => i.RecordingStarted).SingleAsync()));
        var start1 = Assert.Single(_zego.Requests("StartRecord"));
        Assert.Equal(room, start1["RoomId"]!.GetValue<string>());
        Assert.Equal(recording.TaskId, _zego.TaskIdFor(recording.ClientTaskId));

        await session.Streams(2, 55);
        await session.Leave(55.2, 56.2);
        await session.RoomClosed(57);
        Assert.Single(_zego.Requests("StopRecord"));
        Assert.Equal(RecordingState.Uploading, (await SingleRecordingAsync(w.InterviewA)).State);

        // ZEGO reports the upload (integrations §4.5 example shape), twice: ZEGO retries its status callbacks.
        var fileId = $"{recording.TaskId}_{room}_{session.Candidate}_sc_VA_20250101000015321.mp4";
        var ready = FileReady(recording.TaskId!, room, fileId, session.Candidate);
        await PostAsync(_signer.Sign(ready));
        await PostAsync(_signer.Sign(ready));
        await ProcessAsync();

        recording = await SingleRecordingAsync(w.InterviewA);
        Assert.Equal(RecordingState.Ready, recording.State);
        var file = Assert.Single(recording.Files);
        Assert.Equal((48213370L, 2375456L, 640, 480), (file.SizeBytes, file.DurationMs, file.Width, file.Height));
        Assert.Equal(InterviewStatus.Completed, await _app.WithDbAsync(db => db.Interviews.Where(i => i.Id == w.InterviewA).Select(i => i.Status).SingleAsync()));

        var overview = await w.AsHrAsync(sp => sp.GetRequiredService<RecordingService>().GetAsync(w.InterviewA));
        var row = Assert.Single(overview!.Recordings);
        Assert.Equal(("张三", true), (row.Files[0].PartyName, row.Files[0].Playable));
        Assert.True(overview.CandidateConsented);

        // HR plays it: a redirect to a short-lived signed link to the object in the bucket, and an audit entry with the IP.
        var (hr, _) = await _app.SignedInAsync($"hr.play.{Guid.NewGuid():N}@example.com", Roles.HR);
        var play = await hr.GetAsync(RecordingEndpoints.PlayPath(file.Id));
        Assert.Equal(HttpStatusCode.Redirect, play.StatusCode);
        var location = play.Headers.Location!;
        Assert.Equal($"/{FakeZegoServer.Bucket}/recordings/{fileId}", location.AbsolutePath);
        Assert.Contains("X-Amz-Signature=", location.Query);
        Assert.Contains("X-Amz-Expires=600", location.Query);
        var viewed = await _app.WithDbAsync(db => db.AuditEntries.Where(a => a.Action == "Recording.Viewed" && a.TargetId == w.InterviewA.ToString()).ToListAsync());
        Assert.NotNull(Assert.Single(viewed).IpAddress);
    }

    [Fact]
    public async Task OnlyHrAndTheInterviewsOwnPanel_MayPlay_AgenciesAndOtherInterviewersGet404_AndNothingIsAudited()
    {
        var (w, fileId) = await ReadyRecordingAsync();
        async Task<HttpStatusCode> PlayAs(string userId)
        {
            var email = await _app.WithDbAsync(db => db.Users.Where(u => u.Id == userId).Select(u => u.Email!).SingleAsync());
            var client = _app.CreateBrowserLikeClient();
            Assert.Equal(HttpStatusCode.Redirect, (await PortalAppFactory.PostLoginAsync(client, email, TestUsers.Password)).StatusCode);
            return (await client.GetAsync(RecordingEndpoints.PlayPath(fileId))).StatusCode;
        }

        Assert.Equal(HttpStatusCode.NotFound, await PlayAs(w.AgencyUserA));
        Assert.Equal(HttpStatusCode.NotFound, await PlayAs(w.InterviewerB));
        var (auditor, _) = await _app.SignedInAsync($"auditor.{Guid.NewGuid():N}@example.com", Roles.Auditor);
        Assert.Equal(HttpStatusCode.NotFound, (await auditor.GetAsync(RecordingEndpoints.PlayPath(fileId))).StatusCode);
        Assert.Equal(0, await _app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Action == "Recording.Viewed")));
        Assert.Null(await w.AsAsync(w.AgencyUserA, [Roles.Agency], w.AgencyA, sp => sp.GetRequiredService<RecordingService>().GetAsync(w.InterviewA)));

        Assert.Equal(HttpStatusCode.Redirect, await PlayAs(w.InterviewerA));
        Assert.Equal(1, await _app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Action == "Recording.Viewed")));
    }

    [Fact]
    public async Task WithoutConsent_TheInterviewIsNeverRecorded_AndSaysSo()
    {
        var (w, start, room) = await InterviewAsync(consent: false);
        var session = new Session(this, room, start, w);
        await session.RoomCreated(-4);
        await session.PanelJoins(-3);
        await session.CandidateJoins(1);
        await RunSweepAsync();

        Assert.Empty(_zego.Requests("StartRecord"));
        var recording = await SingleRecordingAsync(w.InterviewA);
        Assert.Equal(RecordingState.NotConsented, recording.State);
        Assert.False(await _app.WithDbAsync(db => db.Interviews.Where(i => i.Id == w.InterviewA).Select(i => i.RecordingStarted).SingleAsync()));
        var overview = await w.AsHrAsync(sp => sp.GetRequiredService<RecordingService>().GetAsync(w.InterviewA));
        Assert.False(overview!.CandidateConsented);
        Assert.Equal(1, await _app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Action == "Recording.NotConsented" && a.TargetId == w.InterviewA.ToString())));
    }

    [Fact]
    public async Task AFailedStart_IsRetriedByTheSweep_WithTheSameClientTaskId_SoZegoHasOneTask()
    {
        var (w, start, room) = await InterviewAsync(consent: true);
        _zego.QueueCode("StartRecord", 300000003);
        var session = new Session(this, room, start, w);
        await session.PanelJoins(-3);
        await session.CandidateJoins(1);
        var recording = await SingleRecordingAsync(w.InterviewA);
        Assert.Equal((RecordingState.Starting, 1), (recording.State, recording.StartAttempts));
        Assert.Contains("300000003", recording.LastError);

        await RunSweepAsync();
        await RunSweepAsync();
        recording = await SingleRecordingAsync(w.InterviewA);
        Assert.Equal((RecordingState.Recording, 2), (recording.State, recording.StartAttempts));
        var ids = _zego.Requests("StartRecord").Select(r => r["RecordInputParams"]!["ClientTaskId"]!.GetValue<string>()).Distinct();
        Assert.Equal([recording.ClientTaskId], ids);
    }

    [Fact]
    public async Task AnAbnormalEnd_IsShownWithItsReason()
    {
        var (w, start, room) = await InterviewAsync(consent: true);
        var session = new Session(this, room, start, w);
        await session.PanelJoins(-3);
        await session.CandidateJoins(1);
        var recording = await SingleRecordingAsync(w.InterviewA);
        await PostAsync(_signer.Sign(new JsonObject
        {
            ["app_id"] = FakeZegoServer.AppId, ["task_id"] = recording.TaskId, ["room_id"] = room, ["event_type"] = 2, ["message"] = "idle too long",
            ["timestamp"] = "0", ["sequence"] = 1, ["detail"] = new JsonObject { ["quit_reason"] = 3 },
        }));
        await ProcessAsync();
        recording = await SingleRecordingAsync(w.InterviewA);
        Assert.Equal((RecordingState.Failed, 3, "idle too long"), (recording.State, recording.FailureCode, recording.LastError));
    }

    [Fact]
    public async Task EveryRecordingStatusEvent_IsStoredOnceAndProcessed_AndTheStopReportsMoveTheRecordingToUploading()
    {
        var (w, start, room) = await InterviewAsync(consent: true);
        var session = new Session(this, room, start, w);
        await session.PanelJoins(-3);
        await session.CandidateJoins(1);
        var recording = await SingleRecordingAsync(w.InterviewA);
        var sequence = 10;
        foreach (var type in new[] { 3, 4, 6, 101, 102, 201, 202, 7, 5 })
        {
            var report = new JsonObject
            {
                ["app_id"] = FakeZegoServer.AppId, ["task_id"] = recording.TaskId, ["room_id"] = room, ["event_type"] = type, ["message"] = "",
                ["timestamp"] = "0", ["sequence"] = sequence++, ["detail"] = new JsonObject { ["stream_id"] = "sc" },
            };
            await PostAsync(_signer.Sign(report));
            await PostAsync(_signer.Sign(report));
        }

        await ProcessAsync();
        var stored = await _app.WithDbAsync(db => db.ZegoCallbacks.Where(c => c.Event.StartsWith("recording_")).ToListAsync());
        Assert.Equal(9, stored.Count);
        Assert.All(stored, c => Assert.NotNull(c.ProcessedAtUtc));
        Assert.Equal(RecordingState.Uploading, (await SingleRecordingAsync(w.InterviewA)).State);
    }

    [Fact]
    public async Task PastItsRetention_ARecordingIsDeletedFromRecordsAndStorage_AndTheDeletionIsAudited()
    {
        var (w, fileId) = await ReadyRecordingAsync();
        var job = (IServiceProvider sp) => ActivatorUtilities.CreateInstance<RecordingRetentionJob>(sp).RunAsync(CancellationToken.None);
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            _clock.Advance(TimeSpan.FromDays(179));
            await job(scope.ServiceProvider);
            Assert.Equal(RecordingState.Ready, (await SingleRecordingAsync(w.InterviewA)).State);
            _clock.Advance(TimeSpan.FromDays(1.1));
            await job(scope.ServiceProvider);
            await job(scope.ServiceProvider);
        }

        var recording = await SingleRecordingAsync(w.InterviewA);
        Assert.Equal((RecordingState.Deleted, true), (recording.State, recording.DeletedFromStorage));
        Assert.Null(recording.Files.Single().Url);
        var delete = Assert.Single(_zego.Deletes);
        Assert.StartsWith($"/{FakeZegoServer.Bucket}/recordings/", delete.Path);
        Assert.StartsWith("AWS4-HMAC-SHA256 Credential=AKID/", delete.Authorization);
        Assert.Equal(1, await _app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Action == "Recording.Deleted" && a.TargetId == w.InterviewA.ToString())));
        var (hr, _) = await _app.SignedInAsync($"hr.late.{Guid.NewGuid():N}@example.com", Roles.HR);
        Assert.Equal(HttpStatusCode.NotFound, (await hr.GetAsync(RecordingEndpoints.PlayPath(fileId))).StatusCode);
    }

    private async Task<(RecruitingWorld World, long FileId)> ReadyRecordingAsync()
    {
        var (w, start, room) = await InterviewAsync(consent: true);
        var session = new Session(this, room, start, w);
        await session.PanelJoins(-3);
        await session.CandidateJoins(1);
        await session.Leave(50, 51);
        await session.RoomClosed(52);
        var recording = await SingleRecordingAsync(w.InterviewA);
        await PostAsync(_signer.Sign(FileReady(recording.TaskId!, room, $"{recording.TaskId}_file.mp4", session.Candidate)));
        await ProcessAsync();
        return (w, (await SingleRecordingAsync(w.InterviewA)).Files.Single().Id);
    }

    private JsonObject FileReady(string taskId, string room, string fileId, string user) => new()
    {
        ["app_id"] = FakeZegoServer.AppId, ["task_id"] = taskId, ["room_id"] = room, ["event_type"] = 1, ["message"] = "", ["timestamp"] = "0", ["sequence"] = 3,
        ["detail"] = new JsonObject
        {
            ["upload_status"] = 1,
            ["file_info"] = new JsonArray(new JsonObject
            {
                ["user_id"] = user, ["user_name"] = user, ["stream_id"] = "sc", ["file_id"] = fileId, ["video_id"] = "",
                ["file_url"] = $"https://bucket.example.com/recordings/{fileId}", ["output_file_format"] = "mp4", ["file_size"] = 48213370,
                ["duration"] = 2375456, ["resolution_width"] = 640, ["resolution_height"] = 480, ["media_track_type"] = 3,
                ["begin_timestamp"] = _clock.GetUtcNow().ToUnixTimeMilliseconds(), ["status"] = 3,
            }),
        },
    };

    private async Task<(RecruitingWorld World, DateTime Start, string Room)> InterviewAsync(bool consent)
    {
        var w = await RecruitingWorld.CreateAsync(_app);
        var (start, room) = await _app.WithDbAsync(async db =>
        {
            var i = await db.Interviews.SingleAsync(x => x.Id == w.InterviewA);
            db.ConsentRecords.Add(ConsentRecord.Record(i.CandidateId, ConsentKind.Recording, consent, "2026.1", ConsentChannel.MiniProgram, i.Id, DateTime.UtcNow));
            await db.SaveChangesAsync();
            return (i.StartUtc, i.VideoRoomId);
        });
        _clock.SetUtcNow(new DateTimeOffset(start.AddMinutes(-5)));
        return (w, start, room);
    }

    private Task<Recording> SingleRecordingAsync(Guid interviewId) =>
        _app.WithDbAsync(db => db.Recordings.Include(r => r.Files).SingleAsync(r => r.InterviewId == interviewId));

    private async Task PostAsync(string json)
    {
        var response = await _app.CreateClient().PostAsync(ZegoCallbackEndpoints.Path, new StringContent(json, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private Task ProcessAsync() => _app.Services.GetRequiredService<ZegoCallbackProcessor>().ProcessPendingAsync(CancellationToken.None);

    private async Task RunSweepAsync()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        await ActivatorUtilities.CreateInstance<SessionAttendanceJob>(scope.ServiceProvider).RunAsync(CancellationToken.None);
    }

    /// <summary>The room's callbacks for interview A (minutes relative to its start), each delivered and processed.</summary>
    private sealed class Session(RecordingTests t, string room, DateTime start, RecruitingWorld w)
    {
        public string Candidate { get; } = MiniProgramService.CandidateVideoUserId(w.CandidateA);

        private string Panel { get; } = MiniProgramService.InterviewerVideoUserId(w.InterviewerA);

        public Task RoomCreated(double at) => Send("room_create", at, new() { ["room_session_id"] = 77, ["room_create_time"] = Ms(at) });

        public Task PanelJoins(double at) => Send("room_login", at, Login(Panel, "1", at));

        public Task CandidateJoins(double at) => Send("room_login", at, Login(Candidate, "2", at));

        public async Task Streams(double from, double to)
        {
            await Send("stream_create", from, new() { ["room_session_id"] = "77", ["user_id"] = Candidate, ["stream_id"] = "sc", ["stream_sid"] = "s2", ["stream_seq"] = "1", ["create_time_ms"] = Ms(from) });
            await Send("stream_close", to, new() { ["room_session_id"] = "77", ["user_id"] = Candidate, ["stream_id"] = "sc", ["stream_sid"] = "s2", ["stream_seq"] = "2", ["type"] = "0", ["destroy_timemillis"] = Ms(to) });
        }

        public async Task Leave(double candidateAt, double panelAt)
        {
            await Send("room_logout", candidateAt, new() { ["room_seq"] = "77", ["user_account"] = Candidate, ["session_id"] = "2", ["logout_time"] = Ms(candidateAt), ["reason"] = "0", ["user_update_seq"] = "3" });
            await Send("room_logout", panelAt, new() { ["room_seq"] = "77", ["user_account"] = Panel, ["session_id"] = "1", ["logout_time"] = Ms(panelAt), ["reason"] = "0", ["user_update_seq"] = "4" });
        }

        public Task RoomClosed(double at) => Send("room_close", at, new() { ["room_session_id"] = 77, ["close_reason"] = 0, ["room_close_time"] = Ms(at) });

        private Dictionary<string, JsonNode?> Login(string user, string session, double at) => new()
        {
            ["room_seq"] = "77", ["user_account"] = user, ["session_id"] = session, ["login_time"] = Ms(at), ["auth_level"] = "4", ["relogin"] = "0",
            ["user_update_seq"] = session, ["term_type"] = "7",
        };

        private string Ms(double minutes) => new DateTimeOffset(start.AddMinutes(minutes)).ToUnixTimeMilliseconds().ToString();

        private async Task Send(string name, double at, Dictionary<string, JsonNode?> fields)
        {
            var o = new JsonObject { ["event"] = name, ["appid"] = "1234567890", ["room_id"] = room, ["timestamp"] = "0" };
            foreach (var (k, v) in fields)
            {
                o[k] = v;
            }

            var now = new DateTimeOffset(start.AddMinutes(at)).AddSeconds(2);
            t._clock.SetUtcNow(now > t._clock.GetUtcNow() ? now : t._clock.GetUtcNow());
            await t.PostAsync(t._signer.Sign(o));
            await t.ProcessAsync();
        }
    }
}
