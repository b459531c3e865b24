using Hangfire;
using InterviewPortal.Web.Features.Recordings;

namespace InterviewPortal.Web.Jobs;

/// <summary>
/// Nightly: recordings past their retention (<c>Zego:RecordingRetentionDays</c>, 180 by default) are deleted from our
/// records and, where the storage settings allow, from the bucket; each deletion is audited. Safe to run twice.
/// </summary>
[DisableConcurrentExecution(timeoutInSeconds: 60)]
public sealed class RecordingRetentionJob(RecordingService recordings, ILogger<RecordingRetentionJob> log)
{
    public const string Id = "recording-retention";

    public async Task RunAsync(CancellationToken ct)
    {
        var deleted = await recordings.ApplyRetentionAsync(ct);
        log.LogInformation("Recording retention: {Count} recording(s) deleted", deleted);
    }
}
