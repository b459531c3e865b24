using InterviewPortal.Web.Data;
using InterviewPortal.Web.Features.Shared;
using InterviewPortal.Web.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace InterviewPortal.Web.Features.Reminders;

public sealed record NotificationRow(long Id, string Text, string? Link, DateTime CreatedAtUtc, bool Read);

/// <summary>The signed-in user's own in-app notifications: the bell's count, the list, mark as read.</summary>
public sealed class NotificationService(IDbContextFactory<AppDbContext> dbFactory, ClientOrigin origin, IStringLocalizer<Strings> l, NotificationSignal signal, TimeProvider clock)
{
    public async Task<int> UnreadCountAsync(CancellationToken ct = default)
    {
        var caller = await origin.GetCallerAsync();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Notifications.CountAsync(n => n.UserId == caller.UserId && n.ReadAtUtc == null, ct);
    }

    /// <summary>Newest first, rendered in the reader's language (each notification stores a resource key and its arguments).</summary>
    public async Task<IReadOnlyList<NotificationRow>> ListAsync(int max = 100, CancellationToken ct = default)
    {
        var caller = await origin.GetCallerAsync();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.Notifications.AsNoTracking().Where(n => n.UserId == caller.UserId)
            .OrderByDescending(n => n.CreatedAtUtc).ThenByDescending(n => n.Id).Take(max).ToListAsync(ct);
        return rows.Select(n => new NotificationRow(n.Id, l[n.MessageKey, [.. n.ArgumentList()]], n.Link, n.CreatedAtUtc, n.ReadAtUtc is not null)).ToList();
    }

    public async Task MarkReadAsync(long id, CancellationToken ct = default)
    {
        var caller = await origin.GetCallerAsync();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        // Only the reader's own: another user's id changes nothing.
        await db.Notifications.Where(n => n.Id == id && n.UserId == caller.UserId && n.ReadAtUtc == null)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAtUtc, now), ct);
        signal.Raise(caller.UserId);
    }

    public async Task MarkAllReadAsync(CancellationToken ct = default)
    {
        var caller = await origin.GetCallerAsync();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        await db.Notifications.Where(n => n.UserId == caller.UserId && n.ReadAtUtc == null).ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAtUtc, now), ct);
        signal.Raise(caller.UserId);
    }
}
