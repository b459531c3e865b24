using System.Text.Json;
using InterviewPortal.Domain.Audit;
using InterviewPortal.Domain.Interviews;
using InterviewPortal.Domain.Recruiting;
using InterviewPortal.Domain.Sessions;
using InterviewPortal.Web.Data;
using InterviewPortal.Web.Features.Audit;
using InterviewPortal.Web.Features.MiniProgram;
using InterviewPortal.Web.Features.Recruiting;
using InterviewPortal.Web.Features.Shared;
using InterviewPortal.Web.Integrations.Storage;
using InterviewPortal.Web.Integrations.Zego;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace InterviewPortal.Web.Features.Recordings;

public sealed record RecordingFileRow(long Id, string? PartyName, string Format, long SizeBytes, long DurationMs, int Width, int Height, DateTime? BeginUtc, bool Playable);

public sealed record RecordingRow(
    long Id, RecordingState State, DateTime CreatedAtUtc, DateTime? StartedAtUtc, DateTime? StoppedAtUtc, int StartAttempts, int? FailureCode, string? LastError,
    bool PartlyUploaded, DateTime? DeletedAtUtc, bool DeletedFromStorage, IReadOnlyList<RecordingFileRow> Files)
{
    /// <summary>A start that failed and is retried: shown as such, not as a plain "starting".</summary>
    public bool StartRetrying => State == RecordingState.Starting && !string.IsNullOrEmpty(LastError);
}

/// <summary>What the interview page shows about recording: whether it is on, the candidate's answer, the recordings.</summary>
public sealed record RecordingOverview(bool Enabled, bool? CandidateConsented, bool CanPlay, int RetentionDays, IReadOnlyList<RecordingRow> Recordings);

