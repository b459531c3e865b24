using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace InterviewPortal.Web.Integrations.Zego;

/// <summary>
/// One ZEGO server callback as received: its top-level scalar fields as text. ZEGO sends the same number as a JSON
/// number for some events and as a string for others, and 64-bit ids (<c>room_session_id</c>) that a double would round,
/// so every scalar is kept as its exact text and read as whatever type is asked. Arrays and objects are not needed here
/// and are skipped (the raw body keeps them).
/// </summary>
public sealed partial class ZegoCallback
{
    private static readonly JsonDocumentOptions JsonOptions = new() { MaxDepth = 16 };

    private readonly Dictionary<string, string> _fields;

    private ZegoCallback(Dictionary<string, string> fields) => _fields = fields;

    public IReadOnlyDictionary<string, string> Fields => _fields;

    /// <summary>Reads a JSON object or a form-encoded body; null when it is neither.</summary>
    public static ZegoCallback? Parse(string body, bool form)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        if (form)
        {
            if (body.TrimStart().StartsWith('{'))
            {
                return null;
            }

            foreach (var (key, values) in Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(body))
            {
                if (key.Length > 0 && values.Count > 0)
                {
                    fields[key] = values[^1] ?? "";
                }
            }

            return fields.Count == 0 ? null : new ZegoCallback(fields);
        }

        try
        {
            using var doc = JsonDocument.Parse(body, JsonOptions);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            foreach (var p in doc.RootElement.EnumerateObject())
            {
                switch (p.Value.ValueKind)
                {
                    case JsonValueKind.String:
                        fields[p.Name] = Decode(p.Value.GetString()!);
                        break;
                    case JsonValueKind.Number:
                        fields[p.Name] = p.Value.GetRawText();
                        break;
                    case JsonValueKind.True or JsonValueKind.False:
                        fields[p.Name] = p.Value.GetRawText();
                        break;
                }
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            // InvalidOperationException: a string holding an escaped lone surrogate ("\uD800"), only found when read.
            return null;
        }

        return new ZegoCallback(fields);
    }

    /// <summary>ZEGO's docs tell integrators to URL-decode values; only text that carries %XX escapes is decoded.</summary>
    private static string Decode(string value) => PercentEscape().IsMatch(value) ? Uri.UnescapeDataString(value) : value;

    [GeneratedRegex("%[0-9A-Fa-f]{2}")]
    private static partial Regex PercentEscape();

    public string? String(string name) => _fields.TryGetValue(name, out var v) && v.Length > 0 ? v : null;

    public long? Int64(string name) =>
        String(name) is { } v && long.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n : null;

    public int? Int32(string name) =>
        String(name) is { } v && int.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n : null;

    /// <summary>An unsigned 64-bit id as canonical decimal text (no loss above 2^53), or null when it is not one.</summary>
    public string? UInt64Text(string name) =>
        String(name) is { } v && ulong.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n.ToString(CultureInfo.InvariantCulture) : null;

    /// <summary>A time in Unix milliseconds (sent as text or number), as UTC.</summary>
    public DateTime? UnixMs(string name) =>
        Int64(name) is { } ms && ms > 0 && ms < 253402300799999 ? DateTime.UnixEpoch.AddMilliseconds(ms) : null;

    public string Event => String("event") ?? (String("event_type") is { } t ? "recording_" + t : "");

    public string? RoomId => String("room_id");

    /// <summary>room_login/room_logout call the room session id <c>room_seq</c>.</summary>
    public string? RoomSessionId => UInt64Text("room_session_id") ?? UInt64Text("room_seq");

    /// <summary>When the event happened (ZEGO's own time for it), falling back to the request's timestamp.</summary>
    public DateTime? OccurredAtUtc => Event switch
    {
        "room_create" => UnixMs("room_create_time"),
        "room_close" => UnixMs("room_close_time"),
        "room_login" => UnixMs("login_time"),
        "room_logout" => UnixMs("logout_time"),
        "stream_create" => UnixMs("create_time_ms") ?? (Int64("create_time") is { } s and > 0 and < 253402300799 ? DateTime.UnixEpoch.AddSeconds(s) : null),
        "stream_close" => UnixMs("destroy_timemillis"),
        _ => null,
    } ?? (Int64("timestamp") is { } ts and > 0 and < 253402300799 ? DateTime.UnixEpoch.AddSeconds(ts) : null);

    /// <summary>
    /// The business key: ZEGO retries an event up to 5 times, possibly with a fresh nonce and signature, so the event is
    /// recognised by what it is about (event + room session + user/stream + sequence), and stored once.
    /// </summary>
    public string DedupKey()
    {
        var key = Event switch
        {
            "room_create" or "room_close" when RoomSessionId is { } rs => $"{Event}:{RoomId}:{rs}",
            "room_login" or "room_logout" when RoomSessionId is { } rs =>
                $"{Event}:{RoomId}:{rs}:{String("user_account")}:{String("session_id")}:{String("user_update_seq")}",
            "stream_create" or "stream_close" when RoomSessionId is { } rs =>
                $"{Event}:{RoomId}:{rs}:{String("stream_sid") ?? String("stream_id")}:{String("stream_seq")}",
            _ when String("task_id") is { } task && String("event_type") is { } type => $"{Event}:{task}:{String("sequence")}",
            _ => null,
        };
        // Unknown events (and known ones missing their keys): the same content is the same event.
        key ??= Event + ":#" + ContentHash();
        return key.Length <= 200 ? key : key[..100] + "#" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
    }

    private string ContentHash()
    {
        var text = string.Join('\n', _fields.Where(f => f.Key is not ("signature" or "nonce" or "timestamp"))
            .OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => f.Key + "=" + f.Value));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..32];
    }

    /// <summary>SHA-1 over the ordinally sorted (secret, timestamp, nonce), lowercase hex (integrations §4.2).</summary>
    public static string Sign(string secret, string timestamp, string nonce)
    {
        string[] parts = [secret, timestamp, nonce];
        Array.Sort(parts, StringComparer.Ordinal);
        return Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(string.Concat(parts))));
    }

    public static bool Verify(string secret, string timestamp, string nonce, string signature)
    {
        var expected = Encoding.ASCII.GetBytes(Sign(secret, timestamp, nonce));
        var given = Encoding.ASCII.GetBytes(signature.ToLowerInvariant());
        return CryptographicOperations.FixedTimeEquals(expected, given);
    }
}
