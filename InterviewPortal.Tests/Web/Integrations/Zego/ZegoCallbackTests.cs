using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using InterviewPortal.Domain.Interviews;
using InterviewPortal.Domain.Sessions;
using InterviewPortal.Tests.TestSupport;
using InterviewPortal.Web.Features.Interviews;
using InterviewPortal.Web.Features.MiniProgram;
using InterviewPortal.Web.Integrations.Zego;
using InterviewPortal.Web.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace InterviewPortal.Tests.Web.Integrations.Zego;

/// <summary>
/// ZEGO's callbacks through the real portal: verified before anything is stored, stored once per event however often
/// delivered, and turned into the interview's session log and attendance in the order things happened.
/// </summary>
[Collection(PortalHostCollection.Name)]
public sealed class ZegoCallbackTests : IAsyncLifetime
{
    private const string Secret = "cb_secret_example_0001";
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private PortalAppFactory _app = null!;
    private ZegoCallbackSigner _signer = null!;

    public Task InitializeAsync()
    {
        _app = new PortalAppFactory(new Dictionary<string, string?> { ["Zego:CallbackSecret"] = Secret }, clock: _clock);
        _signer = new ZegoCallbackSigner(Secret, _clock);
        _ = _app.Server;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    // The documented examples (integrations §4.4), with their own timestamps and nonces.
    private const string RoomCreate = """{"event":"room_create","appid":1234567890,"timestamp":1735689600,"nonce":"8812034471","signature":"","room_id":"iv-20250301-0007","room_session_id":858012925204410111,"room_create_time":"1735689600123","id_name":"hr-00042"}""";
    private const string RoomClose = """{"event":"room_close","appid":1234567890,"timestamp":1735693200,"nonce":"5522","signature":"","room_id":"iv-20250301-0007","room_session_id":858012925204410111,"close_reason":0,"room_close_time":"1735693200456"}""";
    private const string RoomLogin = """{"event":"room_login","appid":"1234567890","timestamp":"1735689610","nonce":"7701","signature":"","room_id":"iv-20250301-0007","room_name":"","room_seq":"858012925204410111","user_account":"cand-7f3a9c","user_nickname":"cand-7f3a9c","session_id":"792000000000000001","login_time":"1735689610500","user_role":"2","auth_level":"4","relogin":"0","user_update_seq":"2","callback_data":"","term_type":"7"}""";
    private const string RoomLogout = """{"event":"room_logout","appid":"1234567890","timestamp":"1735692000","nonce":"7702","signature":"","room_id":"iv-20250301-0007","room_seq":"858012925204410111","user_account":"cand-7f3a9c","user_nickname":"cand-7f3a9c","session_id":"792000000000000001","login_time":"1735689610500","logout_time":"1735692000900","reason":"0","user_role":"2","user_update_seq":"3"}""";
    private const string StreamCreate = """{"event":"stream_create","appid":"1234567890","timestamp":"1735689615","nonce":"7703","signature":"","room_id":"iv-20250301-0007","room_session_id":"858012925204410111","user_id":"cand-7f3a9c","user_name":"cand-7f3a9c","stream_id":"s-cand-7f3a9c","stream_sid":"s-1152","stream_seq":"1","create_time":"1735689615","create_time_ms":"1735689615321","recreate":"0","extra_info":"","rtmp_url":[],"hls_url":[],"hdl_url":[],"pic_url":[]}""";
    private const string StreamClose = """{"event":"stream_close","appid":"1234567890","timestamp":"1735691990","nonce":"7704","signature":"","room_id":"iv-20250301-0007","room_session_id":"858012925204410111","user_id":"cand-7f3a9c","stream_id":"s-cand-7f3a9c","stream_sid":"s-1152","stream_seq":"2","type":"0","create_time_ms":"1735689615321","destroy_timemillis":"1735691990777","third_define_data":""}""";

    [Theory]
    [InlineData("secret", "1470820198", "123412", "5bd59fd62953a8059fb7eaba95720f66d19e4517")]
    [InlineData("cb_secret_example_0001", "1735689600", "8812034471", "59a3050e26a2d05ba5a6b66e1b234976a99c6328")]
    public void Signature_MatchesTheDocumentedExamples(string secret, string timestamp, string nonce, string expected)
    {
        Assert.Equal(expected, ZegoCallback.Sign(secret, timestamp, nonce));
        Assert.True(ZegoCallback.Verify(secret, timestamp, nonce, expected.ToUpperInvariant()));
        Assert.False(ZegoCallback.Verify(secret, timestamp, nonce, expected[..39] + "0"));
    }

    [Theory]
    [InlineData(RoomCreate, "room_create:iv-20250301-0007:858012925204410111", 1735689600123L)]
    [InlineData(RoomClose, "room_close:iv-20250301-0007:858012925204410111", 1735693200456L)]
    [InlineData(RoomLogin, "room_login:iv-20250301-0007:858012925204410111:cand-7f3a9c:792000000000000001:2", 1735689610500L)]
    [InlineData(RoomLogout, "room_logout:iv-20250301-0007:858012925204410111:cand-7f3a9c:792000000000000001:3", 1735692000900L)]
    [InlineData(StreamCreate, "stream_create:iv-20250301-0007:858012925204410111:s-1152:1", 1735689615321L)]
    [InlineData(StreamClose, "stream_close:iv-20250301-0007:858012925204410111:s-1152:2", 1735691990777L)]
    public void DocumentedEventExamples_ReadWithNumbersAndStringsAlike_IntoTheirBusinessKeyAndTime(string body, string key, long atMs)
    {
        var c = ZegoCallback.Parse(body, form: false)!;
        Assert.Equal(key, c.DedupKey());
        Assert.Equal(DateTime.UnixEpoch.AddMilliseconds(atMs), c.OccurredAtUtc);
        Assert.Equal("858012925204410111", c.RoomSessionId);
    }

    [Fact]
    public void A64BitRoomSessionId_AboveTheDoubleRange_IsReadWithoutLoss()
    {
        var c = ZegoCallback.Parse("""{"event":"room_create","room_id":"r","room_session_id":18446744073709551615}""", form: false)!;
        Assert.Equal("18446744073709551615", c.RoomSessionId);
        Assert.Equal("room_create:r:18446744073709551615", c.DedupKey());
    }

    [Theory]
    [InlineData(RoomCreate)]
    [InlineData(RoomClose)]
    [InlineData(RoomLogin)]
    [InlineData(RoomLogout)]
    [InlineData(StreamCreate)]
    [InlineData(StreamClose)]
    public async Task EveryDocumentedEvent_IsAcceptedAndStoredOnce_EvenDeliveredThreeTimes(string example)
    {
        var before = await CountsAsync();
        for (var i = 0; i < 3; i++)
        {
            var response = await PostAsync(Signed(JsonNode.Parse(example)!.AsObject()));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var after = await CountsAsync();
        Assert.Equal(before.Callbacks + 1, after.Callbacks);
        Assert.Equal(before.Nonces + 3, after.Nonces);
    }

    [Fact]
    public async Task ConcurrentRetriesAndReplays_StoreEachEventOnce_AndRefuseEveryReplay()
    {
        // 40 events × 3 deliveries with fresh nonces, plus an exact replay of each first delivery, all at once: the
        // group commit decides duplicates inside one batch the same way as across batches.
        var events = Enumerable.Range(0, 40).Select(k => JsonNode.Parse(RoomLogin)!.AsObject()).Select((o, k) => { o["user_update_seq"] = k.ToString(); return o; }).ToList();
        var deliveries = events.SelectMany(e => Enumerable.Range(0, 3).Select(_ => Signed(e))).ToList();
        var replays = deliveries.Where((_, i) => i % 3 == 0).ToList();
        var responses = await Task.WhenAll(deliveries.Concat(replays).OrderBy(_ => Random.Shared.Next()).Select(async body => (body, (await PostAsync(body)).StatusCode)));

        Assert.Equal(40, await _app.WithDbAsync(db => db.ZegoCallbacks.CountAsync()));
        Assert.Equal(120, await _app.WithDbAsync(db => db.ZegoCallbackNonces.CountAsync()));
        // Each signed body: one 200 and, for those replayed, one 401 (whichever arrived second).
        foreach (var group in responses.GroupBy(r => r.body))
        {
            Assert.Equal(1, group.Count(r => r.StatusCode == HttpStatusCode.OK));
            Assert.Equal(group.Count() - 1, group.Count(r => r.StatusCode == HttpStatusCode.Unauthorized));
        }
    }

    [Fact]
    public async Task AFormEncodedCallback_IsAcceptedLikeJson()
    {
        var json = Signed(JsonNode.Parse(RoomLogin)!.AsObject());
        var fields = JsonNode.Parse(json)!.AsObject().Select(p => new KeyValuePair<string, string>(p.Key, p.Value!.ToString()));
        var response = await _app.CreateClient().PostAsync(ZegoCallbackEndpoints.Path, new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var stored = await _app.WithDbAsync(db => db.ZegoCallbacks.SingleAsync());
        Assert.True(stored.FormEncoded);
        Assert.Equal("room_login", stored.Event);
    }

    [Fact]
    public async Task ForgedStaleAndReplayedRequests_Get401_AndStoreNothing()
    {
        var body = JsonNode.Parse(RoomCreate)!.AsObject();
        var forged = Signed(body, secret: "not-the-secret");
        var stale = Signed(body, timestamp: _clock.GetUtcNow().ToUnixTimeSeconds() - 601);
        var future = Signed(body, timestamp: _clock.GetUtcNow().ToUnixTimeSeconds() + 601);
        var unsigned = RoomCreate;
        var before = await CountsAsync();
        foreach (var request in new[] { forged, stale, future, unsigned })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(request)).StatusCode);
        }

        Assert.Equal(before, await CountsAsync());

        var genuine = Signed(body);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(genuine)).StatusCode);
        var afterFirst = await CountsAsync();
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(genuine)).StatusCode);
        // Same nonce, timestamp and signature, different content: still a replay.
        var tampered = JsonNode.Parse(genuine)!.AsObject();
        tampered["room_session_id"] = 1;
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(tampered.ToJsonString())).StatusCode);
        Assert.Equal(afterFirst, await CountsAsync());
    }

    [Fact]
    public async Task MalformedOrOversizedBodies_AreRefused_AndStoreNothing()
    {
        var before = await CountsAsync();
        Assert.Equal(HttpStatusCode.BadRequest, (await PostAsync("{\"event\":")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await PostAsync("[1,2]")).StatusCode);
        // A string with an escaped lone surrogate parses, and only fails when read.
        var unreadable = await PostAsync("{\"event\":\"\\uD800\",\"signature\":\"\\uDC00\"}");
        Assert.Equal(HttpStatusCode.BadRequest, unreadable.StatusCode);
        var problem = System.Text.Json.JsonDocument.Parse(await unreadable.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(("body_invalid", "回调内容不是 JSON 对象或表单。"), (problem.GetProperty("code").GetString(), problem.GetProperty("title").GetString()));
        var big = JsonNode.Parse(RoomCreate)!.AsObject();
        big["extra_info"] = new string('x', ZegoCallbackEndpoints.MaxBodyBytes);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await PostAsync(Signed(big))).StatusCode);
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task AnUnknownEvent_IsStoredAndIgnored()
    {
        var response = await PostAsync(Signed(new JsonObject { ["event"] = "room_attribute_update", ["room_id"] = "x", ["brand_new"] = new JsonArray(1, 2) }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await ProcessAsync();
        var stored = await _app.WithDbAsync(db => db.ZegoCallbacks.SingleAsync());
        Assert.Equal("room_attribute_update", stored.Event);
        Assert.NotNull(stored.ProcessedAtUtc);
        Assert.Equal(0, await _app.WithDbAsync(db => db.SessionEvents.CountAsync()));
    }

    [Fact]
    public async Task WithoutACallbackSecret_TheEndpointAnswers503_AndStoresNothing()
    {
        await using var app = new PortalAppFactory(clock: _clock);
        var response = await app.CreateClient().PostAsync(ZegoCallbackEndpoints.Path, new StringContent(Signed(JsonNode.Parse(RoomCreate)!.AsObject()), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(0, await app.WithDbAsync(db => db.ZegoCallbacks.CountAsync()));
    }

    [Theory]
    [InlineData("0,1,2,3,4,5,6,7,8,9", true)]
    // Each stream's close before its create, the room's close before the last logout, processed as they come.
    [InlineData("0,1,3,2,5,4,6,7,9,8", true)]
    // Logins swapped, every close ahead of what it closes, processed in one go at the end.
    [InlineData("0,2,1,3,5,4,7,6,9,8", false)]
    public async Task AScriptedSession_BuildsTheTimeline_AndCompletesTheInterview_InWhateverOrderTheCallbacksArrive(string arrival, bool processEach)
    {
        var (w, start, room) = await InterviewAsync();
        var candidate = MiniProgramService.CandidateVideoUserId(w.CandidateA);
        var panel = MiniProgramService.InterviewerVideoUserId(w.InterviewerA);
        var ms = (double minutes) => new DateTimeOffset(start.AddMinutes(minutes)).ToUnixTimeMilliseconds().ToString();
        List<JsonObject> script =
        [
            Event("room_create", room, new() { ["room_session_id"] = 9007199254740993, ["room_create_time"] = ms(-4) }),
            Event("room_login", room, new() { ["room_seq"] = "9007199254740993", ["user_account"] = panel, ["session_id"] = "1", ["login_time"] = ms(-3), ["auth_level"] = "4", ["relogin"] = "0", ["user_update_seq"] = "1", ["term_type"] = "6" }),
            Event("room_login", room, new() { ["room_seq"] = "9007199254740993", ["user_account"] = candidate, ["session_id"] = "2", ["login_time"] = ms(1), ["auth_level"] = "4", ["relogin"] = "0", ["user_update_seq"] = "2", ["term_type"] = "7" }),
            Event("stream_create", room, new() { ["room_session_id"] = "9007199254740993", ["user_id"] = panel, ["stream_id"] = "sp", ["stream_sid"] = "s1", ["stream_seq"] = "1", ["create_time_ms"] = ms(-2) }),
            Event("stream_create", room, new() { ["room_session_id"] = "9007199254740993", ["user_id"] = candidate, ["stream_id"] = "sc", ["stream_sid"] = "s2", ["stream_seq"] = "1", ["create_time_ms"] = ms(2) }),
            Event("stream_close", room, new() { ["room_session_id"] = "9007199254740993", ["user_id"] = candidate, ["stream_id"] = "sc", ["stream_sid"] = "s2", ["stream_seq"] = "2", ["type"] = "0", ["destroy_timemillis"] = ms(55) }),
            Event("room_logout", room, new() { ["room_seq"] = "9007199254740993", ["user_account"] = candidate, ["session_id"] = "2", ["logout_time"] = ms(55.2), ["reason"] = "0", ["user_update_seq"] = "3" }),
            Event("stream_close", room, new() { ["room_session_id"] = "9007199254740993", ["user_id"] = panel, ["stream_id"] = "sp", ["stream_sid"] = "s1", ["stream_seq"] = "2", ["type"] = "0", ["destroy_timemillis"] = ms(56) }),
            Event("room_logout", room, new() { ["room_seq"] = "9007199254740993", ["user_account"] = panel, ["session_id"] = "1", ["logout_time"] = ms(56.2), ["reason"] = "0", ["user_update_seq"] = "4" }),
            Event("room_close", room, new() { ["room_session_id"] = 9007199254740993, ["close_reason"] = 0, ["room_close_time"] = ms(57) }),
        ];
        var order = arrival.Split(',').Select(int.Parse).ToList();
        foreach (var i in order)
        {
            // Delivered a few seconds after it happened (ZEGO's clock and ours agree); the clock never runs back.
            var happened = new DateTimeOffset(ZegoCallback.Parse(script[i].ToJsonString(), form: false)!.OccurredAtUtc!.Value).AddSeconds(5);
            _clock.SetUtcNow(happened > _clock.GetUtcNow() ? happened : _clock.GetUtcNow());
            Assert.Equal(HttpStatusCode.OK, (await PostAsync(Signed(script[i]))).StatusCode);
            if (processEach)
            {
                await ProcessAsync();
            }
        }

        _clock.SetUtcNow(new DateTimeOffset(start.AddMinutes(58)));
        await ProcessAsync();
        var log = await w.AsHrAsync(sp => sp.GetRequiredService<AttendanceService>().GetLogAsync(w.InterviewA));
        Assert.Equal(
            [SessionEventKind.RoomOpened, SessionEventKind.Joined, SessionEventKind.StreamStarted, SessionEventKind.Joined, SessionEventKind.StreamStarted,
             SessionEventKind.StreamStopped, SessionEventKind.Left, SessionEventKind.StreamStopped, SessionEventKind.Left, SessionEventKind.RoomClosed],
            log!.Events.Select(e => e.Kind));
        var candidateLogin = log.Events.Single(e => e.Kind == SessionEventKind.Joined && e.Party == SessionParty.Candidate);
        Assert.Equal(("张三", SessionDevice.MiniProgram, 4), (candidateLogin.Name, candidateLogin.Device, candidateLogin.AuthLevel));
        Assert.Equal(SessionDevice.Web, log.Events.Single(e => e.Kind == SessionEventKind.Joined && e.Party == SessionParty.Interviewer).Device);
        Assert.Equal([54, 59], log.Presence.Select(p => p.MinutesPresent));
        Assert.True(log.Met);

        var interview = await _app.WithDbAsync(db => db.Interviews.Include(i => i.History).SingleAsync(i => i.Id == w.InterviewA));
        Assert.Equal(InterviewStatus.Completed, interview.Status);
        Assert.Equal([InterviewStatus.InProgress, InterviewStatus.Completed],
            interview.History.Where(h => h.Kind == InterviewChangeKind.StatusChanged).OrderBy(h => h.Id).Select(h => h.ToStatus!.Value));
        Assert.Equal(2, await _app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.TargetId == w.InterviewA.ToString() && a.Action == "Interview.StatusChanged")));
    }

    [Fact]
    public async Task AMissingCandidate_IsEscalatedToTheHiringOwnerOnceAt5Minutes_AndIsANoShowAt15_WhichHrCanOverrideWithAReason()
    {
        var (w, start, room) = await InterviewAsync();
        var panel = MiniProgramService.InterviewerVideoUserId(w.InterviewerA);
        _clock.SetUtcNow(new DateTimeOffset(start));
        await PostAsync(Signed(Event("room_login", room, new() { ["room_seq"] = "5", ["user_account"] = panel, ["session_id"] = "1", ["login_time"] = new DateTimeOffset(start).ToUnixTimeMilliseconds(), ["user_update_seq"] = "1" })));
        await ProcessAsync();
        await using var scope = _app.Services.CreateAsyncScope();
        var job = ActivatorUtilities.CreateInstance<SessionAttendanceJob>(scope.ServiceProvider);

        _clock.SetUtcNow(new DateTimeOffset(start.AddMinutes(5)));
        await job.RunAsync(CancellationToken.None);
        await job.RunAsync(CancellationToken.None);
        var notes = await _app.WithDbAsync(db => db.Notifications.Where(n => n.DedupKey.StartsWith("attendance-missing:")).ToListAsync());
        var note = Assert.Single(notes);
        Assert.Equal((w.Hr, AttendanceService.CandidateMissingKey, $"interviews/{w.InterviewA}"), (note.UserId, note.MessageKey, note.Link));
        Assert.Equal(InterviewStatus.InProgress, await StatusAsync(w.InterviewA));

        // At the deadline the rule still waits for late callbacks; past the grace, the candidate is a no-show.
        _clock.SetUtcNow(new DateTimeOffset(start.AddMinutes(15)));
        await job.RunAsync(CancellationToken.None);
        Assert.Equal(InterviewStatus.InProgress, await StatusAsync(w.InterviewA));
        _clock.SetUtcNow(new DateTimeOffset(start.AddMinutes(15) + AttendanceRules.LateCallbackGrace));
        await job.RunAsync(CancellationToken.None);
        Assert.Equal(InterviewStatus.NoShowCandidate, await StatusAsync(w.InterviewA));

        await w.AsHrAsync(sp => sp.GetRequiredService<AttendanceService>().OverrideAsync(w.InterviewA, InterviewStatus.Completed, "候选人网络问题，改用电话完成面试"));
        Assert.Equal(InterviewStatus.Completed, await StatusAsync(w.InterviewA));
        Assert.Equal(1, await _app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.TargetId == w.InterviewA.ToString() && a.Action == "Interview.AttendanceOverridden")));
    }

    [Fact]
    public async Task ThePruningJob_ForgetsNoncesPastTheReplayWindow()
    {
        await PostAsync(Signed(JsonNode.Parse(RoomCreate)!.AsObject()));
        await using var scope = _app.Services.CreateAsyncScope();
        var job = ActivatorUtilities.CreateInstance<SessionAttendanceJob>(scope.ServiceProvider);
        Assert.Equal(0, await job.PruneNoncesAsync(CancellationToken.None));
        _clock.Advance(TimeSpan.FromMinutes(16));
        Assert.Equal(1, await job.PruneNoncesAsync(CancellationToken.None));
    }

    private async Task<(RecruitingWorld World, DateTime Start, string Room)> InterviewAsync()
    {
        _clock.SetUtcNow(DateTimeOffset.UtcNow);
        var w = await RecruitingWorld.CreateAsync(_app);
        var (start, room) = await _app.WithDbAsync(async db =>
        {
            var i = await db.Interviews.SingleAsync(x => x.Id == w.InterviewA);
            return (i.StartUtc, i.VideoRoomId);
        });
        return (w, start, room);
    }

    private Task<InterviewStatus> StatusAsync(Guid id) => _app.WithDbAsync(db => db.Interviews.Where(i => i.Id == id).Select(i => i.Status).SingleAsync());

    private static JsonObject Event(string name, string room, Dictionary<string, JsonNode?> fields)
    {
        var o = new JsonObject { ["event"] = name, ["appid"] = "1234567890", ["room_id"] = room };
        foreach (var (k, v) in fields)
        {
            o[k] = v;
        }

        return o;
    }

    private string Signed(JsonObject body, string secret = Secret, long? timestamp = null) => _signer.Sign(body, secret, timestamp);

    private Task<HttpResponseMessage> PostAsync(string json) =>
        _app.CreateClient().PostAsync(ZegoCallbackEndpoints.Path, new StringContent(json, Encoding.UTF8, "application/json"));

    private Task ProcessAsync() => _app.Services.GetRequiredService<ZegoCallbackProcessor>().ProcessPendingAsync(CancellationToken.None);

    private Task<(int Callbacks, int Nonces)> CountsAsync() =>
        _app.WithDbAsync(async db => (await db.ZegoCallbacks.CountAsync(), await db.ZegoCallbackNonces.CountAsync()));
}
