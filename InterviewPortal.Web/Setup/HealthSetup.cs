using System.Text.Json;
using Hangfire;
using Hangfire.Storage;
using InterviewPortal.Web.Data;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace InterviewPortal.Web.Setup;

public static class HealthSetup
{
    public static void AddPortalHealth(this IHostApplicationBuilder builder) =>
        builder.Services.AddHealthChecks()
            .AddDbContextCheck<AppDbContext>("database")
            .AddCheck<JobStorageHealthCheck>("jobs");

    /// <summary><c>/health</c>: JSON with each check's status; 200 when all are healthy, 503 otherwise.</summary>
    public static void MapPortalHealth(this WebApplication app) =>
        app.MapHealthChecks("/health", new HealthCheckOptions
        {
            ResultStatusCodes =
            {
                [HealthStatus.Healthy] = StatusCodes.Status200OK,
                [HealthStatus.Degraded] = StatusCodes.Status503ServiceUnavailable,
                [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
            },
            ResponseWriter = async (context, report) =>
            {
                context.Response.ContentType = "application/json; charset=utf-8";
                context.Response.Headers.CacheControl = "no-store";
                await JsonSerializer.SerializeAsync(context.Response.Body, new
                {
                    status = report.Status.ToString(),
                    durationMs = (int)report.TotalDuration.TotalMilliseconds,
                    checks = report.Entries.ToDictionary(e => e.Key, e => new
                    {
                        status = e.Value.Status.ToString(),
                        durationMs = (int)e.Value.Duration.TotalMilliseconds,
                        // The exception's type only: its message may carry a server name or a connection string.
                        error = e.Value.Exception?.GetType().Name,
                    }),
                }, cancellationToken: context.RequestAborted);
            },
        }).DisableHttpMetrics();

    private sealed class JobStorageHealthCheck(JobStorage storage) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                using var connection = storage.GetConnection();
                _ = connection.GetRecurringJobs().Count;
                return Task.FromResult(HealthCheckResult.Healthy());
            }
            catch (Exception ex)
            {
                return Task.FromResult(HealthCheckResult.Unhealthy("Job storage unreachable", ex));
            }
        }
    }
}
