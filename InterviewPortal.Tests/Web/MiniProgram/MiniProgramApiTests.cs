using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using InterviewPortal.Tests.TestSupport;
using InterviewPortal.Web.Data;
using InterviewPortal.Web.Features.Interviews;
using InterviewPortal.Web.Features.Invitations;
using InterviewPortal.Web.Features.MiniProgram;
using InterviewPortal.Web.Integrations.Zego;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace InterviewPortal.Tests.Web.MiniProgram;

/// <summary>
/// The candidate's path from an invitation into the room, through the real portal, a fake WeChat on loopback and the
/// real ZEGO token code: login → accept → current → join, the join window, first binding wins, and every malformed
/// request answered with a 4xx problem that writes nothing.
/// </summary>
[Collection(PortalHostCollection.Name)]
public sealed class MiniProgramApiTests : IAsyncLifetime
{
    private const string ZegoSecret = "0123456789abcdef0123456789abcdef";
    private const uint ZegoAppId = 1234567890;
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private FakeWeChatServer _weChat = null!;
    private PortalAppFactory _app = null!;

    public async Task InitializeAsync()
    {
        _weChat = await FakeWeChatServer.StartAsync();
        _app = new PortalAppFactory(new Dictionary<string, string?>
        {
            ["WeChat:ApiBaseUrl"] = _weChat.BaseAddress.ToString(),
            ["WeChat:AppId"] = FakeWeChatServer.AppId,
            ["WeChat:AppSecret"] = FakeWeChatServer.AppSecret,
            ["Zego:AppId"] = ZegoAppId.ToString(),
            ["Zego:ServerSecret"] = ZegoSecret,
            ["Portal:PublicBaseUrl"] = "https://jobs.example.com",
        }, clock: _clock);
        _ = _app.Server;
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _weChat.DisposeAsync();
    }

    [Fact]
    public async Task ANewCandidate_ScansTheCode_LogsIn_Accepts_SeesTheInterview_AndJoinsWithAVerifiableToken()
    {
        var w = await RecruitingWorld.CreateAsync(_app);
        var interview = await InterviewAsync(w.InterviewA);

        // HR opens the card and downloads the code; a phone scans it.
        var code = await w.AsHrAsync(sp => sp.GetRequiredService<InvitationService>().DownloadCodeAsync(w.InterviewA));
        var link = QrScanner.Scan(code!.Image) ?? "";
        Assert.StartsWith("https://jobs.example.com/i/", link);
        var token = link[(link.LastIndexOf('/') + 1)..];
        var page = await _app.CreateClient().GetAsync(new Uri(link).PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);

        var client = await LoggedInAsync("wx-code-1", "openid-zhangsan");
        var accept = await client.PostAsync($"/api/mp/v1/invitations/{token}/accept", null);
        Assert.Equal(HttpStatusCode.OK, accept.StatusCode);

        var current = await client.GetFromJsonAsync<JsonElement>("/api/mp/v1/interviews/current");
        var listed = Assert.Single(current.GetProperty("interviews").EnumerateArray());
        Assert.Equal(w.InterviewA, listed.GetProperty("id").GetGuid());
        Assert.False(listed.GetProperty("canJoinNow").GetBoolean());
        Assert.Equal("H5WebView", listed.GetProperty("joinMode").GetString());

        // On the day, the candidate opens the mini-program again (sessions last two hours) and joins.
        _clock.SetUtcNow(new DateTimeOffset(interview.StartUtc.AddMinutes(-5), TimeSpan.Zero));
        client = await LoggedInAsync("wx-code-2", "openid-zhangsan");
        var joined = await client.PostAsync($"/api/mp/v1/interviews/{w.InterviewA}/join", null);
        Assert.Equal(HttpStatusCode.OK, joined.StatusCode);
        var body = await joined.Content.ReadFromJsonAsync<JsonElement>();

        var roomId = body.GetProperty("roomId").GetString()!;
        var userId = body.GetProperty("userId").GetString()!;
        var streamId = body.GetProperty("streamId").GetString()!;
        var contents = ZegoToken04.Decode(body.GetProperty("token").GetString()!, ZegoSecret);
        using var plain = JsonDocument.Parse(contents.PlaintextJson);
        using var payload = JsonDocument.Parse(plain.RootElement.GetProperty("payload").GetString()!);
        Assert.Equal(interview.VideoRoomId, roomId);
        Assert.Equal(ZegoAppId, body.GetProperty("appId").GetUInt32());
        Assert.Equal(userId, plain.RootElement.GetProperty("user_id").GetString());
        Assert.Equal(roomId, payload.RootElement.GetProperty("room_id").GetString());
        Assert.Equal([streamId], payload.RootElement.GetProperty("stream_id_list").EnumerateArray().Select(s => s.GetString()));
        // The token lives until the join window closes (30 minutes after the end).
        var closes = interview.EndUtc.AddMinutes(30);
        Assert.Equal(closes, body.GetProperty("expiresAt").GetDateTime().ToUniversalTime());
        Assert.Equal(new DateTimeOffset(closes).ToUnixTimeSeconds(), contents.Expire);

        var audit = await _app.WithDbAsync(db => db.AuditEntries.Where(a => a.Action == "Video.TokenIssued" && a.TargetId == w.InterviewA.ToString()).ToListAsync());
        var entry = Assert.Single(audit);
        Assert.DoesNotContain(body.GetProperty("token").GetString()!, entry.Summary ?? "");
        var tracking = await TrackingAsync(w, w.InterviewA);
        Assert.NotNull(tracking.AcceptedAtUtc);
        Assert.Equal(1, tracking.JoinCount);
    }

