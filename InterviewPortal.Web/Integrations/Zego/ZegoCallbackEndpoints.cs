using System.Globalization;
using System.Text;
using InterviewPortal.Web.Resources;
using InterviewPortal.Web.Setup;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace InterviewPortal.Web.Integrations.Zego;

/// <summary>
/// <c>POST /api/zego/callbacks</c>: ZEGO's server callbacks. Anonymous (ZEGO signs instead), antiforgery off. Verified
/// before anything is stored: signature, a timestamp within 600 s, and a (nonce, timestamp, signature) not seen in the
/// last 15 minutes (a unique row, so two portal nodes share the window). Then the event is stored once per business key
/// and answered 200 (stored with group commit, <see cref="ZegoCallbackWriter"/>); the session log is built afterwards by
/// <see cref="ZegoCallbackProcessor"/>.
/// </summary>
public static class ZegoCallbackEndpoints
{
    public const string Path = "/api/zego/callbacks";
    public const int MaxBodyBytes = 64 * 1024;
    public const int MaxSkewSeconds = 600;

    public static void MapZegoCallbacks(this IEndpointRouteBuilder app) =>
        app.MapPost(Path, ReceiveAsync).AllowAnonymous().DisableAntiforgery().RequireRateLimiting(RateLimitSetup.ZegoCallbackPolicy);

    private static async Task<IResult> ReceiveAsync(
        HttpContext http, IOptions<ZegoOptions> options, ZegoCallbackWriter writer, ZegoCallbackProcessor processor,
        TimeProvider clock, ILoggerFactory logs, CancellationToken ct)
    {
        var log = logs.CreateLogger("InterviewPortal.ZegoCallbacks");
        if (options.Value.CallbackSecret is not { Length: > 0 } secret)
        {
            return Refuse(http, 503, "callbacks_not_configured", "ZegoCallbackNotConfigured");
        }

        if (http.Request.ContentLength > MaxBodyBytes)
        {
            return Refuse(http, 413, "body_too_large", "ZegoCallbackTooLarge");
        }

        var body = await ReadBodyAsync(http.Request, ct);
        if (body is null)
        {
            return Refuse(http, 413, "body_too_large", "ZegoCallbackTooLarge");
        }

        var form = http.Request.ContentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) == true;
        if (ZegoCallback.Parse(body, form) is not { } callback)
        {
            return Refuse(http, 400, "body_invalid", "ZegoCallbackMalformed");
        }

        var now = clock.GetUtcNow();
        if (callback.String("signature") is not { Length: 40 } signature || callback.String("nonce") is not { Length: <= 64 } nonce
            || callback.String("timestamp") is not { } timestampText || callback.Int64("timestamp") is not { } timestamp
            || !ZegoCallback.Verify(secret, timestampText, nonce, signature))
        {
            log.LogWarning("ZEGO callback refused: bad or missing signature (event {Event}) from {Ip}", callback.Event, http.Connection.RemoteIpAddress);
            return Refuse(http, 401, "signature_invalid", "ZegoCallbackBadSignature");
        }

        if (Math.Abs(now.ToUnixTimeSeconds() - timestamp) > MaxSkewSeconds)
        {
            log.LogWarning("ZEGO callback refused: timestamp {Timestamp} more than {Skew} s from now", timestamp, MaxSkewSeconds);
            return Refuse(http, 401, "timestamp_stale", "ZegoCallbackStale");
        }

        var stored = await writer.StoreAsync(
            ZegoCallbackNonce.Create(nonce, timestamp, signature.ToLowerInvariant(), now.UtcDateTime), ZegoCallbackRecord.Create(callback, body, form, now.UtcDateTime));
        if (stored is null)
        {
            log.LogWarning("ZEGO callback refused: replayed nonce {Nonce} at {Timestamp}", nonce, timestamp);
            return Refuse(http, 401, "replayed", "ZegoCallbackReplayed");
        }

        if (stored.Value)
        {
            processor.Signal();
        }

        return Results.Ok(new { code = 0, message = "ok" });
    }

    /// <summary>A refusal as problem+json: a stable <c>code</c> for ZEGO's logs and a title in Chinese (English when asked).</summary>
    private static IResult Refuse(HttpContext http, int status, string code, string key)
    {
        var culture = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = ApiProblems.CallerCulture(http);
        try
        {
            var title = http.RequestServices.GetRequiredService<IStringLocalizer<Strings>>()[key].Value;
            return Results.Problem(statusCode: status, title: title, extensions: new Dictionary<string, object?> { ["code"] = code });
        }
        finally
        {
            CultureInfo.CurrentUICulture = culture;
        }
    }

    /// <summary>The body as text, or null past <see cref="MaxBodyBytes"/> (chunked bodies have no length to check first).</summary>
    private static async Task<string?> ReadBodyAsync(HttpRequest request, CancellationToken ct)
    {
        var buffer = new byte[MaxBodyBytes + 1];
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await request.Body.ReadAsync(buffer.AsMemory(read), ct);
            if (n == 0)
            {
                break;
            }

            read += n;
        }

        return read > MaxBodyBytes ? null : Encoding.UTF8.GetString(buffer, 0, read);
    }
}
