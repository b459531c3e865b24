namespace InterviewPortal.Domain.Sessions;

public enum RecordingState
{
    /// <summary>The candidate has not consented to recording: the interview is never recorded.</summary>
    NotConsented,

    /// <summary>The start is decided and being requested (again after a failed attempt).</summary>
    Starting,

    Recording,

    /// <summary>Stopped; the vendor is uploading the files.</summary>
    Uploading,

    /// <summary>Files are in storage and can be played.</summary>
    Ready,

    /// <summary>Ended abnormally or could not be started; <see cref="Recording.FailureCode"/> says why.</summary>
    Failed,

    /// <summary>Past its retention: deleted from our records (and from storage where the settings allow).</summary>
    Deleted,
}

/// <summary>
/// One cloud recording of an interview's room session. <see cref="ClientTaskId"/> is unique and is sent to the vendor
/// as its idempotency key, so a retried start (a crash, a second node) never creates a second recording task. The
/// recording is decided by the rules in <see cref="RecordingRules"/>; vendor status reports move it along.
/// </summary>
public sealed class Recording
{
    public const int ReasonMaxLength = 500;

    private readonly List<RecordingFile> _files = [];

    private Recording()
    {
    }

    public long Id { get; private set; }

    public Guid InterviewId { get; private set; }

    /// <summary>Our idempotency key for the vendor task: one per interview and room session.</summary>
    public string ClientTaskId { get; private set; } = "";

    public string RoomSessionId { get; private set; } = "";

    /// <summary>The vendor's task id once the start succeeded.</summary>
    public string? TaskId { get; private set; }

    public RecordingState State { get; private set; }

    public DateTime CreatedAtUtc { get; private set; }

    public DateTime? StartedAtUtc { get; private set; }

    public DateTime? StoppedAtUtc { get; private set; }

    public DateTime? ReadyAtUtc { get; private set; }

    public int StartAttempts { get; private set; }

    /// <summary>The vendor's reason for an abnormal end (quit_reason), when it gave one.</summary>
    public int? FailureCode { get; private set; }

    /// <summary>The last error or vendor message, for HR and operations (never a secret).</summary>
    public string? LastError { get; private set; }

    /// <summary>Some files failed to upload (the vendor's upload_status 2).</summary>
    public bool PartlyUploaded { get; private set; }

    public DateTime? DeletedAtUtc { get; private set; }

    public bool DeletedFromStorage { get; private set; }

    public IReadOnlyList<RecordingFile> Files => _files;

    public static string ClientTaskIdFor(Guid interviewId, string roomSessionId) =>
        // The vendor's ClientTaskId: letters and digits; short enough for any of their limits.
        "iv" + interviewId.ToString("N")[..20] + "s" + (roomSessionId.Length > 20 ? roomSessionId[^20..] : roomSessionId);

    public static Recording NotConsented(Guid interviewId, string roomSessionId, DateTime nowUtc) =>
        Decided(interviewId, roomSessionId, RecordingState.NotConsented, nowUtc);

    public static Recording Start(Guid interviewId, string roomSessionId, DateTime nowUtc) =>
        Decided(interviewId, roomSessionId, RecordingState.Starting, nowUtc);

    private static Recording Decided(Guid interviewId, string roomSessionId, RecordingState state, DateTime nowUtc) => new()
    {
        InterviewId = interviewId,
        RoomSessionId = roomSessionId,
        ClientTaskId = ClientTaskIdFor(interviewId, roomSessionId),
        State = state,
        CreatedAtUtc = nowUtc,
    };

    public bool IsActive => State is RecordingState.Starting or RecordingState.Recording;

    public void StartAttempted() => StartAttempts++;

    public void Started(string taskId, DateTime nowUtc)
    {
        if (State != RecordingState.Starting)
        {
            return;
        }

        TaskId = taskId;
        State = RecordingState.Recording;
        StartedAtUtc = nowUtc;
        LastError = null;
    }

    /// <summary>A failed start attempt: stays Starting (retried) until the attempts are used up.</summary>
    public void StartFailed(string error, int maxAttempts)
    {
        LastError = Cut(error);
        if (StartAttempts >= maxAttempts)
        {
            State = RecordingState.Failed;
        }
    }

