using System.Security.Claims;
using Serilog;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting.Compact;

namespace InterviewPortal.Web.Setup;

public static class LoggingSetup
{
    /// <summary>
    /// Serilog: console plus rolling compact-JSON files under <c>Logs:Directory</c> (default <c>logs/</c> in the portal
    /// root); levels from the <c>Serilog</c> section. Events carry the user id (never email or phone), request id and,
    /// inside a circuit, the circuit id. The host's logger is its own (<c>preserveStaticLogger</c>): Serilog's static
    /// <see cref="Log.Logger"/> is process-wide, and a second host in the same process (a test's) would otherwise take
    /// over the first one's request log.
    /// </summary>
    public static void AddPortalLogging(this IHostApplicationBuilder builder)
    {
        var directory = Path.GetFullPath(builder.Configuration["Logs:Directory"] ?? "logs", PortalPaths.Root(builder.Environment.ContentRootPath));
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddSerilog((sp, lc) => lc
            .ReadFrom.Configuration(builder.Configuration)
            .Enrich.FromLogContext()
            .Enrich.With(new UserIdEnricher(sp.GetRequiredService<IHttpContextAccessor>()))
            .WriteTo.Console(formatProvider: System.Globalization.CultureInfo.InvariantCulture)
            .WriteTo.File(new CompactJsonFormatter(), Path.Combine(directory, "portal-.json"),
                rollingInterval: RollingInterval.Day, retainedFileCountLimit: 30, fileSizeLimitBytes: 100_000_000,
                rollOnFileSizeLimit: true, shared: true), preserveStaticLogger: true);
    }

    public static void UsePortalRequestLogging(this WebApplication app) =>
        app.UseSerilogRequestLogging(o =>
        {
            // This host's logger: without it the middleware writes through the static Log.Logger.
            o.Logger = app.Services.GetRequiredService<Serilog.ILogger>();
            o.GetLevel = (ctx, _, ex) => ex is not null || ctx.Response.StatusCode >= 500 ? LogEventLevel.Error
                : ctx.Request.Path.StartsWithSegments("/_framework") || ctx.Request.Path.StartsWithSegments("/_content") || ctx.Request.Path.StartsWithSegments("/health") ? LogEventLevel.Debug
                : LogEventLevel.Information;
        });

    /// <summary>Adds the signed-in user's id from the current request (circuits push their own, see PortalCircuitHandler).</summary>
    private sealed class UserIdEnricher(IHttpContextAccessor http) : ILogEventEnricher
    {
        public void Enrich(LogEvent logEvent, ILogEventPropertyFactory factory)
        {
            if (logEvent.Properties.ContainsKey("UserId"))
            {
                return;
            }

            var id = http.HttpContext?.User.FindFirstValue(ClaimTypes.NameIdentifier);
            if (id is not null)
            {
                logEvent.AddPropertyIfAbsent(factory.CreateProperty("UserId", id));
            }
        }
    }
}