/// <summary>
/// Cloud recording of interviews (domain rules, "Sessions, attendance, recordings"). Starts when both parties are in the
/// room and the candidate's latest answer to the recording notice is a grant (no consent → never recorded, and the
/// interview says so); stops when the interview ends; follows ZEGO's status reports; plays only through
/// <see cref="OpenFileAsync"/>, which checks the caller's right to the interview and audits the view; deletes recordings
/// past their retention. The start is idempotent through the recording's ClientTaskId, so a retry (a failed attempt, a
/// crash, a second node) never creates a second task.
/// </summary>
public sealed class RecordingService(
    IDbContextFactory<AppDbContext> dbFactory,
    ClientOrigin origin,
    AuditTrail audit,
    ZegoServerApi api,
    RecordingStorage storage,
    IOptions<ZegoOptions> options,
    TimeProvider clock,
    ILogger<RecordingService> log)
{
    public const int MaxStartAttempts = 5;

    /// <summary>A recording still running this long after the planned end is stopped by the sweep.</summary>
    public static readonly TimeSpan StopAfterPlannedEnd = TimeSpan.FromMinutes(30);

    /// <summary>Files not reported this long after the stop are asked for (callbacks are not fully reliable).</summary>
    public static readonly TimeSpan AskForFilesAfter = TimeSpan.FromMinutes(30);

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private bool Enabled => options.Value.RecordingEnabled;

    /// <summary>Starts or stops the interview's recording as its session log now calls for. Safe to repeat.</summary>
    public async Task ReconcileAsync(Guid interviewId, CancellationToken ct = default)
    {
        if (!Enabled)
        {
            return;
        }

        long? toStart = null;
        List<long> toStop;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            var interview = await db.Interviews.AsNoTracking().Where(i => i.Id == interviewId)
                .Select(i => new { i.Status, i.CandidateId }).FirstOrDefaultAsync(ct);
            if (interview is null)
            {
                return;
            }

            var events = await db.SessionEvents.AsNoTracking().Where(e => e.InterviewId == interviewId).ToListAsync(ct);
            var attendance = AttendanceRules.Summarize(events, Now);
            var ended = attendance.ClosedAtUtc is not null || IsOver(interview.Status);
            toStop = ended
                ? await db.Recordings.Where(r => r.InterviewId == interviewId && (r.State == RecordingState.Starting || r.State == RecordingState.Recording))
                    .Select(r => r.Id).ToListAsync(ct)
                : [];
            if (!ended && attendance.BothPresent)
            {
                var roomSession = events.Where(e => e.RoomSessionId.Length > 0).OrderBy(e => e.AtUtc).ThenBy(e => e.SourceId).LastOrDefault()?.RoomSessionId ?? "";
                var clientTaskId = Recording.ClientTaskIdFor(interviewId, roomSession);
                if (!await db.Recordings.AnyAsync(r => r.ClientTaskId == clientTaskId, ct))
                {
                    var consented = await CandidateConsentedAsync(db, interview.CandidateId, ct);
                    var recording = RecordingRules.ShouldStart(attendance.BothPresent, consented)
                        ? Recording.Start(interviewId, roomSession, Now)
                        : Recording.NotConsented(interviewId, roomSession, Now);
                    await using var tx = await db.Database.BeginTransactionAsync(ct);
                    db.Recordings.Add(recording);
                    try
                    {
                        await db.SaveChangesAsync(ct);
                    }
                    catch (DbUpdateException ex) when (DbErrors.IsUniqueViolation(ex))
                    {
                        // Decided at the same moment by another pass or node.
                        return;
                    }

                    if (recording.State == RecordingState.NotConsented)
                    {
                        await audit.AppendAsync(db, new AuditEvent(AuditActions.RecordingNotConsented, "Interview", interviewId.ToString(),
                            consented is null ? "not recorded: the candidate gave no answer to the recording notice" : "not recorded: the candidate refused recording"), ct);
                    }
                    else
                    {
                        toStart = recording.Id;
                    }

                    await tx.CommitAsync(ct);
                }
            }
        }

        if (toStart is { } id)
        {
            await StartAsync(id, ct);
        }

        foreach (var stop in toStop)
        {
            await StopAsync(stop, ct);
        }
    }

    /// <summary>
    /// The every-minute pass: retries starts that failed, stops recordings whose interview ended (a lost room-close
    /// callback), asks ZEGO for the files of recordings whose upload report never came.
    /// </summary>
    public async Task SweepAsync(CancellationToken ct = default)
    {
        if (!Enabled)
        {
            return;
        }

        var now = Now;
        List<long> starting, running, uploading;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            var since = now.AddDays(-1);
            starting = await db.Recordings.Where(r => r.State == RecordingState.Starting && r.CreatedAtUtc >= since).Select(r => r.Id).ToListAsync(ct);
            var stopBefore = now - StopAfterPlannedEnd;
            running = await db.Recordings.Where(r => r.State == RecordingState.Recording
                    && db.Interviews.Any(i => i.Id == r.InterviewId && (i.EndUtc <= stopBefore || i.Status >= InterviewStatus.Completed)))
                .Select(r => r.Id).ToListAsync(ct);
            var askBefore = now - AskForFilesAfter;
            var threeDays = now.AddDays(-3);
            uploading = await db.Recordings.Where(r => r.State == RecordingState.Uploading && r.StoppedAtUtc <= askBefore && r.StoppedAtUtc >= threeDays)
                .Select(r => r.Id).ToListAsync(ct);
        }

        foreach (var id in starting)
        {
            await StartAsync(id, ct);
        }

        foreach (var id in running)
        {
            await StopAsync(id, ct);
        }

        foreach (var id in uploading)
        {
            await AskForFilesAsync(id, ct);
        }
    }

    private async Task StartAsync(long recordingId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var recording = await db.Recordings.FirstOrDefaultAsync(r => r.Id == recordingId, ct);
        if (recording is not { State: RecordingState.Starting })
        {
            return;
        }

        var interview = await db.Interviews.AsNoTracking().Where(i => i.Id == recording.InterviewId).Select(i => new { i.VideoRoomId, i.Status }).FirstAsync(ct);
        AuditEvent e;
        recording.StartAttempted();
        if (IsOver(interview.Status))
        {
            e = EndedBeforeStart(recording);
        }
        else
        {
            try
            {
                var taskId = await api.StartRecordAsync(interview.VideoRoomId, recording.ClientTaskId, ct);
                recording.Started(taskId, Now);
                e = new AuditEvent(AuditActions.RecordingStarted, "Interview", recording.InterviewId.ToString(), $"recording {recording.Id}, task {taskId}");
            }
            catch (ZegoApiException ex)
            {
                recording.StartFailed(ex.Message, MaxStartAttempts);
                log.LogWarning(ex, "Starting recording {RecordingId} of interview {InterviewId} failed (attempt {Attempt})", recording.Id, recording.InterviewId, recording.StartAttempts);
                if (recording.State != RecordingState.Failed)
                {
                    await db.SaveChangesAsync(ct);
                    return;
                }

                e = new AuditEvent(AuditActions.RecordingFailed, "Interview", recording.InterviewId.ToString(), $"recording {recording.Id}: not started after {recording.StartAttempts} attempts: {ex.Message}");
            }
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        if (recording.StartedAtUtc is not null)
        {
            // For the coverage report (apart from the interview's own changes: no version check).
            await db.Interviews.Where(i => i.Id == recording.InterviewId).ExecuteUpdateAsync(s => s.SetProperty(i => i.RecordingStarted, true), ct);
        }

        await audit.AppendAsync(db, e, ct);
        await tx.CommitAsync(ct);
    }

    private async Task StopAsync(long recordingId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var recording = await db.Recordings.FirstOrDefaultAsync(r => r.Id == recordingId, ct);
        if (recording is null || !recording.IsActive)
        {
            return;
        }

        AuditEvent e;
        if (recording.State == RecordingState.Starting || recording.TaskId is null)
        {
            e = EndedBeforeStart(recording);
        }
        else
        {
            try
            {
                await api.StopRecordAsync(recording.TaskId, ct);
            }
            catch (ZegoApiException ex) when (ex.Code != ZegoApiException.TaskDoesNotExist)
            {
                // Left running: the next sweep tries again (and ZEGO stops an idle task by itself).
                log.LogWarning(ex, "Stopping recording {RecordingId} (task {TaskId}) failed; retried by the next sweep", recording.Id, recording.TaskId);
                return;
            }

            recording.Stopped(Now);
            e = new AuditEvent(AuditActions.RecordingStopped, "Interview", recording.InterviewId.ToString(), $"recording {recording.Id}, task {recording.TaskId}");
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        await audit.AppendAsync(db, e, ct);
        await tx.CommitAsync(ct);
    }

    private async Task AskForFilesAsync(long recordingId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var recording = await db.Recordings.Include(r => r.Files).FirstOrDefaultAsync(r => r.Id == recordingId, ct);
        if (recording is not { State: RecordingState.Uploading, TaskId: { } taskId })
        {
            return;
        }

        ZegoRecordStatus status;
        try
        {
            status = await api.DescribeRecordStatusAsync(taskId, ct);
        }
        catch (ZegoApiException ex)
        {
            log.LogWarning(ex, "Asking ZEGO for the files of recording {RecordingId} failed; asked again by the next sweep", recording.Id);
            return;
        }

        if (status.Status == 3 && status.Files.Count > 0)
        {
            recording.FilesUploaded(status.Files.Select(ToFile), partly: status.Files.Any(f => f.Status == 5), Now);
        }
        else if (status.Status == 4)
        {
            recording.EndedAbnormally(null, "ZEGO reports the task ended abnormally.", Now);
        }
        else
        {
            return;
        }

        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// Applies a stored recording status callback (integrations §4.5) and marks it processed, in one transaction. A
    /// report for a task the portal does not know is marked processed without effect.
    /// </summary>
    public async Task ApplyStatusCallbackAsync(long callbackId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var record = await db.ZegoCallbacks.FirstOrDefaultAsync(c => c.Id == callbackId, ct);
        if (record is null || record.ProcessedAtUtc is not null)
        {
            return;
        }

        record.MarkProcessed(Now);
        var callback = ZegoCallback.Parse(record.Body, record.FormEncoded);
        var taskId = callback?.String("task_id");
        var recording = taskId is null ? null : await db.Recordings.Include(r => r.Files).FirstOrDefaultAsync(r => r.TaskId == taskId, ct);
        AuditEvent? e = null;
        if (callback is not null && recording is not null)
        {
            var type = callback.Int32("event_type");
            switch (type)
            {
                case 1:
                    var detail = Detail(record);
                    var files = detail is { } d && d.TryGetProperty("file_info", out var list) && list.ValueKind == JsonValueKind.Array
                        ? list.EnumerateArray().Select(ZegoRecordFile.Read).OfType<ZegoRecordFile>().Select(ToFile).ToList()
                        : [];
                    var partly = detail is { } d2 && d2.TryGetProperty("upload_status", out var u) && u.ToString() == "2";
                    recording.FilesUploaded(files, partly, Now);
                    break;
                case 2:
                    var quit = Detail(record) is { } q && q.TryGetProperty("quit_reason", out var r) && int.TryParse(r.ToString(), out var n) ? n : (int?)null;
                    recording.EndedAbnormally(quit, callback.String("message"), Now);
                    e = new AuditEvent(AuditActions.RecordingFailed, "Interview", recording.InterviewId.ToString(), $"recording {recording.Id}: ZEGO ended the task abnormally (quit_reason {quit})");
                    break;
                case 5 or 7:
                    recording.Stopped(Now);
                    break;
            }
        }

        await db.SaveChangesAsync(ct);
        if (e is not null)
        {
            await audit.AppendAsync(db, e, ct);
        }

        await tx.CommitAsync(ct);
    }

    /// <summary>The nightly retention pass: recordings past their retention are deleted (files too, where the storage allows).</summary>
    public async Task<int> ApplyRetentionAsync(CancellationToken ct = default)
    {
        var days = options.Value.RecordingRetentionDays;
        var now = Now;
        var cutoff = now.AddDays(-days);
        List<long> ids;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            ids = await db.Recordings.Where(r => r.State != RecordingState.Deleted && r.State != RecordingState.NotConsented
                    && (r.ReadyAtUtc ?? r.StoppedAtUtc ?? r.CreatedAtUtc) <= cutoff)
                .OrderBy(r => r.Id).Select(r => r.Id).ToListAsync(ct);
        }

        foreach (var id in ids)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var recording = await db.Recordings.Include(r => r.Files).FirstAsync(r => r.Id == id, ct);
            if (!RecordingRules.IsPastRetention(recording, days, now))
            {
                continue;
            }

            var fromStorage = storage.CanDelete;
            foreach (var file in recording.Files)
            {
                fromStorage &= await storage.DeleteAsync(file.FileId, ct);
            }

            recording.Delete(fromStorage, now);
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            await db.SaveChangesAsync(ct);
            await audit.AppendAsync(db, new AuditEvent(AuditActions.RecordingDeleted, "Interview", recording.InterviewId.ToString(),
                $"recording {recording.Id} past its {days}-day retention: {recording.Files.Count} file(s) removed from our records; "
                + (fromStorage ? "deleted from storage" : storage.CanDelete ? "storage deletion failed, remove the files in the storage console" : "storage left to the bucket's lifecycle rules")), ct);
            await tx.CommitAsync(ct);
        }

        return ids.Count;
    }

    /// <summary>The recordings of an interview the caller may see; null for agencies and anyone else without the right.</summary>
    public async Task<RecordingOverview?> GetAsync(Guid interviewId, CancellationToken ct = default)
    {
        var caller = await origin.GetCallerAsync();
        if (caller.IsAgencyOnly)
        {
            return null;
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var interview = await db.VisibleInterviews(caller).AsNoTracking().Where(i => i.Id == interviewId).Select(i => new { i.CandidateId }).FirstOrDefaultAsync(ct);
        if (interview is null)
        {
            return null;
        }

        var consented = await CandidateConsentedAsync(db, interview.CandidateId, ct);
        var recordings = await db.Recordings.AsNoTracking().Include(r => r.Files).Where(r => r.InterviewId == interviewId).OrderBy(r => r.Id).ToListAsync(ct);
        var party = await NameResolverAsync(db, interviewId, ct);
        var rows = recordings.Select(r => new RecordingRow(r.Id, r.State, r.CreatedAtUtc, r.StartedAtUtc, r.StoppedAtUtc, r.StartAttempts, r.FailureCode, r.LastError, r.PartlyUploaded,
            r.DeletedAtUtc, r.DeletedFromStorage,
            r.Files.OrderBy(f => f.BeginUtc).ThenBy(f => f.Id)
                .Select(f => new RecordingFileRow(f.Id, party(f.VideoUserId), f.Format, f.SizeBytes, f.DurationMs, f.Width, f.Height, f.BeginUtc, f.IsPlayable)).ToList())).ToList();
        return new RecordingOverview(Enabled, consented, CanPlay(caller), options.Value.RecordingRetentionDays, rows);
    }

    /// <summary>
    /// Where to play one recorded file, for a caller with the right to its interview (HR and Admin, the interview's own
    /// panel); the view is audited (who, when, IP). Null (404) for anyone else, and for a file that cannot be played.
    /// </summary>
    public async Task<Uri?> OpenFileAsync(long fileId, CancellationToken ct = default)
    {
        var caller = await origin.GetCallerAsync();
        if (!CanPlay(caller))
        {
            return null;
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var file = await db.RecordingFiles.AsNoTracking().Where(f => f.Id == fileId)
            .Join(db.Recordings, f => f.RecordingId, r => r.Id, (f, r) => new { f.FileId, f.Url, f.Status, f.RecordingId, Recording = new { r.InterviewId, r.State } })
            .FirstOrDefaultAsync(ct);
        if (file is null || file.Recording.State == RecordingState.Deleted
            || !await db.VisibleInterviews(caller).AnyAsync(i => i.Id == file.Recording.InterviewId, ct))
        {
            return null;
        }

        var url = file.Status is 0 or 3 ? storage.PlaybackUrl(file.FileId, file.Url) : null;
        if (url is null)
        {
            return null;
        }

        var e = await audit.DescribeAsync(new AuditEvent(AuditActions.RecordingViewed, "Interview", file.Recording.InterviewId.ToString(), $"recording {file.RecordingId}, file {fileId}"));
        await audit.AppendAsync(db, e, ct);
        return url;
    }

    /// <summary>A recording whose interview ended before it ever started: failed, and why.</summary>
    private static AuditEvent EndedBeforeStart(Recording recording)
    {
        recording.StartFailed("The interview ended before the recording started.", 0);
        return new AuditEvent(AuditActions.RecordingFailed, "Interview", recording.InterviewId.ToString(), $"recording {recording.Id}: the interview ended before it started");
    }

    private static bool CanPlay(Caller caller) => caller.IsRecruiter || (caller.IsInterviewer && !caller.IsAgencyOnly);

    private static bool IsOver(InterviewStatus status) => status >= InterviewStatus.Completed;

    /// <summary>The candidate's latest answer to the recording notice (null when never asked).</summary>
    internal static async Task<bool?> CandidateConsentedAsync(AppDbContext db, Guid candidateId, CancellationToken ct) =>
        await db.ConsentRecords.AsNoTracking().Where(c => c.CandidateId == candidateId && c.Kind == ConsentKind.Recording)
            .OrderByDescending(c => c.AtUtc).ThenByDescending(c => c.Id).Select(c => (bool?)c.Granted).FirstOrDefaultAsync(ct);

    private static JsonElement? Detail(ZegoCallbackRecord record)
    {
        if (record.FormEncoded)
        {
            return null;
        }

        try
        {
            using var doc = JsonDocument.Parse(record.Body);
            return doc.RootElement.TryGetProperty("detail", out var d) && d.ValueKind == JsonValueKind.Object ? d.Clone() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The file as reported; its user id stays the vendor's (the page turns it into a name).</summary>
    private static RecordingFile ToFile(ZegoRecordFile f) =>
        RecordingFile.Create(f.FileId, f.StreamId, f.UserId, f.FileUrl, f.Format, f.FileSize, f.DurationMs, f.Width, f.Height,
            f.BeginTimestampMs > 0 ? DateTime.UnixEpoch.AddMilliseconds(f.BeginTimestampMs) : null, f.Status);

    private static async Task<Func<string?, string?>> NameResolverAsync(AppDbContext db, Guid interviewId, CancellationToken ct)
    {
        var interview = await db.Interviews.AsNoTracking().Where(i => i.Id == interviewId)
            .Select(i => new { i.CandidateId, Panel = i.Interviewers.Select(p => p.UserId).ToList() }).FirstAsync(ct);
        var candidateName = await db.Candidates.Where(c => c.Id == interview.CandidateId).Select(c => c.Name).FirstAsync(ct);
        var names = await db.Users.AsNoTracking().Where(u => interview.Panel.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        var byVideoId = interview.Panel.ToDictionary(MiniProgramService.InterviewerVideoUserId, p => names.GetValueOrDefault(p, p));
        byVideoId[MiniProgramService.CandidateVideoUserId(interview.CandidateId)] = candidateName;
        return id => id is null ? null : byVideoId.GetValueOrDefault(id);
    }
}
