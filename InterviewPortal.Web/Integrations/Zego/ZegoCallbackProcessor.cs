using InterviewPortal.Domain.Sessions;
using InterviewPortal.Web.Data;
using InterviewPortal.Web.Features.Interviews;
using InterviewPortal.Web.Features.MiniProgram;
using InterviewPortal.Web.Features.Recordings;
using Microsoft.EntityFrameworkCore;

namespace InterviewPortal.Web.Integrations.Zego;

/// <summary>
/// Turns stored callbacks into session-log rows and lets attendance and recording follow. Safe to run twice and on two nodes: a
/// session event is unique per stored callback, and status changes are decided from the whole log inside the
/// interview's lock. Signalled after each stored callback; the every-minute job catches up anything left.
/// </summary>
public sealed class ZegoCallbackProcessor(IDbContextFactory<AppDbContext> dbFactory, IServiceScopeFactory scopes, TimeProvider clock, ILogger<ZegoCallbackProcessor> log)
{
    /// <summary>Cloud-recording status callbacks carry <c>event_type</c> instead of <c>event</c> (see <see cref="ZegoCallback.Event"/>).</summary>
    public const string RecordingEventPrefix = "recording_";

    private readonly SemaphoreSlim _signal = new(0, 1);
    private readonly SemaphoreSlim _running = new(1, 1);

    public void Signal()
    {
        if (_signal.CurrentCount == 0)
        {
            try
            {
                _signal.Release();
            }
            catch (SemaphoreFullException)
            {
            }
        }
    }

    internal Task WaitForSignalAsync(CancellationToken ct) => _signal.WaitAsync(ct);

    /// <summary>Processes everything pending; returns how many callbacks it processed.</summary>
    public async Task<int> ProcessPendingAsync(CancellationToken ct)
    {
        await _running.WaitAsync(ct);
        try
        {
            var total = 0;
            while (await ProcessBatchAsync(200, ct) is var n and > 0)
            {
                total += n;
            }

            return total;
        }
        finally
        {
            _running.Release();
        }
    }

    private async Task<int> ProcessBatchAsync(int size, CancellationToken ct)
    {
        var touched = new HashSet<Guid>();
        var recordingReports = new List<long>();
        int count;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            // The queue's heads first (no bodies): most callbacks of a busy project are for rooms this portal does not
            // know or are already in the log, and need no more than being marked processed.
            var batch = await db.ZegoCallbacks.AsNoTracking().Where(c => c.ProcessedAtUtc == null).OrderBy(c => c.Id).Take(size)
                .Select(c => new { c.Id, c.Event, c.RoomId }).ToListAsync(ct);
            if (batch.Count == 0)
            {
                return 0;
            }

            count = batch.Count;
            recordingReports.AddRange(batch.Where(c => c.Event.StartsWith(RecordingEventPrefix, StringComparison.Ordinal)).Select(c => c.Id));
            var session = batch.Where(c => !c.Event.StartsWith(RecordingEventPrefix, StringComparison.Ordinal)).ToList();
            var rooms = session.Select(c => c.RoomId).OfType<string>().Distinct().ToList();
            var interviews = rooms.Count == 0 ? [] : await db.Interviews.AsNoTracking().Where(i => rooms.Contains(i.VideoRoomId))
                .Select(i => new { i.Id, i.VideoRoomId, i.CandidateId, Panel = i.Interviewers.Select(p => p.UserId).ToList() })
                .ToListAsync(ct);
            var relevant = session.Where(c => interviews.Any(i => i.VideoRoomId == c.RoomId)).Select(c => c.Id).ToList();
            var done = relevant.Count == 0 ? [] : (await db.SessionEvents.Where(s => relevant.Contains(s.SourceId)).Select(s => s.SourceId).ToListAsync(ct)).ToHashSet();
            relevant.RemoveAll(done.Contains);
            var bodies = relevant.Count == 0 ? [] : await db.ZegoCallbacks.AsNoTracking().Where(c => relevant.Contains(c.Id))
                .Select(c => new { c.Id, c.RoomId, c.Body, c.FormEncoded }).ToListAsync(ct);
            foreach (var record in bodies)
            {
                var interview = interviews.First(i => i.VideoRoomId == record.RoomId);
                if (ZegoCallback.Parse(record.Body, record.FormEncoded) is not { } callback)
                {
                    continue;
                }

                // Who, by the ids the portal gave out: "c" + candidate id, or the hashed id of a panel member.
                var who = callback.String("user_account") ?? callback.String("user_id");
                var candidate = who == MiniProgramService.CandidateVideoUserId(interview.CandidateId);
                var panelUser = who is null || candidate ? null : interview.Panel.FirstOrDefault(p => MiniProgramService.InterviewerVideoUserId(p) == who);
                var party = candidate ? SessionParty.Candidate : panelUser is not null ? SessionParty.Interviewer : SessionParty.Unknown;
                var e = Map(record.Id, interview.Id, callback, party, panelUser);
                if (e is not null)
                {
                    db.SessionEvents.Add(e);
                    touched.Add(interview.Id);
                }
            }

            // Recording status reports are applied (and marked processed) with their recording, in one transaction each.
            var processed = session.Select(c => c.Id).ToList();
            var now = clock.GetUtcNow().UtcDateTime;
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException ex) when (DbErrors.IsUniqueViolation(ex))
            {
                // Another node processed some of these at the same moment; the next pass sees them done.
                log.LogInformation("ZEGO callbacks processed concurrently elsewhere; retrying the batch");
                return count;
            }

