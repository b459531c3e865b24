using InterviewPortal.Domain;
using InterviewPortal.Domain.Audit;
using InterviewPortal.Domain.Identity;
using InterviewPortal.Domain.Reminders;
using InterviewPortal.Web.Data;
using InterviewPortal.Web.Features.Audit;
using InterviewPortal.Web.Features.Shared;
using Microsoft.EntityFrameworkCore;

namespace InterviewPortal.Web.Features.Reminders;

public sealed record ReminderRow(
    long Id, Guid SubjectId, ReminderKind Kind, ReminderChannel Channel, ReminderRecipientRole RecipientRole, string RecipientName, int Version, int Occasion,
    DateTime DueAtUtc, ReminderState State, int Attempts, ReminderSkipReason? SkipReason, string? LastError, DateTime? FinishedAtUtc, DateTime NextAttemptAtUtc)
{
    /// <summary>An attempt failed for a passing reason (WeChat or the mail server unreachable): sent again at <see cref="NextAttemptAtUtc"/>.</summary>
    public bool Retrying => State == ReminderState.Planned && Attempts > 0;

    /// <summary>Failed, or skipped for a reason an admin can fix (channel off or not configured, no address, not subscribed).</summary>
    public bool CanRetry => State == ReminderState.Failed
        || State == ReminderState.Skipped && SkipReason is ReminderSkipReason.ChannelDisabled or ReminderSkipReason.ChannelNotConfigured or ReminderSkipReason.NoAddress or ReminderSkipReason.NotSubscribed;
}

/// <summary>Whether a channel will send: switched on in the settings, and configured (else what is missing).</summary>
public sealed record ChannelStatus(ReminderChannel Channel, bool Enabled, string? NotConfigured);

/// <summary>The outcome of an admin's test message.</summary>
public sealed record TestMessageResult(ReminderState State, ReminderSkipReason? SkipReason, string? Error);

