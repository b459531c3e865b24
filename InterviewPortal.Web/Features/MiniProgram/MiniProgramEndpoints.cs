using System.Globalization;
using System.Text.Json;
using InterviewPortal.Domain;
using InterviewPortal.Domain.Invitations;
using InterviewPortal.Web.Components.Shared;
using InterviewPortal.Web.Data;
using InterviewPortal.Web.Resources;
using Microsoft.Extensions.Localization;

namespace InterviewPortal.Web.Features.MiniProgram;

/// <summary>
/// <c>/api/mp/v1</c>: the candidate mini-program's JSON API. Anonymous except for its own bearer session; every answer
/// that is not a success is problem+json with a stable <c>code</c> and a message in the caller's language
/// (<c>Accept-Language</c>: Chinese unless English is asked for). Bodies are read by hand, capped in size and depth, so
/// malformed JSON, wrong types and huge bodies get a 4xx, never a 500, and nothing is written.
/// </summary>
public static class MiniProgramEndpoints
{
    public const string Prefix = "/api/mp/v1";
    public const int MaxBodyBytes = 16 * 1024;
    public const string LoginPolicy = "mp-login";
    public const string ApiPolicy = "mp-api";

    private static readonly JsonDocumentOptions JsonOptions = new() { MaxDepth = 8 };

    public static void MapMiniProgramApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(Prefix).AllowAnonymous().DisableAntiforgery();

        api.MapPost("/login", (HttpContext http, MiniProgramService mp) => Handle(http, async ct =>
        {
            using var body = await ReadJsonAsync(http, ct);
            var result = await mp.LoginAsync(RequiredString(body, "code", 128), ct);
            return Results.Ok(new { session = result.Session, expiresAt = result.ExpiresAt });
        })).RequireRateLimiting(LoginPolicy);

        api.MapPost("/invitations/{token}/accept", (HttpContext http, string token, MiniProgramService mp) => Handle(http, async ct =>
        {
            var session = await mp.AuthenticateAsync(Bearer(http), ct);
            var accepted = await mp.AcceptAsync(session, token, ct);
            return Results.Ok(new { interviewId = accepted.InterviewId, startAt = accepted.StartUtc, timeZone = accepted.TimeZone });
        })).RequireRateLimiting(ApiPolicy);

        api.MapGet("/interviews/current", (HttpContext http, MiniProgramService mp) => Handle(http, async ct =>
        {
            var session = await mp.AuthenticateAsync(Bearer(http), ct);
            var list = await mp.CurrentAsync(session, ct);
            return Results.Ok(new
            {
                interviews = list.Select(i => new
                {
                    id = i.Id, position = i.PositionTitle, round = i.Round.ToString(), status = i.Status.ToString(), startAt = i.StartUtc, endAt = i.EndUtc,
                    timeZone = i.TimeZone, joinOpensAt = i.JoinOpensAt, joinClosesAt = i.JoinClosesAt, canJoinNow = i.CanJoinNow,
                    joinMode = i.JoinMode.ToString(), canRequestReschedule = i.CanRequestReschedule,
                }),
            });
        })).RequireRateLimiting(ApiPolicy);

        api.MapPost("/interviews/{id}/join", (HttpContext http, string id, MiniProgramService mp) => Handle(http, async ct =>
        {
            var joined = await mp.JoinAsync(Bearer(http), ParseId(id), ct);
            return Results.Ok(new
            {
                appId = joined.AppId, roomId = joined.RoomId, userId = joined.UserId, streamId = joined.StreamId, token = joined.Token,
                expiresAt = joined.ExpiresAt, joinMode = joined.JoinMode.ToString(),
            });
        })).RequireRateLimiting(ApiPolicy);

        api.MapPost("/interviews/{id}/consent", (HttpContext http, string id, MiniProgramService mp) => Handle(http, async ct =>
        {
            var session = await mp.AuthenticateAsync(Bearer(http), ct);
            using var body = await ReadJsonAsync(http, ct);
            var recording = RequiredBool(body, "recording");
            var notice = RequiredString(body, "noticeVersion", 64);
            var recordId = await mp.RecordConsentAsync(session, ParseId(id), recording, notice, ct);
            return Results.Ok(new { id = recordId, recording });
        })).RequireRateLimiting(ApiPolicy);