    [Fact]
    public async Task JoinsAtTheSameMoment_AreEachCountedOnTheLiveInvitation_NeverOnTheRevokedOne_AndTheFirstJoinKeepsItsTime()
    {
        var w = await RecruitingWorld.CreateAsync(_app);
        // B's interview moves to A's hour (another interviewer): its first invitation is revoked, a new one issued.
        await w.AsHrAsync(sp => sp.GetRequiredService<InterviewService>().RescheduleAsync(w.InterviewB, RecruitingWorld.Tomorrow9Utc, 60, "候选人改时间", null));
        await AcceptedAsync(w, "openid-join-a");
        var accepting = await LoggedInAsync("wx-join-b", "openid-join-b");
        Assert.Equal(HttpStatusCode.OK, (await accepting.PostAsync($"/api/mp/v1/invitations/{await TokenAsync(w, w.InterviewB)}/accept", null)).StatusCode);

        // On the day both open the mini-program again (sessions last two hours).
        var first = new DateTimeOffset(RecruitingWorld.Tomorrow9Utc.AddMinutes(-5), TimeSpan.Zero);
        _clock.SetUtcNow(first);
        var a = await LoggedInAsync("wx-join-a-2", "openid-join-a");
        var b = await LoggedInAsync("wx-join-b-2", "openid-join-b");
        // Three joins from A (a phone that retries) and two from B, all at once: the group commit may batch them in any way.
        var joins = await Task.WhenAll(
            [.. Enumerable.Range(0, 3).Select(_ => a.PostAsync($"/api/mp/v1/interviews/{w.InterviewA}/join", null)),
             .. Enumerable.Range(0, 2).Select(_ => b.PostAsync($"/api/mp/v1/interviews/{w.InterviewB}/join", null))]);
        Assert.All(joins, j => Assert.Equal(HttpStatusCode.OK, j.StatusCode));
        _clock.SetUtcNow(first.AddMinutes(2));
        Assert.Equal(HttpStatusCode.OK, (await a.PostAsync($"/api/mp/v1/interviews/{w.InterviewA}/join", null)).StatusCode);

        // What HR sees on each interview: the joins counted from the audit trail, on the invitation live when they were made.
        var a1 = await TrackingAsync(w, w.InterviewA);
        var b1 = await TrackingAsync(w, w.InterviewB);
        Assert.Equal((4, first.UtcDateTime), (a1.JoinCount, a1.FirstJoinedAtUtc!.Value));
        Assert.Equal((2, first.UtcDateTime), (b1.JoinCount, b1.FirstJoinedAtUtc!.Value));
        var revoked = await _app.WithDbAsync(db => db.Invitations.AsNoTracking().SingleAsync(i => i.InterviewId == w.InterviewB && i.RevokedAtUtc != null));
        Assert.Null(await _app.WithDbAsync(db => JoinCommit.RecordedAsync(db, w.InterviewB, revoked.CreatedAtUtc, revoked.RevokedAtUtc!.Value, CancellationToken.None)));
        Assert.Equal(6, await _app.WithDbAsync(db => db.AuditEntries.CountAsync(e => e.Action == "Video.TokenIssued")));
    }

