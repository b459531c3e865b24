using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Threading.RateLimiting;
using InterviewPortal.Web.Resources;
using InterviewPortal.Web.Features.MiniProgram;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace InterviewPortal.Web.Setup;

/// <summary>
/// Limits for the requests that cost the portal most before it knows who is asking: the sign-in form (a password hash
/// per attempt) and ZEGO's callbacks (a signature check and a database write). Per client address (behind a proxy, the
/// address from <c>Proxy:KnownProxies</c>' X-Forwarded-For). The mini-program's limits are <see cref="MiniProgramLimitOptions"/>.
/// </summary>
public sealed class RateLimitOptions
{
    /// <summary>Sign-in form posts (password, authenticator or recovery code) per address per minute.</summary>
    [Range(1, int.MaxValue)]
    public int LoginPerMinutePerIp { get; set; } = 30;

    /// <summary>ZEGO callbacks per address per minute: ZEGO calls from a few addresses, one per room event.</summary>
    [Range(1, int.MaxValue)]
    public int ZegoCallbacksPerMinutePerIp { get; set; } = 6000;
}

public static class RateLimitSetup
{
    public const string LoginPolicy = "login";
    public const string ZegoCallbackPolicy = "zego-callbacks";

    /// <summary>The static sign-in pages whose form post checks a secret.</summary>
    public static readonly string[] SignInPages = ["/Account/Login", "/Account/LoginWith2fa", "/Account/LoginWithRecoveryCode"];

    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    public static void AddPortalRateLimits(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<RateLimitOptions>().BindConfiguration("RateLimits").ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = OnRejectedAsync;
            o.AddPolicy(LoginPolicy, http => HttpMethods.IsPost(http.Request.Method)
                ? PerAddress(http, "login", Options(http).LoginPerMinutePerIp)
                : RateLimitPartition.GetNoLimiter("read"));
            o.AddPolicy(ZegoCallbackPolicy, http => PerAddress(http, "zego", Options(http).ZegoCallbacksPerMinutePerIp));
            // Mini-program: login per address, before WeChat is asked anything; every other call per address before its
            // session is looked up (a made-up bearer is no partition of its own), then per session (MiniProgramSessionLimiter).
            o.AddPolicy(MiniProgramEndpoints.LoginPolicy, http => PerAddress(http, "mp-login", MiniProgramOptions(http).LoginPerMinutePerIp));
            o.AddPolicy(MiniProgramEndpoints.ApiPolicy, http => PerAddress(http, "mp", MiniProgramOptions(http).CallsPerMinutePerIp));
        });
    }

    /// <summary>The sign-in form posts get <see cref="LoginPolicy"/>: checked before the page's handler hashes anything.</summary>
    public static void RequireSignInRateLimit(this RazorComponentsEndpointConventionBuilder pages) =>
        pages.Add(endpoint =>
        {
            if (endpoint is RouteEndpointBuilder route && SignInPages.Contains("/" + route.RoutePattern.RawText?.TrimStart('/'), StringComparer.OrdinalIgnoreCase))
            {
                endpoint.Metadata.Add(new EnableRateLimitingAttribute(LoginPolicy));
            }
        });

    private static RateLimitOptions Options(HttpContext http) => http.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value;

    private static MiniProgramLimitOptions MiniProgramOptions(HttpContext http) => http.RequestServices.GetRequiredService<IOptions<MiniProgramLimitOptions>>().Value;

    private static RateLimitPartition<string> PerAddress(HttpContext http, string scope, int permits) =>
        RateLimitPartition.GetFixedWindowLimiter($"{scope}:{http.Connection.RemoteIpAddress}", _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = Window, QueueLimit = 0 });

    /// <summary>
    /// 429 with Retry-After. APIs and scripts get a problem; a browser posting the sign-in form gets a short page in the
    /// user's language (written here: the status page cannot be re-executed for a POST, its antiforgery check would fail).
    /// </summary>
    private static async ValueTask OnRejectedAsync(OnRejectedContext context, CancellationToken ct)
    {
        var http = context.HttpContext;
        var retry = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : Window;
        http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retry.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(RateLimitSetup))
            .LogWarning("Rate limit reached: {Method} {Path} from {Ip}", http.Request.Method, http.Request.Path, http.Connection.RemoteIpAddress);
        if (!ApiProblems.IsApi(http) && http.Request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase))
        {
            var culture = ApiProblems.CallerCulture(http);
            var l = http.RequestServices.GetRequiredService<IStringLocalizer<Strings>>();
            var previous = CultureInfo.CurrentUICulture;
            CultureInfo.CurrentUICulture = culture;
            string title, message, back;
            try
            {
                (title, message, back) = (l["TooManyRequestsTitle"], l["TooManyRequestsMessage"], l["BackHome"]);
            }
            finally
            {
                CultureInfo.CurrentUICulture = previous;
            }

            var html = http.RequestServices.GetRequiredService<HtmlEncoder>();
            http.Response.ContentType = "text/html; charset=utf-8";
            await http.Response.WriteAsync(
                $"<!DOCTYPE html><html lang=\"{culture.Name}\"><head><meta charset=\"utf-8\"><title>{html.Encode(title)}</title></head><body><h1>{html.Encode(title)}</h1><p>{html.Encode(message)}</p><p><a href=\"/Account/Login\">{html.Encode(back)}</a></p></body></html>", ct);
            return;
        }

        await ApiProblems.WriteAsync(http, StatusCodes.Status429TooManyRequests);
    }
}