        api.MapPost("/interviews/{id}/reschedule-requests", (HttpContext http, string id, MiniProgramService mp) => Handle(http, async ct =>
        {
            var session = await mp.AuthenticateAsync(Bearer(http), ct);
            using var body = await ReadJsonAsync(http, ct);
            var slot = RequiredInstant(body, "slot");
            var reason = RequiredString(body, "reason", 2000);
            var requestId = await mp.RequestRescheduleAsync(session, ParseId(id), slot, reason, ct);
            return Results.Json(new { id = requestId, status = "Pending" }, statusCode: StatusCodes.Status201Created);
        })).RequireRateLimiting(ApiPolicy);

        // A connectivity check for the mini-program (and the join benchmark's baseline): no database, no session.
        api.MapGet("/ping", () => Results.Ok(new { ok = true })).RequireRateLimiting(ApiPolicy);

        // Anything else under the prefix is a problem+json 404, not the portal's HTML page.
        api.Map("/{**rest}", (Delegate)((HttpContext http) => Handle(http, _ => throw MiniProgramProblem.NotFound())));
    }

    private static async Task<IResult> Handle(HttpContext http, Func<CancellationToken, Task<IResult>> work)
    {
        using var _ = UseCallerCulture(http);
        http.Response.Headers.CacheControl = "no-store";
        try
        {
            return await work(http.RequestAborted);
        }
        catch (MiniProgramProblem p)
        {
            Log(http).LogInformation("Mini-program {Path} refused: {Status} {Code}", http.Request.Path, p.Status, p.Code);
            if (p.RetryAfter is { } retry)
            {
                http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retry.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            }

            return Problem(p.Status, p.Code, Localizer(http)[p.MessageKey, [.. p.Arguments]]);
        }
        catch (Exception ex) when (DbErrors.IsBusy(ex))
        {
            // Nothing was written (the write never got the lock); the mini-program may simply try again.
            Log(http).LogWarning("Mini-program {Path} refused: the database stayed locked", http.Request.Path);
            http.Response.Headers.RetryAfter = "5";
            return Problem(StatusCodes.Status503ServiceUnavailable, "database_busy", Localizer(http)[DbErrors.BusyMessageKey]);
        }
        catch (DomainException ex)
        {
            Log(http).LogInformation("Mini-program {Path} refused by a rule: {Rule}", http.Request.Path, ex.MessageKey);
            var status = ex.MessageKey is "InvitationRevoked" or "InvitationExpired" ? StatusCodes.Status410Gone : StatusCodes.Status422UnprocessableEntity;
            return Problem(status, ToCode(ex.MessageKey), Localizer(http).For(ex));
        }
    }

    // Resolved only on the way out of a refusal: a success needs neither.
    private static IStringLocalizer<Strings> Localizer(HttpContext http) => http.RequestServices.GetRequiredService<IStringLocalizer<Strings>>();

    private static ILogger Log(HttpContext http) => http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(MiniProgramEndpoints));

    private static IResult Problem(int status, string code, string message) =>
        Results.Problem(statusCode: status, title: message, extensions: new Dictionary<string, object?> { ["code"] = code });

    /// <summary>A rule's resource key as a stable snake_case code ("InvitationExpired" → "invitation_expired").</summary>
    internal static string ToCode(string key) =>
        string.Concat(key.Select((c, k) => char.IsUpper(c) ? (k > 0 ? "_" : "") + char.ToLowerInvariant(c) : c.ToString()));

    private static string? Bearer(HttpContext http)
    {
        var header = http.Request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.Ordinal) ? header[7..].Trim() : null;
    }

    private static Guid ParseId(string id) => Guid.TryParse(id, out var g) ? g : throw MiniProgramProblem.NotFound();

    private static async Task<JsonDocument> ReadJsonAsync(HttpContext http, CancellationToken ct)
    {
        var request = http.Request;
        if (request.ContentLength > MaxBodyBytes)
        {
            throw new MiniProgramProblem(StatusCodes.Status413PayloadTooLarge, "body_too_large", "MpErrorBodyTooLarge", MaxBodyBytes / 1024);
        }

        if (request.ContentType is not { } type || !type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            throw new MiniProgramProblem(StatusCodes.Status415UnsupportedMediaType, "json_required", "MpErrorJsonRequired");
        }

        var buffer = new byte[MaxBodyBytes + 1];
        var read = 0;
        int n;
        while (read < buffer.Length && (n = await request.Body.ReadAsync(buffer.AsMemory(read), ct)) > 0)
        {
            read += n;
        }

        if (read > MaxBodyBytes)
        {
            throw new MiniProgramProblem(StatusCodes.Status413PayloadTooLarge, "body_too_large", "MpErrorBodyTooLarge", MaxBodyBytes / 1024);
        }

        try
        {
            var doc = JsonDocument.Parse(buffer.AsMemory(0, read), JsonOptions);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                doc.Dispose();
                throw MiniProgramProblem.BadRequest("json_invalid", "MpErrorJsonInvalid");
            }

            return doc;
        }
        catch (JsonException)
        {
            // Malformed, too deep, or not UTF-8.
            throw MiniProgramProblem.BadRequest("json_invalid", "MpErrorJsonInvalid");
        }
    }

    private static string RequiredString(JsonDocument body, string name, int maxLength)
    {
        if (!body.RootElement.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            throw MiniProgramProblem.BadRequest("field_missing", "MpErrorFieldMissing", name);
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            throw MiniProgramProblem.BadRequest("field_type", "MpErrorFieldType", name);
        }

        string text;
        try
        {
            text = value.GetString()!;
        }
        catch (InvalidOperationException)
        {
            // Bytes that are not UTF-8, or an escaped lone surrogate ("\uD800"): the parser lets both through until read.
            throw MiniProgramProblem.BadRequest("json_invalid", "MpErrorJsonInvalid");
        }

        return text.Length <= maxLength ? text : throw MiniProgramProblem.BadRequest("field_too_long", "MpErrorFieldTooLong", name, maxLength);
    }

    private static bool RequiredBool(JsonDocument body, string name) =>
        body.RootElement.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? value.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => throw MiniProgramProblem.BadRequest("field_type", "MpErrorFieldType", name),
            }
            : throw MiniProgramProblem.BadRequest("field_missing", "MpErrorFieldMissing", name);

    /// <summary>An ISO 8601 instant with an offset ("2026-12-01T10:00:00+08:00" or "...Z"): a slot without one is ambiguous.</summary>
    private static DateTime RequiredInstant(JsonDocument body, string name)
    {
        var text = RequiredString(body, name, 40);
        return DateTimeOffset.TryParseExact(text, ["yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mmK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var at)
            && (text.EndsWith('Z') || text.Contains('+') || text.LastIndexOf('-') > 10)
            ? at.UtcDateTime
            : throw MiniProgramProblem.BadRequest("field_type", "MpErrorInstant", name);
    }

    /// <summary>English when the caller asks for it (Accept-Language "en…"), else Chinese; restored afterwards.</summary>
    private static CultureScope UseCallerCulture(HttpContext http)
    {
        var asked = http.Request.Headers.AcceptLanguage.ToString();
        var culture = asked.TrimStart().StartsWith("en", StringComparison.OrdinalIgnoreCase) ? "en-US" : "zh-CN";
        return new CultureScope(CultureInfo.GetCultureInfo(culture));
    }

    private readonly struct CultureScope : IDisposable
    {
        private readonly CultureInfo _culture;
        private readonly CultureInfo _uiCulture;

        public CultureScope(CultureInfo culture)
        {
            _culture = CultureInfo.CurrentCulture;
            _uiCulture = CultureInfo.CurrentUICulture;
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = culture;
        }

        public void Dispose()
        {
            CultureInfo.CurrentCulture = _culture;
            CultureInfo.CurrentUICulture = _uiCulture;
        }
    }
}
