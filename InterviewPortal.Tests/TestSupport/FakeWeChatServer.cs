using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace InterviewPortal.Tests.TestSupport;

/// <summary>
/// WeChat's mini-program server APIs on a loopback port, per the documented protocol: stable_token (normal mode
/// returns the current token), getwxacodeunlimit (image on success, JSON errcode otherwise), generate_urllink and
/// jscode2session (text/plain JSON, single-use codes). Tests steer it: rotate or revoke the token, queue errcodes, HTTP
/// failures or garbage for an API, slow the token endpoint or any API down, and read every request body it received.
/// </summary>
public sealed class FakeWeChatServer : IAsyncDisposable
{
    public const string AppId = "wx0123456789abcdef";
    public const string AppSecret = "fake-app-secret-0123456789abcdef";
    public static readonly byte[] JpegMagic = [0xFF, 0xD8, 0xFF, 0xE0];

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, int> _calls = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<int>> _errcodes = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<int>> _httpFailures = new();
    private readonly ConcurrentDictionary<string, int> _garbage = new();
    private readonly ConcurrentDictionary<string, TimeSpan> _delays = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _held = new();
    private readonly ConcurrentDictionary<string, string> _codes = new();
    private readonly ConcurrentQueue<(string Api, string Body)> _bodies = new();
    private readonly ConcurrentDictionary<(string OpenId, string Template), int> _subscriptions = new();
    private readonly ConcurrentQueue<JsonElement> _subscribeMessages = new();
    private int _tokenVersion = 1;
    private volatile bool _tokenRevoked;

    private FakeWeChatServer(WebApplication app) => _app = app;

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The token stable_token hands out now.</summary>
    public string CurrentToken => $"ACCESS_TOKEN_{Volatile.Read(ref _tokenVersion)}";

    public int ExpiresIn { get; set; } = 7200;

    /// <summary>How long stable_token takes to answer (lets concurrent callers pile up behind one refresh).</summary>
    public TimeSpan TokenDelay { get; set; }

    /// <summary>Pages of the released version; getUnlimited with check_path=true refuses others with 41030.</summary>
    public HashSet<string> ReleasedPages { get; } = ["pages/join/index"];

