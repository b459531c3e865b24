namespace InterviewPortal.Domain.Notifications;

/// <summary>
/// An in-app notification for one user. <see cref="DedupKey"/> is unique: a reminder planned twice for the same occasion
/// (a retried or duplicated job run) is stored once.
/// </summary>
public sealed class Notification
{
    public const int DedupKeyMaxLength = 200;

    private Notification()
    {
    }

    public long Id { get; private set; }

    public string UserId { get; private set; } = "";

    /// <summary>A resource key; the text is rendered in the reader's language when shown.</summary>
    public string MessageKey { get; private set; } = "";

    /// <summary>The message's arguments, separated by U+001F.</summary>
    public string Arguments { get; private set; } = "";

    public string? Link { get; private set; }

    public string DedupKey { get; private set; } = "";

    public DateTime CreatedAtUtc { get; private set; }

    public DateTime? ReadAtUtc { get; private set; }

    public static Notification Create(string userId, string messageKey, string? link, string dedupKey, DateTime nowUtc, params string[] arguments) =>
        dedupKey.Length > DedupKeyMaxLength
            ? throw new ArgumentException("The dedup key is too long.", nameof(dedupKey))
            : new Notification
            {
                UserId = userId,
                MessageKey = messageKey,
                Arguments = string.Join('\u001f', arguments),
                Link = link,
                DedupKey = dedupKey,
                CreatedAtUtc = nowUtc,
            };

    public IReadOnlyList<string> ArgumentList() => Arguments.Length == 0 ? [] : Arguments.Split('\u001f');

    public void MarkRead(DateTime nowUtc) => ReadAtUtc ??= nowUtc;
}
