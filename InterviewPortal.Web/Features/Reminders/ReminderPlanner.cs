using Hangfire;
using InterviewPortal.Domain.Interviews;
using InterviewPortal.Domain.Reminders;
using InterviewPortal.Web.Data;
using InterviewPortal.Web.Features.Permission;
using InterviewPortal.Web.Features.Settings;
using InterviewPortal.Web.Jobs;
using Microsoft.EntityFrameworkCore;

namespace InterviewPortal.Web.Features.Reminders;

/// <summary>
/// Plans an interview's reminders inside the transaction that schedules, reschedules or cancels it: the pending
/// reminders of older versions are replaced (skipped, "replaced") and the new version's are added, so a rollback leaves
/// both as they were. After the commit the caller calls <see cref="QueueDispatch"/> so "now" messages go out at once.
/// </summary>
public sealed class ReminderPlanner(SettingsService settings, IBackgroundJobClient jobs)
{
    /// <returns>The reminders planned (including those skipped at once because their time had passed).</returns>
    public async Task<IReadOnlyList<Reminder>> PlanInAsync(AppDbContext db, Interview interview, ReminderKind change, DateTime nowUtc, CancellationToken ct)
    {
        var offsets = (await settings.GetRemindersAsync(ct)).Offsets;

        // One conditional statement: a row a dispatcher claimed but has not started is replaced too (its attempt then
        // finds the claim gone); a row already being sent finishes, and the dispatcher's version check covers the rest.
        await db.Reminders
            .Where(r => r.SubjectId == interview.Id && r.State == ReminderState.Planned && r.Version < interview.Version)
            .ExecuteUpdateAsync(s => s
                .SetProperty(r => r.State, ReminderState.Skipped)
                .SetProperty(r => r.SkipReason, ReminderSkipReason.Replaced)
                .SetProperty(r => r.FinishedAtUtc, nowUtc)
                .SetProperty(r => r.ClaimToken, (Guid?)null)
                .SetProperty(r => r.ClaimedUntilUtc, (DateTime?)null), ct);

        var recipients = new List<ReminderRecipient> { new(ReminderRecipientRole.Candidate, interview.CandidateId.ToString()) };
        recipients.AddRange(interview.Interviewers.Select(p => new ReminderRecipient(ReminderRecipientRole.Interviewer, p.UserId)));
        if (interview.AgencyId is { } agency)
        {
            var agents = await db.Users.AsNoTracking().Where(u => u.AgencyId == agency && !u.IsDisabled).Select(u => u.Id).ToListAsync(ct);
            recipients.AddRange(agents.Select(a => new ReminderRecipient(ReminderRecipientRole.Agency, a)));
        }

        var calendar = await PermissionService.LoadCalendarAsync(db, ct);
        var plan = ReminderSchedule.ForInterview(interview.Id, interview.Version, change, interview.StartUtc, interview.EndUtc, recipients,
            offsets, calendar, PermissionService.ChinaTime, nowUtc);
        db.Reminders.AddRange(plan);
        return plan;
    }

    /// <summary>Sends what is due now (the confirmations) without waiting for the next minute's run.</summary>
    public void QueueDispatch() => jobs.Enqueue<ReminderDispatchJob>(j => j.RunAsync(CancellationToken.None));
}