    public static async Task<FakeWeChatServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        // The portal's appsettings.json (copied next to the tests) names a Kestrel endpoint, which would win over
        // UseUrls and put every fake on the same port.
        builder.Configuration["Kestrel:Endpoints:Http:Url"] = "http://127.0.0.1:0";
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new FakeWeChatServer(app);
        server.Map(app);
        await app.StartAsync();
        server.BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return server;
    }

    public int Calls(string api) => _calls.GetValueOrDefault(api);

    public IReadOnlyList<string> Bodies(string api) => [.. _bodies.Where(b => b.Api == api).Select(b => b.Body)];

    /// <summary>WeChat rotates the token: the old one now answers 42001 (expired), stable_token returns a new one.</summary>
    public void ExpireToken() => Interlocked.Increment(ref _tokenVersion);

    /// <summary>The current token answers 40001 until stable_token is called again (which then hands out a new one).</summary>
    public void RevokeToken() => _tokenRevoked = true;

    /// <summary>The next call to <paramref name="api"/> answers {"errcode": errcode} with HTTP 200.</summary>
    public void QueueErrcode(string api, int errcode) => _errcodes.GetOrAdd(api, _ => new()).Enqueue(errcode);

    /// <summary>The next call to <paramref name="api"/> answers this HTTP status with no WeChat body.</summary>
    public void QueueHttpFailure(string api, int status) => _httpFailures.GetOrAdd(api, _ => new()).Enqueue(status);

    /// <summary>The next call to <paramref name="api"/> answers HTTP 200 with a proxy's HTML page instead of WeChat's answer.</summary>
    public void QueueGarbage(string api) => _garbage.AddOrUpdate(api, 1, (_, n) => n + 1);

    /// <summary>
    /// Every call to <paramref name="api"/> waits this long before it is looked at (zero: answers at once again). A caller
    /// that gives up first has its call dropped unprocessed, as a WeChat that never got to it.
    /// </summary>
    public void Slow(string api, TimeSpan delay) => _delays[api] = delay;

    /// <summary>
    /// Completes once a call to <paramref name="api"/> is held by <see cref="Slow"/>: a portal on a fake clock times out
    /// only when the test moves its clock, which it may do from then on.
    /// </summary>
    public Task HeldAsync(string api) => Held(api).Task;

    private TaskCompletionSource Held(string api) => _held.GetOrAdd(api, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    /// <summary>The candidate tapped "allow" for <paramref name="templateId"/>: one subscribe message may be sent per acceptance.</summary>
    public void Subscribe(string openId, string templateId, int times = 1) =>
        _subscriptions.AddOrUpdate((openId, templateId), times, (_, n) => n + times);

    /// <summary>Every subscribe message WeChat accepted (the request bodies).</summary>
    public IReadOnlyList<JsonElement> SubscribeMessages => [.. _subscribeMessages];

    /// <summary>A wx.login code the server will accept once.</summary>
    public void AddLoginCode(string code, string openId) => _codes[code] = openId;

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private void Map(WebApplication app)
    {
        app.MapPost("/cgi-bin/stable_token", async (HttpContext http) =>
        {
            var (failure, body) = await EnterAsync("stable_token", http);
            if (failure is not null)
            {
                return failure;
            }

            if (TokenDelay > TimeSpan.Zero)
            {
                await Task.Delay(TokenDelay);
            }

            if (body is not { } b || b.GetProperty("grant_type").GetString() != "client_credential")
            {
                return Error(40002, "invalid grant_type");
            }

            if (b.GetProperty("appid").GetString() != AppId || b.GetProperty("secret").GetString() != AppSecret)
            {
                return Error(40001, "invalid credential, access_token is invalid or not latest");
            }

            if (_tokenRevoked)
            {
                _tokenRevoked = false;
                ExpireToken();
            }

            return Json(new { access_token = CurrentToken, expires_in = ExpiresIn });
        });

        app.MapPost("/wxa/getwxacodeunlimit", async (HttpContext http) =>
        {
            var (failure, body) = await EnterAsync("getwxacodeunlimit", http, requireToken: true);
            if (failure is not null)
            {
                return failure;
            }

            if (body is not { } b || !b.TryGetProperty("scene", out var sceneElement) || sceneElement.GetString() is not { Length: > 0 and <= 32 } scene)
            {
                return Error(40169, "invalid length for scene, or the data is not json string");
            }

            var page = b.TryGetProperty("page", out var p) ? p.GetString() : null;
            var checkPath = !b.TryGetProperty("check_path", out var c) || c.GetBoolean();
            if (page is not null && checkPath && !ReleasedPages.Contains(page))
            {
                return Error(41030, "invalid page");
            }

            return Results.Bytes([.. JpegMagic, .. Encoding.UTF8.GetBytes(scene)], "image/jpeg");
        });

        app.MapPost("/wxa/generate_urllink", async (HttpContext http) =>
        {
            var (failure, body) = await EnterAsync("generate_urllink", http, requireToken: true);
            if (failure is not null)
            {
                return failure;
            }

            if (body is not { } b || b.TryGetProperty("query", out var q) && q.ValueKind != JsonValueKind.String)
            {
                return Error(47001, "data format error");
            }

            var query = b.TryGetProperty("query", out var qs) ? qs.GetString()! : "";
            if (query.Contains("\\u", StringComparison.Ordinal) || query.Length > 1024)
            {
                return Error(40212, "invalid query");
            }

            var expireTime = b.TryGetProperty("expire_time", out var e) ? e.GetInt64() : 0;
            if (expireTime > DateTimeOffset.UtcNow.AddDays(30).ToUnixTimeSeconds() + 60)
            {
                return Error(40097, "invalid args: expire_time is more than 30 days ahead");
            }

            return Json(new { errcode = 0, errmsg = "ok", url_link = $"https://wxaurl.cn/{Convert.ToHexString(Encoding.UTF8.GetBytes(query))[..Math.Min(12, query.Length * 2)]}" });
        });

        app.MapPost("/cgi-bin/message/subscribe/send", async (HttpContext http) =>
        {
            var (failure, body) = await EnterAsync("subscribeMessage.send", http, requireToken: true);
            if (failure is not null)
            {
                return failure;
            }

            if (body is not { } b || !b.TryGetProperty("touser", out var touser) || touser.GetString() is not { Length: > 0 } openId)
            {
                return Error(40003, "invalid openid");
            }

            if (!b.TryGetProperty("template_id", out var t) || t.GetString() is not { Length: > 0 } template)
            {
                return Error(40037, "invalid template_id");
            }

            if (b.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object)
            {
                foreach (var field in data.EnumerateObject())
                {
                    var value = field.Value.TryGetProperty("value", out var v) ? v.GetString() ?? "" : "";
                    if (!SubscribeValueFits(field.Name, value))
                    {
                        return Error(47003, $"argument invalid! data.{field.Name}.value invalid");
                    }
                }
            }

            // One-time subscriptions: each acceptance allows one message for that template.
            var key = (openId, template);
            while (true)
            {
                var left = _subscriptions.GetValueOrDefault(key);
                if (left <= 0)
                {
                    return Error(43101, "user refuse to accept the msg");
                }

                if (_subscriptions.TryUpdate(key, left - 1, left))
                {
                    break;
                }
            }

            _subscribeMessages.Enqueue(b.Clone());
            return Json(new { errcode = 0, errmsg = "ok" });
        });

        app.MapGet("/sns/jscode2session", async (HttpContext http) =>
        {
            var (failure, _) = await EnterAsync("jscode2session", http);
            if (failure is not null)
            {
                return failure;
            }

            var q = http.Request.Query;
            if (q["appid"] != AppId || q["secret"] != AppSecret)
            {
                return Text(40125, "invalid appsecret");
            }

            if (q["grant_type"] != "authorization_code")
            {
                return Text(40002, "invalid grant_type");
            }

            var code = q["js_code"].ToString();
            if (!_codes.TryRemove(code, out var openId))
            {
                return Text(40029, "invalid code");
            }

            // WeChat sends this answer as text/plain.
            return Results.Text(JsonSerializer.Serialize(new { session_key = "SESSION_KEY_" + openId, openid = openId }), "text/plain");
        });
    }

    private async Task<(IResult? Failure, JsonElement? Body)> EnterAsync(string api, HttpContext http, bool requireToken = false)
    {
        _calls.AddOrUpdate(api, 1, (_, n) => n + 1);
        string raw;
        using (var reader = new StreamReader(http.Request.Body, Encoding.UTF8))
        {
            raw = await reader.ReadToEndAsync();
        }

        _bodies.Enqueue((api, raw));
        if (_delays.TryGetValue(api, out var delay) && delay > TimeSpan.Zero)
        {
            Held(api).TrySetResult();
            await Task.Delay(delay, http.RequestAborted);
        }

        if (_garbage.TryGetValue(api, out var left) && left > 0 && _garbage.TryUpdate(api, left - 1, left))
        {
            return (Results.Text("<html><body><h1>502 Bad Gateway</h1></body></html>", "text/html"), null);
        }

        if (_httpFailures.TryGetValue(api, out var failures) && failures.TryDequeue(out var status))
        {
            return (Results.StatusCode(status), null);
        }

        if (requireToken)
        {
            var token = http.Request.Query["access_token"].ToString();
            if (string.IsNullOrEmpty(token))
            {
                return (Error(41001, "access_token missing"), null);
            }

            if (_tokenRevoked && token == CurrentToken)
            {
                return (Error(40001, "invalid credential, access_token is invalid or not latest"), null);
            }

            if (token != CurrentToken)
            {
                return (Error(token.StartsWith("ACCESS_TOKEN_", StringComparison.Ordinal) ? 42001 : 40014, "access_token expired or invalid"), null);
            }
        }

        if (_errcodes.TryGetValue(api, out var queue) && queue.TryDequeue(out var errcode))
        {
            return (api == "jscode2session" ? Text(errcode, "queued error") : Error(errcode, "queued error"), null);
        }

        if (http.Request.Method == "GET")
        {
            return (null, null);
        }

        // Only real JSON bodies are accepted (WeChat refuses form posts).
        if (http.Request.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) != true)
        {
            return (Error(47001, "data format error"), null);
        }

        try
        {
            using var doc = JsonDocument.Parse(raw);
            return (null, doc.RootElement.Clone());
        }
        catch (JsonException)
        {
            return (Error(47001, "data format error"), null);
        }
    }

    /// <summary>WeChat's per-type value limits (integrations.md §5.5), counted in characters.</summary>
    private static bool SubscribeValueFits(string key, string value)
    {
        var type = key.TrimEnd('0', '1', '2', '3', '4', '5', '6', '7', '8', '9');
        var length = new System.Globalization.StringInfo(value).LengthInTextElements;
        return type switch
        {
            "thing" => length <= 20,
            "phrase" => length <= 5 && value.All(c => c > 0x2E80),
            "name" => value.All(char.IsAscii) ? length <= 20 : length <= 10,
            "number" or "letter" or "character_string" => length <= 32,
            "symbol" => length <= 5,
            "phone_number" => length <= 17,
            "car_number" => length <= 8,
            "time" or "date" => System.Text.RegularExpressions.Regex.IsMatch(value, @"^\d{4}-\d{2}-\d{2}( \d{2}:\d{2})?$|^\d{2}:\d{2}$"),
            _ => true,
        };
    }

    private static IResult Json(object value) =>
        Results.Text(JsonSerializer.Serialize(value), "application/json; encoding=utf-8");

    private static IResult Error(int errcode, string errmsg) => Json(new { errcode, errmsg });

    private static IResult Text(int errcode, string errmsg) => Results.Text(JsonSerializer.Serialize(new { errcode, errmsg }), "text/plain");
}