/// <summary>Reminders as HR and admins see them: per interview, the ones needing attention, retry and a test message.</summary>
public sealed class ReminderService(
    IDbContextFactory<AppDbContext> dbFactory, ClientOrigin origin, AuditTrail audit, ReminderPlanner planner, ReminderDispatcher dispatcher, TimeProvider clock,
    IEnumerable<IReminderChannel> channels, Settings.SettingsService settings)
{
    /// <summary>Each channel's state as the dispatcher sees it (admins).</summary>
    public async Task<IReadOnlyList<ChannelStatus>> ChannelStatusAsync(CancellationToken ct = default)
    {
        await RequireAdminAsync();
        var s = await settings.GetRemindersAsync(ct);
        return channels.OrderBy(c => c.Channel).Select(c => new ChannelStatus(c.Channel, s.IsEnabled(c.Channel), c.NotConfigured(s))).ToList();
    }

    /// <summary>Every reminder of the interview, latest version first (HR and admins).</summary>
    public async Task<IReadOnlyList<ReminderRow>> ForInterviewAsync(Guid interviewId, CancellationToken ct = default)
    {
        var caller = await origin.GetCallerAsync();
        caller.RequireRecruiter();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.Reminders.AsNoTracking().Where(r => r.SubjectId == interviewId).ToListAsync(ct);
        return (await NameAsync(db, rows, ct))
            .OrderByDescending(r => r.Version).ThenBy(r => r.DueAtUtc).ThenBy(r => r.RecipientRole).ThenBy(r => r.RecipientName, StringComparer.CurrentCulture).ThenBy(r => r.Channel)
            .ToList();
    }

    /// <summary>Failed reminders and those skipped for a fixable reason, newest first (admins).</summary>
    public async Task<IReadOnlyList<ReminderRow>> NeedingAttentionAsync(int max = 200, CancellationToken ct = default)
    {
        await RequireAdminAsync();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        ReminderSkipReason?[] fixable = [ReminderSkipReason.ChannelDisabled, ReminderSkipReason.ChannelNotConfigured, ReminderSkipReason.NoAddress, ReminderSkipReason.NotSubscribed];
        var rows = await db.Reminders.AsNoTracking()
            .Where(r => r.State == ReminderState.Failed || (r.State == ReminderState.Skipped && fixable.Contains(r.SkipReason)))
            .OrderByDescending(r => r.FinishedAtUtc).ThenByDescending(r => r.Id).Take(max).ToListAsync(ct);
        return await NameAsync(db, rows, ct);
    }

    /// <summary>Plans a failed or skipped reminder again, due now, and dispatches at once (admins; audited).</summary>
    public async Task RetryAsync(long id, CancellationToken ct = default)
    {
        await RequireAdminAsync();
        var e = await audit.DescribeAsync(new AuditEvent(AuditActions.ReminderRetried, "Reminder", id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var r = await db.Reminders.FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new DomainException("NotFound");
        var before = $"{r.State} {r.SkipReason} {r.LastError}".Trim();
        r.Retry(clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(ct);
        await audit.AppendAsync(db, e with { Summary = $"{r.Kind} {r.Channel} to {r.RecipientRole} {r.RecipientId}, subject {r.SubjectId} v{r.Version}; was {before}" }, ct);
        await tx.CommitAsync(ct);
        planner.QueueDispatch();
    }

    /// <summary>
    /// Sends a test message on <paramref name="channel"/> now: email and in-app to the admin who asks, WeChat to the
    /// openid given. The attempt is a reminder like the others (visible, audited) and its outcome is returned.
    /// </summary>
    public async Task<TestMessageResult> SendTestAsync(ReminderChannel channel, string? openId, CancellationToken ct = default)
    {
        var caller = await RequireAdminAsync();
        var recipient = channel == ReminderChannel.WeChat
            ? (string.IsNullOrWhiteSpace(openId) || openId.Trim().Length > 64 ? throw new DomainException("ReminderTestOpenIdRequired") : openId.Trim())
            : caller.UserId;
        var e = await audit.DescribeAsync(new AuditEvent(AuditActions.ReminderTestSent, "Reminder"));
        var now = clock.GetUtcNow().UtcDateTime;
        long id;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var r = Reminder.Plan(Guid.NewGuid(), ReminderKind.Test, channel, ReminderRecipientRole.Owner, recipient, 1, 0, now, now);
            db.Reminders.Add(r);
            await db.SaveChangesAsync(ct);
            await audit.AppendAsync(db, e with { TargetId = r.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), Summary = $"{channel} test to {(channel == ReminderChannel.WeChat ? "openid " + recipient : "self")}" }, ct);
            await tx.CommitAsync(ct);
            id = r.Id;
        }

        await dispatcher.SendOneAsync(id, ct);
        await using var read = await dbFactory.CreateDbContextAsync(ct);
        return await read.Reminders.AsNoTracking().Where(r => r.Id == id).Select(r => new TestMessageResult(r.State, r.SkipReason, r.LastError)).FirstAsync(ct);
    }

    private async Task<Caller> RequireAdminAsync()
    {
        var caller = await origin.GetCallerAsync();
        return caller.IsAdmin ? caller : throw new DomainException("NotAllowed");
    }

    private static async Task<List<ReminderRow>> NameAsync(AppDbContext db, List<Reminder> rows, CancellationToken ct)
    {
        var userIds = rows.Where(r => r.RecipientRole != ReminderRecipientRole.Candidate).Select(r => r.RecipientId).Distinct().ToList();
        var candidateIds = rows.Where(r => r.RecipientRole == ReminderRecipientRole.Candidate && Guid.TryParse(r.RecipientId, out _)).Select(r => Guid.Parse(r.RecipientId)).Distinct().ToList();
        var users = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id)).Select(u => new { u.Id, u.DisplayName }).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        var candidates = await db.Candidates.AsNoTracking().Where(c => candidateIds.Contains(c.Id)).Select(c => new { c.Id, c.Name }).ToDictionaryAsync(c => c.Id.ToString(), c => c.Name, ct);
        return rows.Select(r => new ReminderRow(r.Id, r.SubjectId, r.Kind, r.Channel, r.RecipientRole,
                users.GetValueOrDefault(r.RecipientId) ?? candidates.GetValueOrDefault(r.RecipientId) ?? r.RecipientId,
                r.Version, r.Occasion, r.DueAtUtc, r.State, r.Attempts, r.SkipReason, r.LastError, r.FinishedAtUtc, r.NextAttemptAtUtc))
            .ToList();
    }
}