    /// <summary>
    /// Joins are checked and written together (JoinCommit): refusals that land in the same batch as real joins are
    /// answered each with their own problem, write nothing, and neither fail nor hold back the joins beside them.
    /// </summary>
    [Fact]
    public async Task RefusedJoinsAmongJoinsAtTheSameMoment_GetTheirOwnAnswers_AndOnlyTheRealJoinsAreAuditedAndCounted()
    {
        var w = await RecruitingWorld.CreateAsync(_app);
        await AcceptedAsync(w, "openid-mixed-owner");
        var start = new DateTimeOffset(RecruitingWorld.Tomorrow9Utc.AddMinutes(-5), TimeSpan.Zero);
        _clock.SetUtcNow(start);
        var owner = await LoggedInAsync("wx-mixed-owner-2", "openid-mixed-owner");
        var stranger = await LoggedInAsync("wx-mixed-stranger", "openid-mixed-stranger");
        var unknown = _app.CreateClient();
        unknown.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", new string('x', 43));

        var answers = await Task.WhenAll(
            [.. Enumerable.Range(0, 3).Select(_ => owner.PostAsync($"/api/mp/v1/interviews/{w.InterviewA}/join", null)),
             .. Enumerable.Range(0, 2).Select(_ => stranger.PostAsync($"/api/mp/v1/interviews/{w.InterviewA}/join", null)),
             .. Enumerable.Range(0, 2).Select(_ => unknown.PostAsync($"/api/mp/v1/interviews/{w.InterviewA}/join", null)),
             .. Enumerable.Range(0, 2).Select(_ => owner.PostAsync($"/api/mp/v1/interviews/{w.InterviewB}/join", null))]);

        Assert.All(answers[..3], a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        foreach (var refused in answers[3..5])
        {
            await AssertProblemAsync(refused, HttpStatusCode.NotFound, "not_found");
        }

        foreach (var refused in answers[5..7])
        {
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        // B's interview is another candidate's: not found, never "not yours".
        foreach (var refused in answers[7..])
        {
            await AssertProblemAsync(refused, HttpStatusCode.NotFound, "not_found");
        }

        var tracking = await TrackingAsync(w, w.InterviewA);
        Assert.Equal((3, start.UtcDateTime), (tracking.JoinCount, tracking.FirstJoinedAtUtc!.Value));
        var issued = await _app.WithDbAsync(db => db.AuditEntries.AsNoTracking().Where(e => e.Action == "Video.TokenIssued").ToListAsync());
        Assert.Equal(3, issued.Count);
        Assert.All(issued, e => Assert.Equal((w.InterviewA.ToString(), "Candidate"), (e.TargetId, e.ActorRole)));
        Assert.Single(issued.Select(e => e.ActorId).Distinct());
        Assert.StartsWith("wechat:", issued[0].ActorId);
    }

    [Fact]
    public async Task ASessionPastItsTwoHours_CannotJoin_AndNothingIsIssuedOrAudited()
    {
        var w = await RecruitingWorld.CreateAsync(_app);
        await AcceptedAsync(w, "openid-expired");
        var inWindow = new DateTimeOffset(RecruitingWorld.Tomorrow9Utc.AddMinutes(-5), TimeSpan.Zero);
        _clock.SetUtcNow(inWindow - InterviewPortal.Web.Features.MiniProgram.MiniProgramService.SessionLifetime - TimeSpan.FromMinutes(1));
        var stale = await LoggedInAsync("wx-expired-2", "openid-expired");
        _clock.SetUtcNow(inWindow);

        await AssertProblemAsync(await stale.PostAsync($"/api/mp/v1/interviews/{w.InterviewA}/join", null), HttpStatusCode.Unauthorized, "session_invalid");

        Assert.Equal(0, await _app.WithDbAsync(db => db.AuditEntries.CountAsync(e => e.Action == "Video.TokenIssued")));
        Assert.Equal(0, (await TrackingAsync(w, w.InterviewA)).JoinCount);
    }

    [Fact]
    public async Task JoiningOutsideTheWindow_IsRefusedWithItsCode()
    {
        var w = await RecruitingWorld.CreateAsync(_app);
        var interview = await InterviewAsync(w.InterviewA);
        await AcceptedAsync(w, "openid-window");

        _clock.SetUtcNow(new DateTimeOffset(interview.StartUtc.AddMinutes(-11), TimeSpan.Zero));
        var early = await (await LoggedInAsync("wx-early", "openid-window")).PostAsync($"/api/mp/v1/interviews/{w.InterviewA}/join", null);
        _clock.SetUtcNow(new DateTimeOffset(interview.EndUtc.AddMinutes(30), TimeSpan.Zero));
        var late = await (await LoggedInAsync("wx-late", "openid-window")).PostAsync($"/api/mp/v1/interviews/{w.InterviewA}/join", null);

        await AssertProblemAsync(early, HttpStatusCode.Conflict, "join_window_not_open");
        await AssertProblemAsync(late, HttpStatusCode.Conflict, "join_window_closed");
    }

    [Fact]
    public async Task AnotherWeChatAccount_CannotTakeOverAnAcceptedInvitation_NorJoinSomeoneElsesInterview()
    {
        var w = await RecruitingWorld.CreateAsync(_app);
        var token = await TokenAsync(w, w.InterviewA);
        await AcceptedAsync(w, "openid-owner");
        var stranger = await LoggedInAsync("wx-code-stranger", "openid-stranger");

        var takeOver = await stranger.PostAsync($"/api/mp/v1/invitations/{token}/accept", null);
        var join = await stranger.PostAsync($"/api/mp/v1/interviews/{w.InterviewA}/join", null);

        await AssertProblemAsync(takeOver, HttpStatusCode.Conflict, "invitation_bound_elsewhere");
        await AssertProblemAsync(join, HttpStatusCode.NotFound, "not_found");
        Assert.Equal("openid-owner", await _app.WithDbAsync(db => db.Candidates.Where(c => c.Id == w.CandidateA).Select(c => c.WeChatOpenId).SingleAsync()));
    }

    [Fact]
    public async Task ARescheduledOrCancelledInterviewsOldToken_IsGone()
    {
        var w = await RecruitingWorld.CreateAsync(_app);
        var oldA = await TokenAsync(w, w.InterviewA);
        var oldB = await TokenAsync(w, w.InterviewB);
        await w.AsHrAsync(sp => sp.GetRequiredService<InterviewService>().RescheduleAsync(w.InterviewA, RecruitingWorld.Tomorrow9Utc.AddHours(6), 60, "面试官出差", null));
        await w.AsHrAsync(sp => sp.GetRequiredService<InterviewService>().CancelAsync(w.InterviewB, "职位关闭"));
        var client = await LoggedInAsync("wx-code-old", "openid-old");

        var rescheduled = await client.PostAsync($"/api/mp/v1/invitations/{oldA}/accept", null);
        var cancelled = await client.PostAsync($"/api/mp/v1/invitations/{oldB}/accept", null);
        var fresh = await client.PostAsync($"/api/mp/v1/invitations/{await TokenAsync(w, w.InterviewA)}/accept", null);

        await AssertProblemAsync(rescheduled, HttpStatusCode.Gone, "invitation_revoked");
        await AssertProblemAsync(cancelled, HttpStatusCode.Gone, "invitation_revoked");
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
    }

    [Fact]
    public async Task ConsentAndARescheduleRequest_AreStored_AndHrSeesTheRequest()
    {
        var w = await RecruitingWorld.CreateAsync(_app);
        var client = await AcceptedAsync(w, "openid-consent");

        var consent = await client.PostAsJsonAsync($"/api/mp/v1/interviews/{w.InterviewA}/consent", new { recording = true, noticeVersion = "2026.11" });
        var slot = RecruitingWorld.Tomorrow9Utc.AddDays(2);
        var ask = await client.PostAsJsonAsync($"/api/mp/v1/interviews/{w.InterviewA}/reschedule-requests", new { slot = slot.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"), reason = "那天要考试" });
        var again = await client.PostAsJsonAsync($"/api/mp/v1/interviews/{w.InterviewA}/reschedule-requests", new { slot = slot.AddHours(1).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"), reason = "再改一次" });

        Assert.Equal(HttpStatusCode.OK, consent.StatusCode);
        Assert.Equal(HttpStatusCode.Created, ask.StatusCode);
        await AssertProblemAsync(again, HttpStatusCode.Conflict, "reschedule_pending");
        var record = await _app.WithDbAsync(db => db.ConsentRecords.AsNoTracking().SingleAsync(c => c.CandidateId == w.CandidateA));
        Assert.Equal((true, "2026.11"), (record.Granted, record.NoticeVersion));
        Assert.True(await _app.WithDbAsync(db => db.Interviews.Where(i => i.Id == w.InterviewA).Select(i => i.RecordingConsent).SingleAsync()));
        var withdrawn = await client.PostAsJsonAsync($"/api/mp/v1/interviews/{w.InterviewA}/consent", new { recording = false, noticeVersion = "2026.11" });
        Assert.Equal(HttpStatusCode.OK, withdrawn.StatusCode);
        Assert.False(await _app.WithDbAsync(db => db.Interviews.Where(i => i.Id == w.InterviewA).Select(i => i.RecordingConsent).SingleAsync()));
        var requests = await w.AsHrAsync(sp => sp.GetRequiredService<InterviewService>().RescheduleRequestsAsync(w.InterviewA));
        Assert.Equal(slot, Assert.Single(requests).RequestedStartUtc);

        var approved = await w.AsHrAsync(sp => sp.GetRequiredService<InterviewService>().ApproveRescheduleRequestAsync(requests[0].Id));
        var moved = await InterviewAsync(w.InterviewA);
        Assert.Null(approved.Conflict);
        Assert.Equal((slot, 1), (moved.StartUtc, moved.CandidateReschedules));
    }

    [Fact]
    public async Task MalformedRequests_Get4xxProblems_AndWriteNothing()
    {
        var w = await RecruitingWorld.CreateAsync(_app);
        var token = await TokenAsync(w, w.InterviewA);
        var client = await AcceptedAsync(w, "openid-bad");
        var anonymous = _app.CreateClient();
        var before = await CountsAsync();

        var cases = new (HttpClient Client, HttpMethod Method, string Url, HttpContent? Body, HttpStatusCode Status, string Code)[]
        {
            (anonymous, HttpMethod.Post, "/api/mp/v1/login", Json("{\"code\":"), HttpStatusCode.BadRequest, "json_invalid"),
            (anonymous, HttpMethod.Post, "/api/mp/v1/login", Json("{\"code\": 42}"), HttpStatusCode.BadRequest, "field_type"),
            (anonymous, HttpMethod.Post, "/api/mp/v1/login", Json("[\"code\"]"), HttpStatusCode.BadRequest, "json_invalid"),
            (anonymous, HttpMethod.Post, "/api/mp/v1/login", Json("{}"), HttpStatusCode.BadRequest, "field_missing"),
            (anonymous, HttpMethod.Post, "/api/mp/v1/login", Json(new string('[', 100) + new string(']', 100)), HttpStatusCode.BadRequest, "json_invalid"),
            (anonymous, HttpMethod.Post, "/api/mp/v1/login", Json("{\"code\":\"" + new string('x', 20_000) + "\"}"), HttpStatusCode.RequestEntityTooLarge, "body_too_large"),
            (anonymous, HttpMethod.Post, "/api/mp/v1/login", new ByteArrayContent([0x7B, 0x22, 0xC3, 0x28, 0x22, 0x7D]) { Headers = { ContentType = new("application/json") } }, HttpStatusCode.BadRequest, "json_invalid"),
            (anonymous, HttpMethod.Post, "/api/mp/v1/login", new ByteArrayContent([.. "{\"code\":\""u8, 0xC3, 0x28, 0xFF, .. "\"}"u8]) { Headers = { ContentType = new("application/json") } }, HttpStatusCode.BadRequest, "json_invalid"),
            (anonymous, HttpMethod.Post, "/api/mp/v1/login", Json("{\"code\":\"\\uD800\"}"), HttpStatusCode.BadRequest, "json_invalid"),
            (client, HttpMethod.Post, $"/api/mp/v1/interviews/{w.InterviewA}/consent", Json("{\"recording\":true,\"noticeVersion\":\"\\uDC00\"}"), HttpStatusCode.BadRequest, "json_invalid"),
            (anonymous, HttpMethod.Post, "/api/mp/v1/login", new StringContent("code=abc", Encoding.UTF8, "application/x-www-form-urlencoded"), HttpStatusCode.UnsupportedMediaType, "json_required"),
            (anonymous, HttpMethod.Post, "/api/mp/v1/login", Json("{\"code\":\"unknown-code\"}"), HttpStatusCode.Unauthorized, "code_invalid"),
            (anonymous, HttpMethod.Post, $"/api/mp/v1/invitations/{token}/accept", null, HttpStatusCode.Unauthorized, "session_invalid"),
            (client, HttpMethod.Post, "/api/mp/v1/invitations/not-a-token/accept", null, HttpStatusCode.NotFound, "not_found"),
            (client, HttpMethod.Post, $"/api/mp/v1/invitations/{new string('A', 24)}/accept", null, HttpStatusCode.NotFound, "not_found"),
            (client, HttpMethod.Post, "/api/mp/v1/interviews/12345/join", null, HttpStatusCode.NotFound, "not_found"),
            (client, HttpMethod.Post, $"/api/mp/v1/interviews/{Guid.NewGuid()}/join", null, HttpStatusCode.NotFound, "not_found"),
            (client, HttpMethod.Post, $"/api/mp/v1/interviews/{w.InterviewA}/consent", Json("{\"recording\":\"yes\",\"noticeVersion\":\"v1\"}"), HttpStatusCode.BadRequest, "field_type"),
            (client, HttpMethod.Post, $"/api/mp/v1/interviews/{w.InterviewA}/consent", Json("{\"recording\":true,\"noticeVersion\":\"<script>\"}"), HttpStatusCode.UnprocessableEntity, "consent_notice_version_invalid"),
            (client, HttpMethod.Post, $"/api/mp/v1/interviews/{w.InterviewA}/reschedule-requests", Json("{\"slot\":\"next tuesday\",\"reason\":\"x\"}"), HttpStatusCode.BadRequest, "field_type"),
            (client, HttpMethod.Post, $"/api/mp/v1/interviews/{w.InterviewA}/reschedule-requests", Json("{\"slot\":\"2026-12-01T10:00:00\",\"reason\":\"x\"}"), HttpStatusCode.BadRequest, "field_type"),
            (client, HttpMethod.Post, $"/api/mp/v1/interviews/{w.InterviewA}/reschedule-requests", Json("{\"slot\":\"2020-01-01T10:00:00Z\",\"reason\":\"x\"}"), HttpStatusCode.UnprocessableEntity, "interview_start_in_past"),
            (client, HttpMethod.Post, $"/api/mp/v1/interviews/{w.InterviewA}/reschedule-requests", Json("{\"slot\":\"2030-01-01T10:00:00Z\"}"), HttpStatusCode.BadRequest, "field_missing"),
            (client, HttpMethod.Get, "/api/mp/v1/no-such-thing", null, HttpStatusCode.NotFound, "not_found"),
        };

        foreach (var (who, method, url, content, status, code) in cases)
        {
            var response = await who.SendAsync(new HttpRequestMessage(method, url) { Content = content });
            await AssertProblemAsync(response, status, code, $"{method} {url}");
        }

        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task ASessionOverItsLimit_Gets429WithRetryAfter_WhileAnotherSessionIsCountedApart()
    {
        await using var limited = new PortalAppFactory(new Dictionary<string, string?>
        {
            ["WeChat:ApiBaseUrl"] = _weChat.BaseAddress.ToString(),
            ["WeChat:AppId"] = FakeWeChatServer.AppId,
            ["WeChat:AppSecret"] = FakeWeChatServer.AppSecret,
            ["MiniProgram:CallsPerMinute"] = "3",
        }, clock: _clock);
        var first = await LoggedInAsync(limited, "wx-limit-1", "openid-limit-1");
        var second = await LoggedInAsync(limited, "wx-limit-2", "openid-limit-2");

        for (var k = 0; k < 3; k++)
        {
            Assert.Equal(HttpStatusCode.OK, (await first.GetAsync("/api/mp/v1/interviews/current")).StatusCode);
        }

        var fourth = await first.GetAsync("/api/mp/v1/interviews/current");
        await AssertProblemAsync(fourth, HttpStatusCode.TooManyRequests, "rate_limited", "the fourth call of one session");
        Assert.InRange(fourth.Headers.RetryAfter?.Delta ?? TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));
        // Same address, another session: its own count. The address's own limit (RateLimitTests) is far higher.
        Assert.Equal(HttpStatusCode.OK, (await second.GetAsync("/api/mp/v1/interviews/current")).StatusCode);
    }

    [Fact]
    public async Task ProblemMessages_FollowTheCallersLanguage()
    {
        var client = _app.CreateClient();

        var zh = await client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/mp/v1/login") { Content = Json("{}") });
        var en = await client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/mp/v1/login") { Content = Json("{}"), Headers = { AcceptLanguage = { new("en-US") } } });

        Assert.Equal("缺少字段 code。", (await zh.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());
        Assert.Equal("The field code is missing.", (await en.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());
    }

    private static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code, string? because = null)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"{because}: expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var doc = JsonDocument.Parse(text);
        Assert.True(code == doc.RootElement.GetProperty("code").GetString(), $"{because}: expected code {code}: {text}");
        Assert.False(string.IsNullOrWhiteSpace(doc.RootElement.GetProperty("title").GetString()));
    }

    private Task<(int Sessions, int Consents, int Requests, int Audit, int Accepted, int Bound)> CountsAsync() =>
        _app.WithDbAsync(async db => (
            await db.MiniProgramSessions.CountAsync(), await db.ConsentRecords.CountAsync(), await db.RescheduleRequests.CountAsync(),
            await db.AuditEntries.CountAsync(), await db.Invitations.CountAsync(i => i.AcceptedAtUtc != null), await db.Candidates.CountAsync(c => c.WeChatOpenId != null)));

    private Task<global::InterviewPortal.Domain.Interviews.Interview> InterviewAsync(Guid id) =>
        _app.WithDbAsync(db => db.Interviews.AsNoTracking().SingleAsync(i => i.Id == id));

    private static async Task<string> TokenAsync(RecruitingWorld w, Guid interviewId)
    {
        var card = await w.AsHrAsync(sp => sp.GetRequiredService<InvitationService>().GetCardAsync(interviewId));
        return card!.Link![(card.Link!.LastIndexOf('/') + 1)..];
    }

    private Task<HttpClient> LoggedInAsync(string wxCode, string openId) => LoggedInAsync(_app, wxCode, openId);

    private async Task<HttpClient> LoggedInAsync(PortalAppFactory app, string wxCode, string openId)
    {
        _weChat.AddLoginCode(wxCode, openId);
        var client = app.CreateClient();
        var login = await client.PostAsJsonAsync("/api/mp/v1/login", new { code = wxCode });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var session = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("session").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", session);
        return client;
    }

    private async Task<HttpClient> AcceptedAsync(RecruitingWorld w, string openId)
    {
        var client = await LoggedInAsync("wx-" + openId, openId);
        var accept = await client.PostAsync($"/api/mp/v1/invitations/{await TokenAsync(w, w.InterviewA)}/accept", null);
        Assert.Equal(HttpStatusCode.OK, accept.StatusCode);
        return client;
    }

    /// <summary>The interview's invitation tracking as HR sees it on the interview page.</summary>
    private static async Task<InvitationTracking> TrackingAsync(RecruitingWorld w, Guid interviewId) =>
        (await w.AsHrAsync(sp => sp.GetRequiredService<InvitationService>().GetTrackingAsync(interviewId)))!.Value.Tracking;
}
