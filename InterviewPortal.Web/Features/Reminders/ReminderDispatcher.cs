using System.Diagnostics;
using InterviewPortal.Domain.Reminders;
using InterviewPortal.Web.Data;
using InterviewPortal.Web.Features.Settings;
using Microsoft.EntityFrameworkCore;

namespace InterviewPortal.Web.Features.Reminders;

/// <summary>What one dispatcher run did.</summary>
public sealed record DispatchResult(int Sent, int Skipped, int Failed, int Retrying, int RecoveredInDoubt)
{
    public int Total => Sent + Skipped + Failed + Retrying;

    /// <summary>
    /// When a due reminder another sender holds becomes this process's to send if that sender is gone (its claim or send
    /// lease ends); null when nothing is held elsewhere. The job runs again then instead of waiting for the next minute.
    /// </summary>
    public DateTime? FollowUpAtUtc { get; init; }

    public static DispatchResult operator +(DispatchResult a, DispatchResult b) =>
        new(a.Sent + b.Sent, a.Skipped + b.Skipped, a.Failed + b.Failed, a.Retrying + b.Retrying, a.RecoveredInDoubt + b.RecoveredInDoubt);
}

/// <summary>
/// Sends what is due. At most once per reminder across overlapping runs and instances on one database:
/// <list type="number">
/// <item>claim: one conditional UPDATE gives a batch of due, planned, unclaimed rows this run's token and a short lease;</item>
/// <item>attempt: Planned → Sending, written conditionally on the token (a concurrency token) before the channel is called;</item>
/// <item>outcome: Sent / Skipped / Failed / Planned-again-later, also conditional on the token.</item>
/// </list>
/// A claimed row never attempted becomes claimable again when its lease ends (a crashed instance delays it, never
/// loses it). A row left Sending by a crash is in doubt: in-app (idempotent by its dedup key) is sent again, email and
/// WeChat are marked failed "outcome unknown" for an admin to look at, because sending them again could send twice.
/// </summary>
public sealed class ReminderDispatcher(
    IServiceScopeFactory scopes, IDbContextFactory<AppDbContext> dbFactory, TimeProvider clock, ILogger<ReminderDispatcher> log, Setup.DatabaseSettings database)
{
    // SQLite has one writer: workers of this process queue here rather than in SQLite's busy handler, whose sleeps
    // (up to 100 ms each) cost far more than the writes. SQL Server writes rows concurrently, so it is not gated.
    private readonly SemaphoreSlim _sqliteWrites = new(1, 1);

    /// <summary>
    /// How long a claimed, not yet attempted row is kept from other senders. Short, because it is also how long the rows
    /// of a sender that died wait; safe however slow a send is, because every later write is conditional on the claim
    /// token: a row whose claim lapsed and was taken by another sender is dropped by the first.
    /// </summary>
    public static readonly TimeSpan ClaimLease = TimeSpan.FromSeconds(15);

    /// <summary>Longer than a channel's own timeout (SMTP 30 s by default), so a slow send is never taken for a crash.</summary>
    public static readonly TimeSpan SendLease = TimeSpan.FromMinutes(2);

    public const string OutcomeUnknown = "The dispatcher stopped while sending; the message may or may not have gone out, so it is not sent again automatically.";

    /// <summary>Workers per run: a send mostly waits on the mail server, so several overlap.</summary>
    public int Workers { get; init; } = 8;

    public int BatchSize { get; init; } = 10;

    /// <summary>
    /// A run stops claiming after this long (well inside the job store's invisibility timeout); whatever is left goes
    /// out with the next minute's run. Within the budget a run goes on until nothing is due, so a minute with more
    /// reminders than one minute's worth of sending is not cut off at the minute.
    /// </summary>
    public TimeSpan Budget { get; init; } = TimeSpan.FromMinutes(5);

    // One run at a time in this process: a run that starts while another is sending (the next minute's, or one
    // enqueued after a schedule change) asks the running one to look again when it runs dry, instead of adding
    // another set of workers. Other processes on the same database run their own; the claims keep them apart.
    private int _running;
    private int _again;

    public async Task<DispatchResult> RunAsync(CancellationToken ct)
    {
        var total = new DispatchResult(0, 0, 0, 0, 0);
        while (true)
        {
            if (Interlocked.CompareExchange(ref _running, 1, 0) != 0)
            {
                Volatile.Write(ref _again, 1);
                return total;
            }

            try
            {
                do
                {
                    Volatile.Write(ref _again, 0);
                    total += await RunOnceAsync(ct);
                }
                while (Volatile.Read(ref _again) == 1 && !ct.IsCancellationRequested);
            }
            finally
            {
                Volatile.Write(ref _running, 0);
            }

            // A run that asked between the last look and the release above: take its turn.
            if (Volatile.Read(ref _again) == 0 || ct.IsCancellationRequested)
            {
                return total with { FollowUpAtUtc = await HeldElsewhereUntilAsync(ct) };
            }
        }
    }

    private async Task<DispatchResult> RunOnceAsync(CancellationToken ct)
    {
        var recovered = await RecoverAsync(ct);
        var watch = Stopwatch.StartNew();
        var results = await Task.WhenAll(Enumerable.Range(0, Workers).Select(w => WorkAsync(w, watch, ct)));
        var total = results.Aggregate(new DispatchResult(0, 0, 0, 0, recovered), (a, b) => a + b);
        if (total.Total > 0 || recovered > 0)
        {
            log.LogInformation("Reminders dispatched: {Sent} sent, {Skipped} skipped, {Failed} failed, {Retrying} to retry, {Recovered} in doubt recovered",
                total.Sent, total.Skipped, total.Failed, total.Retrying, recovered);
        }

        return total;
    }

    /// <summary>Claims and sends one planned reminder now (an admin's test message); false when it was not claimable.</summary>
    public async Task<bool> SendOneAsync(long id, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var token = Guid.NewGuid();
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            var claimed = await db.Reminders
                .Where(r => r.Id == id && r.State == ReminderState.Planned && (r.ClaimedUntilUtc == null || r.ClaimedUntilUtc < now))
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.ClaimToken, token).SetProperty(r => r.ClaimedUntilUtc, now + ClaimLease), ct);
            if (claimed == 0)
            {
                return false;
            }
        }

        await using var scope = scopes.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var settings = await sp.GetRequiredService<SettingsService>().GetRemindersAsync(ct);
        Reminder row;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            row = await db.Reminders.AsNoTracking().SingleAsync(r => r.Id == id && r.ClaimToken == token, ct);
        }

        await ProcessAsync(row, sp.GetServices<IReminderChannel>().ToDictionary(c => c.Channel), sp.GetRequiredService<ReminderComposer>(), settings, ct);
        return true;
    }

    /// <summary>
    /// The earliest end of a lease on a due reminder that is still held when this process has nothing left to send: held
    /// by another process (alive, and sending it, or dead, and it comes back to us when the lease ends).
    /// </summary>
    public async Task<DateTime?> HeldElsewhereUntilAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Reminders.AsNoTracking()
            .Where(r => ((r.State == ReminderState.Planned && r.NextAttemptAtUtc <= now) || r.State == ReminderState.Sending)
                && r.ClaimedUntilUtc != null && r.ClaimedUntilUtc >= now)
            .MinAsync(r => r.ClaimedUntilUtc, ct);
    }

    /// <summary>Rows left Sending past their lease (the sender died): see the class summary.</summary>
    public async Task<int> RecoverAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var again = await db.Reminders
            .Where(r => r.State == ReminderState.Sending && r.ClaimedUntilUtc < now && r.Channel == ReminderChannel.InApp)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.State, ReminderState.Planned).SetProperty(r => r.NextAttemptAtUtc, now)
                .SetProperty(r => r.ClaimToken, (Guid?)null).SetProperty(r => r.ClaimedUntilUtc, (DateTime?)null), ct);
        var unknown = await db.Reminders
            .Where(r => r.State == ReminderState.Sending && r.ClaimedUntilUtc < now)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.State, ReminderState.Failed).SetProperty(r => r.LastError, OutcomeUnknown)
                .SetProperty(r => r.FinishedAtUtc, now).SetProperty(r => r.ClaimToken, (Guid?)null).SetProperty(r => r.ClaimedUntilUtc, (DateTime?)null), ct);
        if (again + unknown > 0)
        {
            log.LogWarning("Reminders in doubt after a stopped dispatcher: {Again} in-app sent again, {Unknown} email/WeChat marked failed (outcome unknown)", again, unknown);
        }

        return again + unknown;
    }

    private async Task<DispatchResult> WorkAsync(int worker, Stopwatch watch, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var channels = sp.GetServices<IReminderChannel>().ToDictionary(c => c.Channel);
        var composer = sp.GetRequiredService<ReminderComposer>();
        var settings = await sp.GetRequiredService<SettingsService>().GetRemindersAsync(ct);
        var result = new DispatchResult(0, 0, 0, 0, 0);
        while (watch.Elapsed < Budget && !ct.IsCancellationRequested)
        {
            var claimed = await ClaimAsync(worker, ct);
            if (claimed.Count == 0)
            {
                break;
            }

            foreach (var r in claimed)
            {
                result += await ProcessAsync(r, channels, composer, settings, ct);
            }
        }

        return result;
    }

    /// <summary>Claims up to a batch of due rows for this worker; workers start at different rows to collide less.</summary>
    private async Task<List<Reminder>> ClaimAsync(int worker, CancellationToken ct)
    {
        for (var round = 0; round < 5; round++)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var due = await db.Reminders.AsNoTracking()
                .Where(r => r.State == ReminderState.Planned && r.NextAttemptAtUtc <= now && (r.ClaimedUntilUtc == null || r.ClaimedUntilUtc < now))
                // Ordered by the index alone (State, NextAttemptAtUtc; equal times in row order), so the read stops after
                // a few batches however many rows are due; a second sort key would sort every due row on every claim.
                .OrderBy(r => r.NextAttemptAtUtc)
                .Select(r => r.Id).Take(BatchSize * Workers).ToListAsync(ct);
            if (due.Count == 0)
            {
                return [];
            }

            var mine = due.Skip(worker * BatchSize % due.Count).Take(BatchSize).ToList();
            var token = Guid.NewGuid();
            var until = now + ClaimLease;
            var claimed = await WriteAsync(() => db.Reminders
                .Where(r => mine.Contains(r.Id) && r.State == ReminderState.Planned && (r.ClaimedUntilUtc == null || r.ClaimedUntilUtc < now))
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.ClaimToken, token).SetProperty(r => r.ClaimedUntilUtc, until), ct), ct);
            if (claimed > 0)
            {
                // By primary key: the claim token has no index.
                var rows = await db.Reminders.AsNoTracking().Where(r => mine.Contains(r.Id) && r.ClaimToken == token).ToListAsync(ct);
                return [.. rows.OrderBy(r => r.NextAttemptAtUtc).ThenBy(r => r.Id)];
            }
        }

        return [];
    }

    /// <param name="r">A row this run claimed, read untracked; attached here so each write is conditional on the claim.</param>
    private async Task<DispatchResult> ProcessAsync(
        Reminder r, Dictionary<ReminderChannel, IReminderChannel> channels, ReminderComposer composer, ReminderSettings settings, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.Reminders.Attach(r);
        var now = clock.GetUtcNow().UtcDateTime;
        var channel = channels[r.Channel];
        if (!settings.IsEnabled(r.Channel))
        {
            return await SaveAsync(db, r, () => r.Skip(ReminderSkipReason.ChannelDisabled, now), ct);
        }

        if (channel.NotConfigured(settings) is { } missing)
        {
            return await SaveAsync(db, r, () => r.Skip(ReminderSkipReason.ChannelNotConfigured, now, missing), ct);
        }

        var composed = await composer.ComposeAsync(db, r, ct);
        if (composed.Message is not { } message)
        {
            return await SaveAsync(db, r, () => r.Skip(composed.Skip!.Value, now, composed.Detail), ct);
        }

        r.BeginAttempt(now + SendLease);
        try
        {
            await WriteAsync(() => db.SaveChangesAsync(ct), ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return new DispatchResult(0, 0, 0, 0, 0);
        }

        ChannelResult sent;
        try
        {
            sent = await channel.SendAsync(message, settings, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            log.LogError(ex, "Reminder {ReminderId} ({Channel}) failed unexpectedly", r.Id, r.Channel);
            sent = ChannelResult.Transient($"{ex.GetType().Name}: {ex.Message}");
        }

        now = clock.GetUtcNow().UtcDateTime;
        return await SaveAsync(db, r, () =>
        {
            switch (sent.Outcome)
            {
                case ChannelOutcome.Sent:
                    r.MarkSent(now);
                    break;
                case ChannelOutcome.Skipped:
                    r.Skip(sent.Skip!.Value, now, sent.Error);
                    break;
                default:
                    r.Fail(sent.Error ?? "failed", sent.Outcome == ChannelOutcome.TransientFailure, now);
                    break;
            }
        }, ct);
    }

    private async Task<T> WriteAsync<T>(Func<Task<T>> write, CancellationToken ct)
    {
        if (database.Provider != Setup.DatabaseProvider.Sqlite)
        {
            return await write();
        }

        await _sqliteWrites.WaitAsync(ct);
        try
        {
            return await write();
        }
        finally
        {
            _sqliteWrites.Release();
        }
    }

    private async Task<DispatchResult> SaveAsync(AppDbContext db, Reminder r, Action change, CancellationToken ct)
    {
        change();
        try
        {
            await WriteAsync(() => db.SaveChangesAsync(ct), ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            // The claim was taken from us (lease over, or a reschedule replaced the row): the other side's state stands.
            log.LogWarning("Reminder {ReminderId}: the claim was lost before its outcome ({State}) was recorded", r.Id, r.State);
            return new DispatchResult(0, 0, 0, 0, 0);
        }

        return r.State switch
        {
            ReminderState.Sent => new DispatchResult(1, 0, 0, 0, 0),
            ReminderState.Skipped => new DispatchResult(0, 1, 0, 0, 0),
            ReminderState.Failed => new DispatchResult(0, 0, 1, 0, 0),
            _ => new DispatchResult(0, 0, 0, 1, 0),
        };
    }
}
