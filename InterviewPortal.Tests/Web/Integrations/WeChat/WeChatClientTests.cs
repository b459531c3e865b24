using System.Text.Json;
using InterviewPortal.Tests.TestSupport;
using InterviewPortal.Web.Integrations.WeChat;
using Microsoft.Extensions.Logging;

namespace InterviewPortal.Tests.Web.Integrations.WeChat;

public sealed class WeChatClientTests : IAsyncLifetime
{
    private FakeWeChatServer _server = null!;
    private WeChatTestClient _wechat = null!;

    public async Task InitializeAsync()
    {
        _server = await FakeWeChatServer.StartAsync();
        _wechat = WeChatTestClient.Create(_server);
    }

    public async Task DisposeAsync()
    {
        await _wechat.DisposeAsync();
        await _server.DisposeAsync();
    }

    private static CancellationToken Ct => CancellationToken.None;

    [Fact]
    public async Task GetUnlimitedCode_ReturnsTheImage_AndSendsSceneJoinPageEnvAndCheckPath()
    {
        var image = await _wechat.Client.GetUnlimitedCodeAsync("AbC123xyz", Ct);

        Assert.Equal("image/jpeg", image.ContentType);
        Assert.Equal([.. FakeWeChatServer.JpegMagic, .. "AbC123xyz"u8.ToArray()], image.Content);
        using var body = JsonDocument.Parse(Assert.Single(_server.Bodies("getwxacodeunlimit")));
        Assert.Equal("AbC123xyz", body.RootElement.GetProperty("scene").GetString());
        Assert.Equal("pages/join/index", body.RootElement.GetProperty("page").GetString());
        Assert.Equal("release", body.RootElement.GetProperty("env_version").GetString());
        Assert.True(body.RootElement.GetProperty("check_path").GetBoolean());
    }

    [Fact]
    public async Task GetUnlimitedCode_ForATrialBuild_AsksForTrialWithoutCheckingThePublishedPages()
    {
        await using var trial = WeChatTestClient.Create(_server, ("WeChat:EnvVersion", "trial"), ("WeChat:JoinPage", "pages/new-join/index"));

        var image = await trial.Client.GetUnlimitedCodeAsync("T1", Ct);

        Assert.Equal("image/jpeg", image.ContentType);
        using var body = JsonDocument.Parse(Assert.Single(_server.Bodies("getwxacodeunlimit")));
        Assert.Equal("trial", body.RootElement.GetProperty("env_version").GetString());
        Assert.False(body.RootElement.GetProperty("check_path").GetBoolean());
    }

    [Fact]
    public async Task GetUnlimitedCode_WhenWeChatAnswersJson_ThrowsItsErrcode_AndLogsIt()
    {
        await using var unpublished = WeChatTestClient.Create(_server, ("WeChat:JoinPage", "pages/not-released/index"));

        var ex = await Assert.ThrowsAsync<WeChatException>(() => unpublished.Client.GetUnlimitedCodeAsync("AbC123", Ct));

        Assert.Equal(41030, ex.ErrCode);
        Assert.Equal("getwxacodeunlimit", ex.Api);
        Assert.Equal("WeChat_Failed", ex.MessageKey);
        Assert.Contains(unpublished.Logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("getwxacodeunlimit") && e.Message.Contains("41030"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("this-scene-is-longer-than-32-chars")]
    [InlineData("中文")]
    [InlineData("a%20b")]
    public async Task GetUnlimitedCode_RefusesAnInvalidScene_WithoutCallingWeChat(string scene)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => _wechat.Client.GetUnlimitedCodeAsync(scene, Ct));

        Assert.Equal(0, _server.Calls("getwxacodeunlimit"));
        Assert.Equal(0, _server.Calls("stable_token"));
    }

    [Fact]
    public async Task AccessToken_IsFetchedOnce_AndReusedUntilShortlyBeforeItExpires()
    {
        await _wechat.Client.GetUnlimitedCodeAsync("a", Ct);
        await _wechat.Client.GetUnlimitedCodeAsync("b", Ct);
        Assert.Equal(1, _server.Calls("stable_token"));

        // 7200 s token: still cached just before the five-minute rotation margin, refreshed after it.
        _wechat.Time.Advance(TimeSpan.FromSeconds(7200 - 300 - 1));
        await _wechat.Client.GetUnlimitedCodeAsync("c", Ct);
        Assert.Equal(1, _server.Calls("stable_token"));

        _wechat.Time.Advance(TimeSpan.FromSeconds(2));
        await _wechat.Client.GetUnlimitedCodeAsync("d", Ct);
        Assert.Equal(2, _server.Calls("stable_token"));
    }

