using System.Net.Http.Headers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Polly;

namespace InterviewPortal.Web.Integrations.WeChat;

/// <summary>A mini-program code image as WeChat drew it (usually image/jpeg or image/png).</summary>
public sealed record WeChatCodeImage(byte[] Content, string ContentType);

/// <summary>A URL Link (https://wxaurl.cn/…) opening the join page, valid until <see cref="ExpiresAtUtc"/>.</summary>
public sealed record WeChatUrlLink(string Url, DateTime ExpiresAtUtc);

/// <summary>code2Session's answer. <see cref="SessionKey"/> stays on the server and is never logged.</summary>
public sealed record WeChatSession(string OpenId, string SessionKey, string? UnionId);

/// <summary>
/// Typed client for the mini-program server APIs (base URL <c>WeChat:ApiBaseUrl</c>). Access tokens come from the
/// stable-token API through <see cref="WeChatAccessTokenCache"/>; a token WeChat refuses (40001/40014/42001) is dropped
/// and the call retried once with a fresh one; quota errors (45009/45011) back off through <see cref="WeChatQuotaGate"/>.
/// Failures are logged here with the API and WeChat's errcode, then thrown as <see cref="WeChatException"/>.
/// </summary>
public sealed class WeChatClient(
    HttpClient http,
    IOptions<WeChatOptions> options,
    WeChatAccessTokenCache tokens,
    WeChatQuotaGate quota,
    TimeProvider time,
    ILogger<WeChatClient> logger)
{
    /// <summary>Marks a request the resilience pipeline may send again after a transient failure (see IntegrationsSetup).</summary>
    public static readonly HttpRequestOptionsKey<bool> RetrySafe = new("InterviewPortal.WeChat.RetrySafe");

    public static readonly TimeSpan MaxUrlLinkLifetime = TimeSpan.FromDays(30);
    public const int MaxSceneLength = 32;
    public const int MaxQueryLength = 1024;

    // Real JSON bodies: the default encoder writes '&' as \u0026, which WeChat rejects in query (40212).
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    private static readonly int[] TokenRejected = [40001, 40014, 42001];
    private const string SceneSymbols = "!#$&'()*+,/:;=?@-._~";

    public bool IsConfigured => options.Value.IsConfigured;

    /// <summary>Until when WeChat calls are held back after a quota error, or null.</summary>
    public DateTime? QuotaReachedUntilUtc => quota.QuotaReachedUntilUtc;

    /// <summary>
    /// <c>wxacode.getUnlimited</c>: a mini-program code opening <c>WeChat:JoinPage</c> with <paramref name="scene"/>
    /// (≤ 32 letters, digits or WeChat's listed symbols), for the version in <c>WeChat:EnvVersion</c>.
    /// </summary>
    public Task<WeChatCodeImage> GetUnlimitedCodeAsync(string scene, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(scene) || scene.Length > MaxSceneLength || !scene.All(c => char.IsAsciiLetterOrDigit(c) || SceneSymbols.Contains(c)))
        {
            throw new ArgumentException($"A scene is 1–{MaxSceneLength} ASCII letters, digits or {SceneSymbols}.", nameof(scene));
        }

        var o = options.Value;
        var body = new
        {
            Scene = scene,
            Page = o.JoinPage,
            // WeChat checks the page against the released version only; trial and develop builds have their own pages.
            CheckPath = o.EnvVersion == WeChatEnvVersion.Release,
            EnvVersion = EnvVersion(o.EnvVersion),
        };
        // Drawing the same code twice is harmless, so a transient failure may be retried.
        return CallWithTokenAsync("getwxacodeunlimit", "/wxa/getwxacodeunlimit", body, retrySafe: true, (contentType, bytes) =>
            IsImage(contentType, bytes) ? new WeChatCodeImage(bytes, contentType ?? "image/jpeg") : null, ct);
    }

    /// <summary>
    /// <c>urllink.generate</c>: a link opening <c>WeChat:JoinPage</c> with <paramref name="query"/>, expiring at
    /// <paramref name="expiresAtUtc"/> or 30 days from now, whichever is sooner (WeChat's limit).
    /// </summary>
    public Task<WeChatUrlLink> GenerateUrlLinkAsync(string query, DateTime expiresAtUtc, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.Length > MaxQueryLength || query.Any(c => !char.IsAsciiLetterOrDigit(c) && !SceneSymbols.Contains(c) && c != '%'))
        {
            throw new ArgumentException($"A URL Link query is at most {MaxQueryLength} ASCII letters, digits, '%' or {SceneSymbols}.", nameof(query));
        }

        var now = time.GetUtcNow();
        var requested = new DateTimeOffset(DateTime.SpecifyKind(expiresAtUtc, DateTimeKind.Utc));
        if (requested <= now)
        {
            throw new ArgumentOutOfRangeException(nameof(expiresAtUtc), expiresAtUtc, "A link must expire in the future.");
        }

        var expires = DateTimeOffset.FromUnixTimeSeconds(Math.Min(requested.ToUnixTimeSeconds(), (now + MaxUrlLinkLifetime).ToUnixTimeSeconds()));
        var o = options.Value;
        var body = new
        {
            Path = o.JoinPage,
            Query = query,
            ExpireType = 0,
            ExpireTime = expires.ToUnixTimeSeconds(),
            EnvVersion = EnvVersion(o.EnvVersion),
        };
        // Every call mints a new link against a daily quota: never resent blindly.
        return CallWithTokenAsync("generate_urllink", "/wxa/generate_urllink", body, retrySafe: false, (contentType, bytes) =>
            ReadJson(bytes) is { } root && ErrCode(root) == 0 && root.TryGetProperty("url_link", out var link)
                && link.GetString() is { Length: > 0 } url
                ? new WeChatUrlLink(url, expires.UtcDateTime)
                : null, ct);
    }

    /// <summary>
    /// <c>subscribeMessage.send</c>: one subscribe message to <paramref name="openId"/>. Values are cut to WeChat's
    /// limits for their key's type (<see cref="FitSubscribeValue"/>). Failures are thrown as <see cref="WeChatException"/>
    /// with WeChat's errcode (43101: the user has not subscribed). Never resent blindly: a second call is a second message.
    /// </summary>
    public async Task SendSubscribeMessageAsync(
        string openId, string templateId, string? page, IReadOnlyDictionary<string, string> data, string language, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(openId);
        ArgumentException.ThrowIfNullOrWhiteSpace(templateId);
        var o = options.Value;
        var body = new
        {
            Touser = openId,
            TemplateId = templateId,
            Page = page,
            Data = data.ToDictionary(p => p.Key, p => new { value = FitSubscribeValue(p.Key, p.Value) }),
            MiniprogramState = o.EnvVersion switch
            {
                WeChatEnvVersion.Trial => "trial",
                WeChatEnvVersion.Develop => "developer",
                _ => "formal",
            },
            Lang = language.StartsWith("en", StringComparison.OrdinalIgnoreCase) ? "en_US" : "zh_CN",
        };
        await CallWithTokenAsync("subscribeMessage.send", "/cgi-bin/message/subscribe/send", body, retrySafe: false, (_, bytes) =>
            ReadJson(bytes) is { } root && ErrCode(root) == 0 ? Sent : null, ct);
    }

    private static readonly object Sent = new();

    /// <summary>
    /// A value cut to what WeChat accepts for its key's type (the prefix of the key: <c>thing3</c> is a thing): thing 20
    /// characters, phrase 5, name 10 (20 when all ASCII), number/letter/character_string 32, symbol 5, phone_number 17,
    /// car_number 8. Dates, times, amounts and enums are passed as they are: cutting them would make them wrong.
    /// </summary>
    public static string FitSubscribeValue(string key, string value)
    {
        var type = key.TrimEnd('0', '1', '2', '3', '4', '5', '6', '7', '8', '9');
        var limit = type switch
        {
            "thing" => 20,
            "phrase" => 5,
            "name" => value.All(char.IsAscii) ? 20 : 10,
            "number" or "letter" or "character_string" => 32,
            "symbol" => 5,
            "phone_number" => 17,
            "car_number" => 8,
            _ => int.MaxValue,
        };
        var elements = new System.Globalization.StringInfo(value);
        if (elements.LengthInTextElements <= limit)
        {
            return value;
        }

        // Words get an ellipsis so a reader sees the cut; codes and numbers are cut plainly.
        return type is "thing" or "name"
            ? elements.SubstringByTextElements(0, limit - 1) + "…"
            : elements.SubstringByTextElements(0, limit);
    }

    /// <summary><c>code2Session</c>: the openid (and session key) behind a <c>wx.login</c> code. Codes are single-use, so never retried.</summary>
    public async Task<WeChatSession> Code2SessionAsync(string code, CancellationToken ct)
    {
        const string api = "jscode2session";
        if (string.IsNullOrWhiteSpace(code) || code.Length > 128)
        {
            throw new ArgumentException("A wx.login code is 1–128 characters.", nameof(code));
        }

        var o = RequireConfigured();
        quota.ThrowIfBlocked(api);
        using var request = new HttpRequestMessage(HttpMethod.Get,
            $"/sns/jscode2session?appid={Uri.EscapeDataString(o.AppId!)}&secret={Uri.EscapeDataString(o.AppSecret!)}&js_code={Uri.EscapeDataString(code)}&grant_type=authorization_code");
        // WeChat answers this one as text/plain: the body is read as JSON whatever the content type says.
        var (_, bytes) = await SendAsync(api, request, ct);
        var root = ReadJson(bytes) ?? throw Unexpected(api, "the body is not JSON");
        var errCode = ErrCode(root);
        if (errCode != 0)
        {
            throw Failed(api, errCode, ErrMsg(root));
        }

        var openId = Text(root, "openid");
        var sessionKey = Text(root, "session_key");
        if (string.IsNullOrEmpty(openId) || string.IsNullOrEmpty(sessionKey))
        {
            throw Unexpected(api, "no openid or session_key");
        }

        return new WeChatSession(openId, sessionKey, Text(root, "unionid"));
    }

    private async Task<T> CallWithTokenAsync<T>(string api, string path, object body, bool retrySafe,
        Func<string?, byte[], T?> readSuccess, CancellationToken ct) where T : class
    {
        RequireConfigured();
        quota.ThrowIfBlocked(api);
        for (var attempt = 1; ; attempt++)
        {
            var token = await tokens.GetAsync(FetchAccessTokenAsync, ct);
            using var request = JsonPost($"{path}?access_token={Uri.EscapeDataString(token)}", body, retrySafe);
            var (contentType, bytes) = await SendAsync(api, request, ct);
            if (readSuccess(contentType, bytes) is { } result)
            {
                return result;
            }

            var root = ReadJson(bytes) ?? throw Unexpected(api, $"neither the expected answer nor JSON ({contentType})");
            var errCode = ErrCode(root);
            if (attempt == 1 && TokenRejected.Contains(errCode))
            {
                logger.LogInformation("WeChat {Api} refused the access token (errcode {ErrCode}); fetching a new one and trying once more", api, errCode);
                tokens.Invalidate(token);
                continue;
            }

            throw errCode == 0 ? Unexpected(api, "errcode 0 without the expected fields") : Failed(api, errCode, ErrMsg(root));
        }
    }

    private async Task<(string Token, int ExpiresInSeconds)> FetchAccessTokenAsync(CancellationToken ct)
    {
        const string api = "stable_token";
        quota.ThrowIfBlocked(api);
        var o = RequireConfigured();
        // Normal mode (no force_refresh) answers the same token while it is valid, so resending it is safe.
        using var request = JsonPost("/cgi-bin/stable_token",
            new { GrantType = "client_credential", Appid = o.AppId, Secret = o.AppSecret, ForceRefresh = false }, retrySafe: true);
        var (_, bytes) = await SendAsync(api, request, ct);
        var root = ReadJson(bytes) ?? throw Unexpected(api, "the body is not JSON");
        var errCode = ErrCode(root);
        if (errCode != 0)
        {
            throw Failed(api, errCode, ErrMsg(root));
        }

        var token = Text(root, "access_token");
        if (string.IsNullOrEmpty(token) || !root.TryGetProperty("expires_in", out var expires) || !expires.TryGetInt32(out var expiresIn) || expiresIn <= 0)
        {
            throw Unexpected(api, "no access_token or expires_in");
        }

        logger.LogInformation("WeChat access token fetched, valid for {ExpiresIn} s", expiresIn);
        return (token, expiresIn);
    }

    private async Task<(string? ContentType, byte[] Body)> SendAsync(string api, HttpRequestMessage request, CancellationToken ct)
    {
        try
        {
            using var response = await http.SendAsync(request, ct);
            var bytes = await response.Content.ReadAsByteArrayAsync(ct);
            if (!response.IsSuccessStatusCode)
            {
                logger.LogError("WeChat {Api} answered HTTP {Status}", api, (int)response.StatusCode);
                throw new WeChatException(api, 0, $"HTTP {(int)response.StatusCode}", "WeChat_Unavailable");
            }

            return (response.Content.Headers.ContentType?.MediaType, bytes);
        }
        catch (Exception ex) when (ex is HttpRequestException or ExecutionRejectedException
            || (ex is OperationCanceledException && !ct.IsCancellationRequested))
        {
            // Timeouts, refused connections and an open circuit: the request path is logged, never its query (tokens, secrets).
            logger.LogError(ex, "WeChat {Api} could not be reached ({Path})", api, request.RequestUri?.AbsolutePath);
            throw new WeChatException(api, 0, ex.GetType().Name, "WeChat_Unavailable", ex);
        }
    }

    private static HttpRequestMessage JsonPost(string pathAndQuery, object body, bool retrySafe)
    {
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body, Json));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        var request = new HttpRequestMessage(HttpMethod.Post, pathAndQuery) { Content = content };
        request.Options.Set(RetrySafe, retrySafe);
        return request;
    }

    private WeChatOptions RequireConfigured() =>
        options.Value is { IsConfigured: true } o ? o : throw new WeChatNotConfiguredException();

    private WeChatException Failed(string api, int errCode, string? errMsg)
    {
        if (WeChatQuotaGate.IsQuotaError(errCode))
        {
            var quotaReached = quota.Block(api, errCode, errMsg);
            logger.LogError("WeChat {Api} quota reached (errcode {ErrCode}: {ErrMsg}); calls held back until {RetryAfterUtc:u}",
                api, errCode, errMsg, quotaReached.RetryAfterUtc);
            return quotaReached;
        }

        logger.LogWarning("WeChat {Api} failed with errcode {ErrCode}: {ErrMsg}", api, errCode, errMsg);
        return new WeChatException(api, errCode, errMsg, "WeChat_Failed");
    }

    private WeChatException Unexpected(string api, string problem)
    {
        logger.LogError("WeChat {Api} gave an unexpected answer: {Problem}", api, problem);
        return new WeChatException(api, 0, problem, "WeChat_Failed");
    }

    private static bool IsImage(string? contentType, byte[] bytes) =>
        contentType is not null
            ? contentType.StartsWith("image/", StringComparison.OrdinalIgnoreCase)
            // No content type: WeChat's errors are JSON objects, images never start with '{'.
            : bytes.Length > 0 && bytes[0] != (byte)'{';

    private static JsonElement? ReadJson(byte[] bytes)
    {
        try
        {
            using var doc = JsonDocument.Parse(bytes);
            return doc.RootElement.ValueKind == JsonValueKind.Object ? doc.RootElement.Clone() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static int ErrCode(JsonElement root) =>
        root.TryGetProperty("errcode", out var e) && e.TryGetInt32(out var code) ? code : 0;

    private static string? ErrMsg(JsonElement root) => Text(root, "errmsg");

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null;

    private static string EnvVersion(WeChatEnvVersion version) => version switch
    {
        WeChatEnvVersion.Trial => "trial",
        WeChatEnvVersion.Develop => "develop",
        _ => "release",
    };
}
