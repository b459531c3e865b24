using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace InterviewPortal.Web.Integrations.Zego;

/// <summary>A room token for one user; <see cref="ExpiresAtUtc"/> is the token's own expiry (whole seconds).</summary>
public sealed record ZegoRoomToken(uint AppId, string RoomId, string UserId, string StreamId, string Token, DateTime ExpiresAtUtc);

/// <summary>
/// Issues token04 room tokens: privilege payload for one room (login + publish) with publishing pinned to the user's
/// own stream id, fresh nonce and IV from the cryptographic random source, cipher from <c>Zego:TokenCipher</c>.
/// </summary>
public sealed class ZegoTokenService(IOptions<ZegoOptions> options, TimeProvider time)
{
    private const int MaxRoomIdBytes = 128;
    private const int MaxUserIdBytes = 64;
    private const int MaxStreamIdLength = 256;
    private const string IvAlphabet = "0123456789abcdefghijklmnopqrstuv";

    public bool IsEnabled => options.Value.IsEnabled;

    public uint AppId => options.Value.AppId;

    /// <summary>
    /// A token valid from now until <paramref name="validUntilUtc"/> (rounded up to the second). The ids must be the
    /// ASCII ids the client passes to loginRoom/startPublishingStream.
    /// </summary>
    /// <exception cref="InvalidOperationException">Video is not configured (<see cref="IsEnabled"/> is false).</exception>
    /// <exception cref="ArgumentException">An id is empty, too long or has characters ZEGO refuses; or the time is not in the future.</exception>
    public ZegoRoomToken Issue(string roomId, string userId, string streamId, DateTime validUntilUtc)
    {
        var o = options.Value;
        if (!o.IsEnabled)
        {
            throw new InvalidOperationException("ZEGO video is not configured (Zego:AppId).");
        }

        RequireId(roomId, MaxRoomIdBytes, nameof(roomId));
        RequireId(userId, MaxUserIdBytes, nameof(userId));
        if (string.IsNullOrEmpty(streamId) || streamId.Length > MaxStreamIdLength
            || !streamId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            throw new ArgumentException("A ZEGO stream id is 1–256 letters, digits, '-' or '_'.", nameof(streamId));
        }

        if (validUntilUtc.Kind == DateTimeKind.Local)
        {
            throw new ArgumentException("Expected a UTC time.", nameof(validUntilUtc));
        }

        var now = time.GetUtcNow().ToUnixTimeSeconds();
        var until = new DateTimeOffset(DateTime.SpecifyKind(validUntilUtc, DateTimeKind.Utc));
        var untilSeconds = until.ToUnixTimeSeconds() + (until.Ticks % TimeSpan.TicksPerSecond == 0 ? 0 : 1);
        if (untilSeconds <= now)
        {
            throw new ArgumentException("The token must be valid until a time in the future.", nameof(validUntilUtc));
        }

        var cipher = o.TokenCipher;
        Span<byte> random = stackalloc byte[ZegoToken04.CbcIvLength + sizeof(int)];
        NextRandomBytes(random);
        byte[] iv;
        if (cipher == ZegoTokenCipher.AesCbc)
        {
            // Like the references, 16 characters of [0-9a-z] (here 5 random bits each); the IV travels in the token,
            // so any bytes would do.
            iv = new byte[ZegoToken04.CbcIvLength];
            for (var i = 0; i < iv.Length; i++)
            {
                iv[i] = (byte)IvAlphabet[random[i] & 31];
            }
        }
        else
        {
            iv = random[..ZegoToken04.GcmNonceLength].ToArray();
        }

        // Non-negative, as in the Go, Python, C# and Node references.
        var nonce = BinaryPrimitives.ReadInt32LittleEndian(random[ZegoToken04.CbcIvLength..]) & int.MaxValue;
        var token = ZegoToken04.Generate(o.AppId, userId, o.ServerSecret!, untilSeconds - now, PrivilegePayload(roomId, streamId),
            now, nonce, iv, cipher);
        return new ZegoRoomToken(o.AppId, roomId, userId, streamId, token, DateTimeOffset.FromUnixTimeSeconds(untilSeconds).UtcDateTime);
    }

    // Cryptographic random bytes drawn 4 KB at a time per thread: each draw is a call into the OS/OpenSSL and cost more
    // than the whole token; bytes are handed out once and wiped.
    [ThreadStatic] private static byte[]? t_randomPool;
    [ThreadStatic] private static int t_randomUsed;

    private static void NextRandomBytes(Span<byte> destination)
    {
        var pool = t_randomPool ??= new byte[4096];
        if (t_randomUsed == 0 || t_randomUsed + destination.Length > pool.Length)
        {
            RandomNumberGenerator.Fill(pool);
            t_randomUsed = 0;
        }

        var slice = pool.AsSpan(t_randomUsed, destination.Length);
        slice.CopyTo(destination);
        slice.Clear();
        t_randomUsed += destination.Length;
    }

    /// <summary>{"room_id":…,"privilege":{"1":1,"2":1},"stream_id_list":[streamId]}: log in to this room, publish only this stream.</summary>
    internal static string PrivilegePayload(string roomId, string streamId)
    {
        // Ids are printable ASCII (checked by the caller) and stream ids letters, digits, '-', '_': without a quote or
        // backslash in the room id, plain concatenation is already exact JSON.
        if (!roomId.Contains('"') && !roomId.Contains('\\') && !streamId.Contains('"') && !streamId.Contains('\\'))
        {
            return $$"""{"room_id":"{{roomId}}","privilege":{"1":1,"2":1},"stream_id_list":["{{streamId}}"]}""";
        }

        var buffer = new ArrayBufferWriter<byte>(128);
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("room_id", roomId);
            w.WriteStartObject("privilege");
            w.WriteNumber("1", 1);
            w.WriteNumber("2", 1);
            w.WriteEndObject();
            w.WriteStartArray("stream_id_list");
            w.WriteStringValue(streamId);
            w.WriteEndArray();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    // ZEGO ids are ASCII (mini-program SDK reference); printable, no spaces, within the byte limit.
    private static void RequireId(string value, int maxBytes, string name)
    {
        if (string.IsNullOrEmpty(value) || value.Length > maxBytes || !value.All(c => c is > ' ' and < '\u007f'))
        {
            throw new ArgumentException($"A ZEGO {name} is 1–{maxBytes} printable ASCII characters without spaces.", name);
        }
    }
}