    [Fact]
    public async Task StableTokenRequest_IsTheDocumentedJsonBody_InNormalMode()
    {
        await _wechat.Client.GetUnlimitedCodeAsync("a", Ct);

        using var body = JsonDocument.Parse(Assert.Single(_server.Bodies("stable_token")));
        Assert.Equal("client_credential", body.RootElement.GetProperty("grant_type").GetString());
        Assert.Equal(FakeWeChatServer.AppId, body.RootElement.GetProperty("appid").GetString());
        Assert.Equal(FakeWeChatServer.AppSecret, body.RootElement.GetProperty("secret").GetString());
        Assert.False(body.RootElement.GetProperty("force_refresh").GetBoolean());
    }

    [Fact]
    public async Task FiftyConcurrentCallers_ShareOneTokenFetch()
    {
        _server.TokenDelay = TimeSpan.FromMilliseconds(300);

        var images = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => _wechat.Client.GetUnlimitedCodeAsync($"s{i}", Ct)));

        Assert.Equal(50, images.Length);
        Assert.Equal(1, _server.Calls("stable_token"));
        Assert.Equal(50, _server.Calls("getwxacodeunlimit"));
    }

    [Fact]
    public async Task ARevokedToken_40001_IsDroppedAndTheCallRetriedOnceWithANewToken()
    {
        await _wechat.Client.GetUnlimitedCodeAsync("warm", Ct);
        var before = _server.CurrentToken;
        _server.RevokeToken();

        var image = await _wechat.Client.GetUnlimitedCodeAsync("after", Ct);

        Assert.Equal("image/jpeg", image.ContentType);
        Assert.Equal(2, _server.Calls("stable_token"));
        Assert.Equal(3, _server.Calls("getwxacodeunlimit"));
        Assert.NotEqual(before, _server.CurrentToken);
    }

    [Fact]
    public async Task AnExpiredToken_42001_IsRefreshedForUrlLinksToo()
    {
        await _wechat.Client.GetUnlimitedCodeAsync("warm", Ct);
        _server.ExpireToken();

        var link = await _wechat.Client.GenerateUrlLinkAsync("t=AbC123", DateTime.UtcNow.AddDays(2), Ct);

        Assert.StartsWith("https://wxaurl.cn/", link.Url);
        Assert.Equal(2, _server.Calls("stable_token"));
        Assert.Equal(2, _server.Calls("generate_urllink"));
    }

    [Fact]
    public async Task ATokenRefusedTwice_IsNotRetriedAgain_ButFailsWithTheErrcode()
    {
        _server.QueueErrcode("getwxacodeunlimit", 40014);
        _server.QueueErrcode("getwxacodeunlimit", 40014);

        var ex = await Assert.ThrowsAsync<WeChatException>(() => _wechat.Client.GetUnlimitedCodeAsync("a", Ct));

        Assert.Equal(40014, ex.ErrCode);
        Assert.Equal(2, _server.Calls("getwxacodeunlimit"));
        Assert.Equal(2, _server.Calls("stable_token"));
    }

    [Fact]
    public async Task QuotaReached_45009_SurfacesAsQuotaReached_AndLaterCallsAreHeldBackWithoutHittingWeChat()
    {
        _server.QueueErrcode("getwxacodeunlimit", 45009);

        var first = await Assert.ThrowsAsync<WeChatQuotaReachedException>(() => _wechat.Client.GetUnlimitedCodeAsync("a", Ct));
        var second = await Assert.ThrowsAsync<WeChatQuotaReachedException>(() => _wechat.Client.GetUnlimitedCodeAsync("b", Ct));

        Assert.Equal(45009, first.ErrCode);
        Assert.Equal("WeChat_QuotaReached", first.MessageKey);
        Assert.Equal(1, _server.Calls("getwxacodeunlimit"));
        Assert.Equal(first.RetryAfterUtc, second.RetryAfterUtc);
        Assert.Equal(first.RetryAfterUtc, _wechat.Client.QuotaReachedUntilUtc);
        Assert.Contains(_wechat.Logs.Entries, e => e.Level == LogLevel.Error && e.Message.Contains("45009") && e.Message.Contains("getwxacodeunlimit"));

        // Other APIs are not held back, and after the back-off the code API is called again.
        Assert.StartsWith("https://wxaurl.cn/", (await _wechat.Client.GenerateUrlLinkAsync("t=1", DateTime.UtcNow.AddDays(1), Ct)).Url);
        _wechat.Time.Advance(WeChatQuotaGate.DailyBackOff);
        Assert.Null(_wechat.Client.QuotaReachedUntilUtc);
        await _wechat.Client.GetUnlimitedCodeAsync("c", Ct);
        Assert.Equal(2, _server.Calls("getwxacodeunlimit"));
    }

    [Fact]
    public async Task FrequencyLimit_45011_OnLogin_BacksOffForAMinute()
    {
        _server.QueueErrcode("jscode2session", 45011);
        _server.AddLoginCode("code-1", "openid-1");

        var ex = await Assert.ThrowsAsync<WeChatQuotaReachedException>(() => _wechat.Client.Code2SessionAsync("code-1", Ct));
        await Assert.ThrowsAsync<WeChatQuotaReachedException>(() => _wechat.Client.Code2SessionAsync("code-1", Ct));

        Assert.Equal(45011, ex.ErrCode);
        Assert.Equal(1, _server.Calls("jscode2session"));
        _wechat.Time.Advance(WeChatQuotaGate.FrequencyBackOff);
        Assert.Equal("openid-1", (await _wechat.Client.Code2SessionAsync("code-1", Ct)).OpenId);
    }

    [Fact]
    public async Task UrlLink_SendsQueryWithoutUnicodeEscapes_AndTheRequestedExpiry()
    {
        var expires = DateTime.UtcNow.AddDays(3);

        var link = await _wechat.Client.GenerateUrlLinkAsync("t=AbC123&src=card", expires, Ct);

        var raw = Assert.Single(_server.Bodies("generate_urllink"));
        Assert.Contains("\"query\":\"t=AbC123&src=card\"", raw);
        Assert.DoesNotContain("\\u0026", raw);
        using var body = JsonDocument.Parse(raw);
        Assert.Equal("pages/join/index", body.RootElement.GetProperty("path").GetString());
        Assert.Equal(0, body.RootElement.GetProperty("expire_type").GetInt32());
        Assert.Equal(new DateTimeOffset(expires).ToUnixTimeSeconds(), body.RootElement.GetProperty("expire_time").GetInt64());
        Assert.Equal("release", body.RootElement.GetProperty("env_version").GetString());
        Assert.Equal(new DateTimeOffset(expires).ToUnixTimeSeconds(), new DateTimeOffset(link.ExpiresAtUtc).ToUnixTimeSeconds());
    }

    [Fact]
    public async Task UrlLink_ExpiryIsCappedAtThirtyDays()
    {
        var link = await _wechat.Client.GenerateUrlLinkAsync("t=1", DateTime.UtcNow.AddDays(90), Ct);

        var cap = DateTime.UtcNow + WeChatClient.MaxUrlLinkLifetime;
        Assert.InRange(link.ExpiresAtUtc, cap.AddMinutes(-1), cap);
    }

    [Fact]
    public async Task UrlLink_InThePast_IsRefusedWithoutCallingWeChat()
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _wechat.Client.GenerateUrlLinkAsync("t=1", DateTime.UtcNow.AddMinutes(-1), Ct));

        Assert.Equal(0, _server.Calls("generate_urllink"));
    }

    [Fact]
    public async Task UrlLink_IsNotRetriedAfterATransientFailure_WhileTheCodeIs()
    {
        _server.QueueHttpFailure("generate_urllink", 503);
        _server.QueueHttpFailure("getwxacodeunlimit", 503);

        var ex = await Assert.ThrowsAsync<WeChatException>(() => _wechat.Client.GenerateUrlLinkAsync("t=1", DateTime.UtcNow.AddDays(1), Ct));
        var image = await _wechat.Client.GetUnlimitedCodeAsync("a", Ct);

        Assert.Equal("WeChat_Unavailable", ex.MessageKey);
        Assert.Equal(1, _server.Calls("generate_urllink"));
        Assert.Equal(2, _server.Calls("getwxacodeunlimit"));
        Assert.Equal("image/jpeg", image.ContentType);
        Assert.Contains(_wechat.Logs.Entries, e => e.Level == LogLevel.Error && e.Message.Contains("generate_urllink") && e.Message.Contains("503"));
    }

    [Fact]
    public async Task Code2Session_ReturnsTheOpenId_ForAValidCode_AndTheCodeIsSingleUse()
    {
        _server.AddLoginCode("wx-login-code", "o6_bmjrPTlm6_2sgVt7hMZOPfL2M");

        var session = await _wechat.Client.Code2SessionAsync("wx-login-code", Ct);
        var reused = await Assert.ThrowsAsync<WeChatException>(() => _wechat.Client.Code2SessionAsync("wx-login-code", Ct));

        Assert.Equal("o6_bmjrPTlm6_2sgVt7hMZOPfL2M", session.OpenId);
        Assert.Equal("SESSION_KEY_o6_bmjrPTlm6_2sgVt7hMZOPfL2M", session.SessionKey);
        Assert.Null(session.UnionId);
        Assert.Equal(40029, reused.ErrCode);
        Assert.Equal(0, _server.Calls("stable_token"));
    }

    [Fact]
    public async Task Code2Session_IsNotRetriedAfterATransientFailure()
    {
        _server.QueueHttpFailure("jscode2session", 502);
        _server.AddLoginCode("c", "o");

        await Assert.ThrowsAsync<WeChatException>(() => _wechat.Client.Code2SessionAsync("c", Ct));

        Assert.Equal(1, _server.Calls("jscode2session"));
    }

    [Fact]
    public async Task WrongAppSecret_FailsWithWeChatsErrcode_AndNeverLogsTheSecretOrToken()
    {
        await using var wrong = WeChatTestClient.Create(_server, ("WeChat:AppSecret", "not-the-right-secret"));

        var tokenFailure = await Assert.ThrowsAsync<WeChatException>(() => wrong.Client.GetUnlimitedCodeAsync("a", Ct));
        var loginFailure = await Assert.ThrowsAsync<WeChatException>(() => wrong.Client.Code2SessionAsync("c", Ct));
        await _wechat.Client.GetUnlimitedCodeAsync("a", Ct);

        Assert.Equal(("stable_token", 40001), (tokenFailure.Api, tokenFailure.ErrCode));
        Assert.Equal(("jscode2session", 40125), (loginFailure.Api, loginFailure.ErrCode));
        var logged = wrong.Logs.Entries.Concat(_wechat.Logs.Entries).Select(e => e.Message + e.Exception).ToList();
        Assert.NotEmpty(logged);
        Assert.DoesNotContain(logged, m => m.Contains("not-the-right-secret") || m.Contains(FakeWeChatServer.AppSecret) || m.Contains("ACCESS_TOKEN_"));
    }

    [Fact]
    public async Task WithoutConfiguration_TheClientSaysSo_AndRefusesCalls()
    {
        await using var unconfigured = WeChatTestClient.Create(_server, ("WeChat:AppId", ""), ("WeChat:AppSecret", ""));

        Assert.False(unconfigured.Client.IsConfigured);
        await Assert.ThrowsAsync<WeChatNotConfiguredException>(() => unconfigured.Client.GetUnlimitedCodeAsync("a", Ct));
        await Assert.ThrowsAsync<WeChatNotConfiguredException>(() => unconfigured.Client.Code2SessionAsync("c", Ct));
        Assert.Equal(0, _server.Calls("stable_token"));
    }

    [Fact]
    public async Task AnUnreachableServer_FailsAsUnavailable_AndIsLogged()
    {
        // A loopback port that was just free: nothing listens there.
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        await using var dead = WeChatTestClient.Create(_server, ("WeChat:ApiBaseUrl", $"http://127.0.0.1:{port}/"), ("WeChat:Timeout", "00:00:02"));

        var ex = await Assert.ThrowsAsync<WeChatException>(() => dead.Client.Code2SessionAsync("c", Ct));

        Assert.Equal("WeChat_Unavailable", ex.MessageKey);
        Assert.Contains(dead.Logs.Entries, e => e.Level == LogLevel.Error && e.Message.Contains("jscode2session"));
    }
}
