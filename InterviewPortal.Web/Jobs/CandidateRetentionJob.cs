using Hangfire;
using InterviewPortal.Web.Features.Privacy;

namespace InterviewPortal.Web.Jobs;

/// <summary>
/// Nightly: rejected and withdrawn candidates past their retention are anonymised (each audited), and stored files
/// whose deletion failed earlier are deleted. Safe to run twice. Recordings have their own job
/// (<see cref="RecordingRetentionJob"/>).
/// </summary>
[DisableConcurrentExecution(timeoutInSeconds: 60)]
public sealed class CandidateRetentionJob(RetentionService retention)
{
    public const string Id = "candidate-retention";

    public const string Cron = "40 3 * * *";

    public Task RunAsync(CancellationToken ct) => retention.ApplyAsync(ct);
}
