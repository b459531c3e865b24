using Hangfire;
using InterviewPortal.Web.Data;
using InterviewPortal.Web.Features.Interviews;
using InterviewPortal.Web.Integrations.Zego;
using Microsoft.EntityFrameworkCore;

namespace InterviewPortal.Web.Jobs;

/// <summary>
/// Every minute: processes callbacks left unprocessed (a crash, another node's signal), forgets callback nonces past the
/// 15-minute replay window, applies attendance to interviews that started at least 5 minutes ago (the T+5
/// escalation, the T+15 no-show), and retries or stops recordings whose callbacks did not do it. Each step is idempotent, so a retried or doubled run changes nothing twice.
/// </summary>
[DisableConcurrentExecution(timeoutInSeconds: 60)]
public sealed class SessionAttendanceJob(ZegoCallbackProcessor processor, AttendanceService attendance, Features.Recordings.RecordingService recordings, IDbContextFactory<AppDbContext> dbFactory, TimeProvider clock)
{
    public const string Id = "session-attendance";

    public static readonly TimeSpan ReplayWindow = TimeSpan.FromMinutes(15);

    public async Task RunAsync(CancellationToken ct)
    {
        await processor.ProcessPendingAsync(ct);
        await PruneNoncesAsync(ct);
        await attendance.SweepAsync(ct);
        await recordings.SweepAsync(ct);
    }

    public async Task<int> PruneNoncesAsync(CancellationToken ct)
    {
        var before = clock.GetUtcNow().UtcDateTime - ReplayWindow;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.ZegoCallbackNonces.Where(n => n.SeenAtUtc < before).ExecuteDeleteAsync(ct);
    }
}
