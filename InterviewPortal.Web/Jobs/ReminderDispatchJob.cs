using Hangfire;
using InterviewPortal.Web.Features.Reminders;

namespace InterviewPortal.Web.Jobs;

/// <summary>
/// Every minute, and enqueued at once after a schedule, reschedule or cancellation: sends the reminders that are due.
/// Deliberately not [DisableConcurrentExecution]: runs may overlap (and run on several nodes); the claim step keeps
/// every message to one sender.
/// </summary>
public sealed class ReminderDispatchJob(ReminderDispatcher dispatcher, IBackgroundJobClient jobs, ILogger<ReminderDispatchJob> log)
{
    public const string Id = "reminder-dispatch";

    /// <summary>After the lease ends, so the rows are claimable when the follow-up run looks.</summary>
    public static readonly TimeSpan FollowUpMargin = TimeSpan.FromSeconds(1);

    public async Task RunAsync(CancellationToken ct)
    {
        var result = await dispatcher.RunAsync(ct);
        // Due reminders another sender still holds: if that sender died (kill, crash, a node taken out), they would wait
        // for the next minute's run after its lease ends; a run at the end of the lease sends them then. When the other
        // sender is alive it has sent them by that time, and the follow-up finds nothing.
        if (result.FollowUpAtUtc is { } at)
        {
            var id = jobs.Schedule<ReminderDispatchJob>(j => j.RunAsync(CancellationToken.None), new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc)) + FollowUpMargin);
            log.LogInformation("Due reminders are held by another sender until {HeldUntil:O}; dispatch follow-up {JobId} scheduled then", at, id);
        }
    }
}
