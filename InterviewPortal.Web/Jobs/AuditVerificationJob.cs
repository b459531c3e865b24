using Hangfire;
using InterviewPortal.Web.Features.Audit;

namespace InterviewPortal.Web.Jobs;

/// <summary>Nightly check of the audit chain; a broken chain fails the job so it shows red on the dashboard.</summary>
[DisableConcurrentExecution(timeoutInSeconds: 60)]
[AutomaticRetry(Attempts = 0)]
public sealed class AuditVerificationJob(AuditLogService auditLog)
{
    public const string Id = "audit-verification";

    public async Task RunAsync(CancellationToken ct)
    {
        var report = await auditLog.VerifyAsync(ct);
        if (!report.IsIntact)
        {
            throw new InvalidOperationException($"The audit trail is broken at entry {report.FirstBrokenId} ({report.Problem}).");
        }
    }
}
