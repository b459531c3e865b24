using InterviewPortal.Domain.Notifications;
using InterviewPortal.Domain.Reminders;
using InterviewPortal.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace InterviewPortal.Web.Features.Reminders;

/// <summary>
/// In-app notifications. The notification's dedup key is the reminder's id, so sending twice (a dispatcher that died
/// after the insert) stores it once: this channel alone may be resent when its outcome is unknown.
/// </summary>
public sealed class InAppReminderChannel(IDbContextFactory<AppDbContext> dbFactory, NotificationSignal signal, TimeProvider clock) : IReminderChannel
{
    public ReminderChannel Channel => ReminderChannel.InApp;

    public static string DedupKey(long reminderId) => $"reminder:{reminderId}";

    public string? NotConfigured(ReminderSettings settings) => null;

    public async Task<ChannelResult> SendAsync(ReminderMessage message, ReminderSettings settings, CancellationToken ct)
    {
        if (message.To.UserId is null)
        {
            return ChannelResult.Skipped(ReminderSkipReason.NoAddress, "not a portal user");
        }

        var key = DedupKey(message.ReminderId);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await db.Notifications.AnyAsync(n => n.DedupKey == key, ct))
        {
            var link = message.Link is { } l && Uri.TryCreate(l, UriKind.Absolute, out var u) ? u.PathAndQuery.TrimStart('/') : message.Link;
            db.Notifications.Add(Notification.Create(message.To.UserId, message.InAppKey, link, key, clock.GetUtcNow().UtcDateTime, message.InAppArgs));
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException ex) when (DbErrors.IsUniqueViolation(ex))
            {
                // Stored by an earlier attempt: delivered once.
            }
        }

        signal.Raise(message.To.UserId);
        return ChannelResult.Sent;
    }
}

/// <summary>Tells open pages in this process that a user's notifications changed (the bell refreshes its count).</summary>
public sealed class NotificationSignal
{
    public event Action<string>? Changed;

    public void Raise(string userId) => Changed?.Invoke(userId);
}