            if (processed.Count > 0)
            {
                await db.ZegoCallbacks.Where(c => processed.Contains(c.Id) && c.ProcessedAtUtc == null)
                    .ExecuteUpdateAsync(u => u.SetProperty(c => c.ProcessedAtUtc, now), ct);
            }

            await tx.CommitAsync(ct);
        }

        await using var scope = scopes.CreateAsyncScope();
        var attendance = scope.ServiceProvider.GetRequiredService<AttendanceService>();
        var recordings = scope.ServiceProvider.GetRequiredService<RecordingService>();
        foreach (var id in recordingReports)
        {
            await recordings.ApplyStatusCallbackAsync(id, ct);
        }

        foreach (var id in touched)
        {
            await attendance.ApplyAsync(id, ct);
            await recordings.ReconcileAsync(id, ct);
        }

        return count;
    }

    /// <summary>The neutral session fact for a callback, or null for events that are not part of the session log.</summary>
    internal static SessionEvent? Map(long sourceId, Guid interviewId, ZegoCallback c, SessionParty party, string? panelUserId)
    {
        var at = c.OccurredAtUtc ?? DateTime.UnixEpoch;
        var session = c.RoomSessionId ?? "";
        return c.Event switch
        {
            "room_create" => SessionEvent.Create(sourceId, interviewId, session, SessionEventKind.RoomOpened, SessionParty.Unknown, null, at),
            "room_close" => SessionEvent.Create(sourceId, interviewId, session, SessionEventKind.RoomClosed, SessionParty.Unknown, null, at, reasonCode: c.Int32("close_reason")),
            "room_login" => SessionEvent.Create(sourceId, interviewId, session, SessionEventKind.Joined, party, panelUserId, at,
                Device(c.Int32("term_type")), c.Int32("auth_level"), c.Int32("relogin") == 1),
            "room_logout" => SessionEvent.Create(sourceId, interviewId, session, SessionEventKind.Left, party, panelUserId, at,
                Device(c.Int32("term_type")), reasonCode: c.Int32("reason")),
            "stream_create" => SessionEvent.Create(sourceId, interviewId, session, SessionEventKind.StreamStarted, party, panelUserId, at,
                reconnect: c.Int32("recreate") == 1),
            "stream_close" => SessionEvent.Create(sourceId, interviewId, session, SessionEventKind.StreamStopped, party, panelUserId, at, reasonCode: c.Int32("type")),
            _ => null,
        };
    }

    private static SessionDevice Device(int? termType) => termType switch
    {
        null => SessionDevice.Unknown,
        2 or 3 or 6 or 7 => (SessionDevice)termType.Value,
        _ => SessionDevice.Other,
    };
}

/// <summary>Runs the processor whenever a callback was stored.</summary>
public sealed class ZegoCallbackWorker(ZegoCallbackProcessor processor, ILogger<ZegoCallbackWorker> log) : BackgroundService
{
    private static readonly TimeSpan GatherDelay = TimeSpan.FromMilliseconds(100);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await processor.WaitForSignalAsync(stoppingToken);
                // A short gather: under a burst the next pass takes everything that arrived meanwhile in one batch, at a
                // tenth of a second's cost to how soon the session log shows it.
                await Task.Delay(GatherDelay, stoppingToken);
                await processor.ProcessPendingAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The every-minute job picks up what is left.
                log.LogError(ex, "Processing ZEGO callbacks failed");
            }
        }
    }
}
