using System.Globalization;
using InterviewPortal.Web.Data;
using InterviewPortal.Web.Resources;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.Localization;

namespace InterviewPortal.Web.Setup;

/// <summary>
/// Under <c>/api</c> every refusal is problem+json with a title in the caller's language, never the portal's HTML error
/// pages: a status without a body (404 from routing, 401 from the cookie challenge) and an exception alike. A request the
/// framework could not bind (a query value that is not a GUID, a body over Kestrel's limit) is the caller's mistake
/// everywhere: its own 4xx, not a 500.
/// </summary>
public static class ApiProblems
{
    public static bool IsApi(HttpContext http) => http.Request.Path.StartsWithSegments("/api");

    public static void AddPortalApiProblems(this IServiceCollection services) => services.AddExceptionHandler<ApiExceptionHandler>();

    /// <summary>
    /// The status of an unhandled exception: a request the framework refused keeps its own (400, 413…); a write that
    /// gave up waiting for SQLite's write lock is 503, worth trying again.
    /// </summary>
    public static int StatusCodeFor(Exception ex) => ex switch
    {
        BadHttpRequestException bad => bad.StatusCode,
        _ when DbErrors.IsBusy(ex) => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status500InternalServerError,
    };

    public static void UsePortalErrorPages(this WebApplication app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandlingPath = "/Error", CreateScopeForErrors = true, StatusCodeSelector = StatusCodeFor });
        app.UseStatusCodePagesWithReExecute("/status/{0}", createScopeForStatusCodePages: true);
        app.Use(KeepApiAndPostStatusCodes);
        // Further in, so an API's problem is written first and the pages' re-execution above finds a body and stays out.
        app.UseStatusCodePages(context => IsApi(context.HttpContext) ? WriteAsync(context.HttpContext, context.HttpContext.Response.StatusCode) : Task.CompletedTask);
    }

    /// <summary>
    /// The status page is for a browser navigating to a page. An API call (its problem comes from the handler below) or a
    /// post keeps its own status: re-executed, a post would reach the status page as a form post without an antiforgery
    /// token, and every 404 would become a 400.
    /// </summary>
    private static Task KeepApiAndPostStatusCodes(HttpContext context, RequestDelegate next)
    {
        var request = context.Request;
        if (!(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)) || IsApi(context))
        {
            if (context.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodePagesFeature>() is { } statusPages)
            {
                statusPages.Enabled = false;
            }
        }

        return next(context);
    }

    /// <summary>Writes a problem for <paramref name="status"/> with a stable <c>code</c> and a localized title.</summary>
    public static Task WriteAsync(HttpContext http, int status)
    {
        var l = http.RequestServices.GetRequiredService<IStringLocalizer<Strings>>();
        var culture = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CallerCulture(http);
        try
        {
            var (code, title) = status switch
            {
                400 => ("bad_request", l["ApiProblem400"].Value),
                401 => ("unauthorized", l["ApiProblem401"].Value),
                403 => ("forbidden", l["ApiProblem403"].Value),
                404 => ("not_found", l["ApiProblem404"].Value),
                405 => ("method_not_allowed", l["ApiProblem405"].Value),
                413 => ("body_too_large", l["ApiProblem413"].Value),
                415 => ("unsupported_media_type", l["ApiProblem415"].Value),
                429 => ("rate_limited", l["ApiProblem429"].Value),
                503 => ("service_busy", l["ApiProblem503"].Value),
                >= 500 => ("server_error", l["ApiProblem500"].Value),
                _ => ("request_refused", l["ApiProblemOther"].Value),
            };
            return Results.Problem(statusCode: status, title: title, extensions: new Dictionary<string, object?> { ["code"] = code }).ExecuteAsync(http);
        }
        finally
        {
            CultureInfo.CurrentUICulture = culture;
        }
    }

    /// <summary>
    /// English when the caller asks for it (the portal's language cookie, or an Accept-Language starting "en" as the
    /// mini-program sends), else Chinese. Read here because the request localization middleware runs further in.
    /// </summary>
    public static CultureInfo CallerCulture(HttpContext http)
    {
        var cookie = http.Request.Cookies[CookieRequestCultureProvider.DefaultCookieName];
        var picked = cookie is null ? null : CookieRequestCultureProvider.ParseCookieValue(cookie)?.UICultures.FirstOrDefault().Value;
        var english = picked?.StartsWith("en", StringComparison.OrdinalIgnoreCase)
            ?? http.Request.Headers.AcceptLanguage.ToString().TrimStart().StartsWith("en", StringComparison.OrdinalIgnoreCase);
        return CultureInfo.GetCultureInfo(english ? "en-US" : ShellSetup.DefaultCulture);
    }

    /// <summary>An exception under <c>/api</c>: logged, and answered as a problem (its own 4xx, else 500).</summary>
    private sealed class ApiExceptionHandler(ILogger<ApiExceptionHandler> log) : IExceptionHandler
    {
        public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
        {
            if (!IsApi(http) || http.Response.HasStarted)
            {
                return false;
            }

            var status = StatusCodeFor(exception);
            if (status >= 500)
            {
                log.LogError(exception, "Unhandled exception on {Method} {Path}", http.Request.Method, http.Request.Path);
            }

            http.Response.StatusCode = status;
            await WriteAsync(http, status);
            return true;
        }
    }
}
