using Hangfire;
using InterviewPortal.Domain.Audit;
using InterviewPortal.Domain.Notifications;
using InterviewPortal.Domain.Permission;
using InterviewPortal.Domain.Reminders;
using InterviewPortal.Web.Data;
using InterviewPortal.Web.Features.Audit;
using InterviewPortal.Web.Features.Permission;
using Microsoft.EntityFrameworkCore;

namespace InterviewPortal.Web.Jobs;

/// <summary>
/// Reminds the application owner (in-app) when WeChat's review is overdue (more than 7 working days) and again every 2
/// working days. Each occasion has a unique key (application, submission, working day 8/10/12…), so however often the job
/// runs — hourly, retried, on two nodes — an occasion is planned exactly once, and at most one occasion falls on a day.
/// The in-app notification is written here; an email reminder is planned beside it (same occasion, unique per
/// application, submission, occasion and channel) for the reminder dispatcher to send.
/// </summary>
[DisableConcurrentExecution(timeoutInSeconds: 60)]
public sealed class PermissionReviewReminderJob(IDbContextFactory<AppDbContext> dbFactory, AuditTrail audit, TimeProvider clock)
{
    public const string Id = "permission-review-reminder";

    public const string MessageKey = "PermissionReviewOverdueNotification";

    public static string DedupKey(Guid applicationId, int submission, int occasion) =>
        $"permission-review-overdue:{applicationId:N}:{submission}:{occasion}";

    /// <summary>Returns how many reminders it planned.</summary>
    public async Task<int> RunAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var today = PermissionService.ChinaDate(now);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var calendar = await PermissionService.LoadCalendarAsync(db, ct);
        var waiting = await db.PermissionApplications.AsNoTracking()
            .Where(a => a.State == PermissionState.Submitted || a.State == PermissionState.UnderReview)
            .Select(a => new
            {
                a.Id,
                a.AppId,
                a.OwnerId,
                Submission = a.Submissions.OrderByDescending(s => s.Number).Select(s => new { s.Number, s.SubmittedAtUtc }).First(),
            })
            .ToListAsync(ct);

        var planned = 0;
        foreach (var a in waiting.Where(a => a.Submission.SubmittedAtUtc is not null))
        {
            var review = ReviewClock.For(PermissionService.ChinaDate(a.Submission.SubmittedAtUtc!.Value), today, calendar);
            if (review.DueReminderOccasion is not { } occasion)
            {
                continue;
            }

            var key = DedupKey(a.Id, a.Submission.Number, occasion);
            if (await db.Notifications.AnyAsync(n => n.DedupKey == key, ct))
            {
                continue;
            }

            await using var tx = await db.Database.BeginTransactionAsync(ct);
            if (await db.Notifications.AnyAsync(n => n.DedupKey == key, ct))
            {
                continue; // planned by a concurrent run between the check and the write lock
            }

            db.Notifications.Add(Notification.Create(a.OwnerId, MessageKey, $"permission/{a.Id}", key, now,
                a.AppId, review.WorkingDaysElapsed.ToString(System.Globalization.CultureInfo.InvariantCulture), a.Submission.Number.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            db.Reminders.Add(Reminder.Plan(a.Id, ReminderKind.PermissionOverdue, ReminderChannel.Email, ReminderRecipientRole.Owner, a.OwnerId,
                a.Submission.Number, occasion, now, now));
            await db.SaveChangesAsync(ct);
            await audit.AppendAsync(db, new AuditEvent(AuditActions.PermissionReminderPlanned, "PermissionApplication", a.Id.ToString(),
                $"submission {a.Submission.Number}, {review.WorkingDaysElapsed} working days in review (occasion {occasion}), in-app and email to owner {a.OwnerId}"), ct);
            await tx.CommitAsync(ct);
            db.ChangeTracker.Clear();
            planned++;
        }

        return planned;
    }
}
