using Microsoft.AspNetCore.HttpOverrides;

namespace InterviewPortal.Web.Setup;

public static class SecuritySetup
{
    // Blazor Server and MudBlazor run without 'unsafe-eval'. 'unsafe-inline' for styles only: MudBlazor writes its
    // theme as a <style> element and positions popovers with style attributes (docs/decisions/0002-csp.md).
    // media-src adds the recording bucket's origins (RecordingStorage.MediaOrigins): the player is redirected there.
    public static string ContentSecurityPolicy(IEnumerable<string> mediaOrigins) =>
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
        $"font-src 'self' data:; connect-src 'self'; media-src {string.Join(' ', ["'self'", "blob:", .. mediaOrigins])}; object-src 'none'; base-uri 'self'; " +
        "form-action 'self'; frame-ancestors 'none'";

    /// <summary>
    /// Behind a reverse proxy (the README asks for one with TLS), trust X-Forwarded-For/-Proto from the proxies listed in
    /// <c>Proxy:KnownProxies</c> only, so the audit trail records the client's address and cookies know the scheme.
    /// </summary>
    public static void UsePortalForwardedHeaders(this WebApplication app)
    {
        var proxies = app.Configuration.GetSection("Proxy:KnownProxies").Get<string[]>() ?? [];
        if (proxies.Length == 0)
        {
            return;
        }

        var options = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto };
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var proxy in proxies)
        {
            options.KnownProxies.Add(System.Net.IPAddress.TryParse(proxy, out var ip)
                ? ip
                : throw new PortalConfigurationException("Proxy:KnownProxies", $"'{proxy}' is not an IP address."));
        }

        app.UseForwardedHeaders(options);
    }

    public static void UsePortalSecurityHeaders(this WebApplication app)
    {
        var policy = ContentSecurityPolicy(Integrations.Storage.RecordingStorage.MediaOrigins(
            app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Integrations.Zego.ZegoOptions>>().Value));
        app.Use(async (context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.ContentSecurityPolicy = policy;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
                headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()";
                headers["Cross-Origin-Opener-Policy"] = "same-origin";
                return Task.CompletedTask;
            });
            await next();
        });
    }
}
