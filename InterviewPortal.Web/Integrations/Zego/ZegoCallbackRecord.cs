namespace InterviewPortal.Web.Integrations.Zego;

/// <summary>
/// A verified ZEGO callback, stored as received before anything is done with it. <see cref="DedupKey"/> is unique:
/// however often ZEGO retries an event, it is one row. Processing (the session log, attendance) happens afterwards and
/// sets <see cref="ProcessedAtUtc"/>; unknown events are stored and marked processed without effect.
/// </summary>
public sealed class ZegoCallbackRecord
{
    public const int DedupKeyMaxLength = 250;

    public long Id { get; private set; }

    public string DedupKey { get; private set; } = "";

    public string Event { get; private set; } = "";

    public string? RoomId { get; private set; }

    public bool FormEncoded { get; private set; }

    public string Body { get; private set; } = "";

    public DateTime ReceivedAtUtc { get; private set; }

    public DateTime? ProcessedAtUtc { get; private set; }

    public static ZegoCallbackRecord Create(ZegoCallback callback, string body, bool formEncoded, DateTime nowUtc) => new()
    {
        DedupKey = callback.DedupKey(),
        Event = callback.Event.Length <= 64 ? callback.Event : callback.Event[..64],
        RoomId = callback.RoomId is { Length: <= 128 } room ? room : null,
        FormEncoded = formEncoded,
        Body = body,
        ReceivedAtUtc = nowUtc,
    };

    /// <summary>A fresh, unsaved copy (to store again after a failed attempt left the original tracked elsewhere).</summary>
    public static ZegoCallbackRecord Copy(ZegoCallbackRecord r) => new()
    {
        DedupKey = r.DedupKey,
        Event = r.Event,
        RoomId = r.RoomId,
        FormEncoded = r.FormEncoded,
        Body = r.Body,
        ReceivedAtUtc = r.ReceivedAtUtc,
    };

    public void MarkProcessed(DateTime nowUtc) => ProcessedAtUtc ??= nowUtc;
}

/// <summary>A (nonce, timestamp, signature) seen in the replay window; unique, pruned after 15 minutes.</summary>
public sealed class ZegoCallbackNonce
{
    public long Id { get; private set; }

    public string Nonce { get; private set; } = "";

    public long Timestamp { get; private set; }

    public string Signature { get; private set; } = "";

    public DateTime SeenAtUtc { get; private set; }

    public static ZegoCallbackNonce Create(string nonce, long timestamp, string signature, DateTime nowUtc) =>
        new() { Nonce = nonce, Timestamp = timestamp, Signature = signature, SeenAtUtc = nowUtc };
}
