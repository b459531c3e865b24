using InterviewPortal.Web.Features.Reminders;

namespace InterviewPortal.Web.Jobs;

/// <summary>
/// Every minute, and enqueued at once after a schedule, reschedule or cancellation: sends the reminders that are due.
/// Deliberately not [DisableConcurrentExecution]: runs may overlap (and run on several nodes); the claim step keeps
/// every message to one sender.
/// </summary>
public sealed class ReminderDispatchJob(ReminderDispatcher dispatcher)
{
    public const string Id = "reminder-dispatch";

    public async Task RunAsync(CancellationToken ct) => await dispatcher.RunAsync(ct);
}