    /// <summary>Stop was requested (or the vendor says it stopped): files are being uploaded.</summary>
    public void Stopped(DateTime nowUtc)
    {
        if (State is RecordingState.Recording or RecordingState.Starting)
        {
            State = RecordingState.Uploading;
            StoppedAtUtc ??= nowUtc;
        }
    }

    /// <summary>The vendor ended the task abnormally (quit_reason).</summary>
    public void EndedAbnormally(int? quitReason, string? message, DateTime nowUtc)
    {
        if (State is RecordingState.Deleted or RecordingState.NotConsented)
        {
            return;
        }

        FailureCode = quitReason;
        LastError = Cut(message);
        StoppedAtUtc ??= nowUtc;
        // Files already uploaded stay playable; the failure is still shown.
        if (State != RecordingState.Ready)
        {
            State = RecordingState.Failed;
        }
    }

    /// <summary>The vendor uploaded files (upload finished); the same file reported again is kept once.</summary>
    public void FilesUploaded(IEnumerable<RecordingFile> files, bool partly, DateTime nowUtc)
    {
        if (State is RecordingState.Deleted or RecordingState.NotConsented)
        {
            return;
        }

        foreach (var file in files)
        {
            if (!_files.Any(f => f.FileId == file.FileId))
            {
                _files.Add(file);
            }
        }

        PartlyUploaded = partly;
        StoppedAtUtc ??= nowUtc;
        ReadyAtUtc ??= nowUtc;
        State = RecordingState.Ready;
    }

    public void Delete(bool fromStorage, DateTime nowUtc)
    {
        State = RecordingState.Deleted;
        DeletedAtUtc = nowUtc;
        DeletedFromStorage = fromStorage;
        foreach (var file in _files)
        {
            file.Forget();
        }
    }

    private static string? Cut(string? text) => text is { Length: > ReasonMaxLength } ? text[..ReasonMaxLength] : text;
}

/// <summary>A file of a recording as the vendor reported it (one per stream, or one mixed file).</summary>
public sealed class RecordingFile
{
    private RecordingFile()
    {
    }

    public long Id { get; private set; }

    public long RecordingId { get; private set; }

    public string FileId { get; private set; } = "";

    public string? StreamId { get; private set; }

    /// <summary>The portal's id of the person whose stream this is (the vendor's user id), when per-stream.</summary>
    public string? VideoUserId { get; private set; }

    /// <summary>Where the vendor stored the file; null for vendors that give none (Qiniu, Alibaba VOD) and after deletion.</summary>
    public string? Url { get; private set; }

    public string Format { get; private set; } = "";

    public long SizeBytes { get; private set; }

    public long DurationMs { get; private set; }

    public int Width { get; private set; }

    public int Height { get; private set; }

    public DateTime? BeginUtc { get; private set; }

    /// <summary>The vendor's file status: 3 uploaded to our storage, 4 only in the vendor's backup, 5 upload failed.</summary>
    public int Status { get; private set; }

    public bool IsPlayable => Url is not null && Status is 3 or 0;

    public static RecordingFile Create(
        string fileId, string? streamId, string? videoUserId, string? url, string format, long sizeBytes, long durationMs, int width, int height, DateTime? beginUtc, int status) => new()
        {
            FileId = fileId,
            StreamId = streamId,
            VideoUserId = videoUserId,
            Url = url is { Length: > 0 } && Uri.TryCreate(url, UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttps || u.Scheme == Uri.UriSchemeHttp) ? url : null,
            Format = format,
            SizeBytes = Math.Max(0, sizeBytes),
            DurationMs = Math.Max(0, durationMs),
            Width = Math.Max(0, width),
            Height = Math.Max(0, height),
            BeginUtc = beginUtc,
            Status = status,
        };

    internal void Forget() => Url = null;
}

/// <summary>
/// When an interview is recorded (domain rules, "Sessions, attendance, recordings"): only when both parties are in the
/// room and the candidate's latest answer to the recording notice is a grant; kept for the retention period, then deleted.
/// </summary>
public static class RecordingRules
{
    public const int DefaultRetentionDays = 180;

    public static bool ShouldStart(bool bothPresent, bool? candidateConsented) => bothPresent && candidateConsented == true;

    public static bool IsPastRetention(Recording recording, int retentionDays, DateTime nowUtc) =>
        recording.State != RecordingState.Deleted
        && (recording.ReadyAtUtc ?? recording.StoppedAtUtc ?? recording.CreatedAtUtc).AddDays(retentionDays) <= nowUtc;
}
