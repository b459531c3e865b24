using InterviewPortal.Domain.Reminders;

namespace InterviewPortal.Web.Features.Reminders;

public enum ChannelOutcome
{
    Sent,
    Skipped,
    TransientFailure,
    PermanentFailure,
}

public sealed record ChannelResult(ChannelOutcome Outcome, string? Error = null, ReminderSkipReason? Skip = null)
{
    public static ChannelResult Sent { get; } = new(ChannelOutcome.Sent);

    public static ChannelResult Skipped(ReminderSkipReason reason, string? detail = null) => new(ChannelOutcome.Skipped, detail, reason);

    public static ChannelResult Transient(string error) => new(ChannelOutcome.TransientFailure, error);

    public static ChannelResult Permanent(string error) => new(ChannelOutcome.PermanentFailure, error);
}

/// <summary>
/// One way of reaching people (email, WeChat, in-app). A channel instance serves one dispatcher worker, so it may keep
/// a connection open between messages; it is disposed with the worker's scope.
/// </summary>
public interface IReminderChannel
{
    ReminderChannel Channel { get; }

    /// <summary>Null when the channel can send; otherwise what is missing (recorded on the skipped reminder).</summary>
    string? NotConfigured(ReminderSettings settings);

    Task<ChannelResult> SendAsync(ReminderMessage message, ReminderSettings settings, CancellationToken ct);
}
