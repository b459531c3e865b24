using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace InterviewPortal.Web.Integrations.Zego;

public enum ZegoTokenCipher
{
    /// <summary>AES-256-CBC, PKCS#7, 16-byte IV: the layout every published ZEGO reference implementation uses.</summary>
    AesCbc,

    /// <summary>AES-256-GCM, 12-byte nonce, tag after the ciphertext and a trailing mode byte 0x01.</summary>
    AesGcm,
}

/// <summary>The numeric error codes shared by ZEGO's token04 reference implementations.</summary>
public enum ZegoTokenError
{
    AppIdInvalid = 1,
    UserIdInvalid = 3,
    SecretInvalid = 5,
    EffectiveTimeInvalid = 6,
}

/// <summary>Input a token cannot be built from; <see cref="Code"/> is the reference implementations' error code.</summary>
public sealed class ZegoTokenException(ZegoTokenError code, string message) : ArgumentException(message)
{
    public ZegoTokenError Code { get; } = code;
}

/// <summary>What a token04 carries, read back by <see cref="ZegoToken04.Decode"/>.</summary>
public sealed record ZegoToken04Contents(ZegoTokenCipher Cipher, long Expire, byte[] IvOrNonce, string PlaintextJson);

/// <summary>
/// ZEGO token04: the JSON {app_id,user_id,nonce,ctime,expire,payload} encrypted with the 32 ASCII bytes of the
/// ServerSecret, packed big-endian (expire, IV, ciphertext) and written as "04" + Base64. Deterministic: time, nonce
/// and IV are inputs, so the shared vectors can be reproduced byte for byte (<see cref="ZegoTokenService"/> draws them).
/// </summary>
public static class ZegoToken04
{
    public const int CbcIvLength = 16;
    public const int GcmNonceLength = 12;
    private const int GcmTagLength = 16;
    private const byte GcmModeByte = 0x01;
    private const int MaxUserIdBytes = 64;
    private const int SecretLength = 32;

    // One AES instance per thread, rekeyed only when the secret changes: the portal signs with one secret, and
    // creating the native cipher object is most of the cost of a token.
    [ThreadStatic] private static Aes? t_aes;
    [ThreadStatic] private static string? t_aesSecret;
    [ThreadStatic] private static AesGcm? t_gcm;
    [ThreadStatic] private static string? t_gcmSecret;

    public static string Generate(uint appId, string userId, string serverSecret, long effectiveTimeSeconds,
        string payload, long createTimeUnixSeconds, int nonce, byte[] ivOrNonce, ZegoTokenCipher cipher)
    {
        // Checked in the references' order, so the same bad input yields the same code.
        if (appId == 0)
        {
            throw new ZegoTokenException(ZegoTokenError.AppIdInvalid, "appId must not be 0.");
        }

        if (string.IsNullOrEmpty(userId))
        {
            throw new ZegoTokenException(ZegoTokenError.UserIdInvalid, "userId must not be empty.");
        }

        if (Encoding.UTF8.GetByteCount(userId) > MaxUserIdBytes)
        {
            throw new ZegoTokenException(ZegoTokenError.UserIdInvalid, $"userId must be at most {MaxUserIdBytes} bytes.");
        }

        if (serverSecret is null || serverSecret.Length != SecretLength || !Ascii.IsValid(serverSecret))
        {
            throw new ZegoTokenException(ZegoTokenError.SecretInvalid, $"serverSecret must be {SecretLength} ASCII characters.");
        }

        if (effectiveTimeSeconds <= 0)
        {
            throw new ZegoTokenException(ZegoTokenError.EffectiveTimeInvalid, "effectiveTimeSeconds must be greater than 0.");
        }

        ArgumentNullException.ThrowIfNull(ivOrNonce);
        var ivLength = cipher switch
        {
            ZegoTokenCipher.AesCbc => CbcIvLength,
            ZegoTokenCipher.AesGcm => GcmNonceLength,
            _ => throw new ArgumentOutOfRangeException(nameof(cipher), cipher, null),
        };
        if (ivOrNonce.Length != ivLength)
        {
            throw new ArgumentException($"{cipher} needs {ivLength} IV/nonce bytes, not {ivOrNonce.Length}.", nameof(ivOrNonce));
        }

        var expire = checked(createTimeUnixSeconds + effectiveTimeSeconds);
        var writer = new ArrayBufferWriter<byte>(256);
        WritePlaintext(writer, appId, userId, nonce, createTimeUnixSeconds, expire, payload ?? "");
        var plaintext = writer.WrittenSpan;

        var cipherLength = cipher == ZegoTokenCipher.AesCbc
            ? (plaintext.Length / 16 + 1) * 16
            : plaintext.Length + GcmTagLength;
        if (cipherLength > ushort.MaxValue)
        {
            throw new ArgumentException("payload is too long for a token04.", nameof(payload));
        }

        var headerLength = 8 + 2 + ivLength + 2;
        var total = headerLength + cipherLength + (cipher == ZegoTokenCipher.AesGcm ? 1 : 0);
        Span<byte> packed = total <= 1024 ? stackalloc byte[total] : new byte[total];
        BinaryPrimitives.WriteInt64BigEndian(packed, expire);
        BinaryPrimitives.WriteUInt16BigEndian(packed[8..], (ushort)ivLength);
        ivOrNonce.CopyTo(packed[10..]);
        BinaryPrimitives.WriteUInt16BigEndian(packed[(10 + ivLength)..], (ushort)cipherLength);
        var body = packed.Slice(headerLength, cipherLength);
        if (cipher == ZegoTokenCipher.AesCbc)
        {
            CbcFor(serverSecret).EncryptCbc(plaintext, ivOrNonce, body, PaddingMode.PKCS7);
        }
        else
        {
            GcmFor(serverSecret).Encrypt(ivOrNonce, plaintext, body[..plaintext.Length], body[plaintext.Length..]);
            packed[^1] = GcmModeByte;
        }

        return "04" + Convert.ToBase64String(packed);
    }

    /// <summary>
    /// Reads a token back: header fields and the decrypted JSON. Throws <see cref="FormatException"/> for anything that
    /// is not a well-formed token04 and <see cref="CryptographicException"/> when the secret does not open it.
    /// </summary>
    public static ZegoToken04Contents Decode(string token, string serverSecret)
    {
        if (token is null || !token.StartsWith("04", StringComparison.Ordinal))
        {
            throw new FormatException("A token04 starts with \"04\".");
        }

        var bytes = Convert.FromBase64String(token[2..]);
        if (bytes.Length < 12)
        {
            throw new FormatException("Token too short.");
        }

        var expire = BinaryPrimitives.ReadInt64BigEndian(bytes);
        int ivLength = BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(8));
        if (10 + ivLength + 2 > bytes.Length)
        {
            throw new FormatException("Token truncated in its IV.");
        }

        var iv = bytes.AsSpan(10, ivLength).ToArray();
        int cipherLength = BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(10 + ivLength));
        var start = 12 + ivLength;
        var trailing = bytes.Length - start - cipherLength;
        var key = Encoding.ASCII.GetBytes(serverSecret);
        if (ivLength == CbcIvLength && trailing == 0)
        {
            using var aes = Aes.Create();
            aes.Key = key;
            var plain = aes.DecryptCbc(bytes.AsSpan(start, cipherLength), iv, PaddingMode.PKCS7);
            return new ZegoToken04Contents(ZegoTokenCipher.AesCbc, expire, iv, StrictUtf8.GetString(plain));
        }

        if (ivLength == GcmNonceLength && trailing == 1 && bytes[^1] == GcmModeByte && cipherLength >= GcmTagLength)
        {
            using var gcm = new AesGcm(key, GcmTagLength);
            var sealedText = bytes.AsSpan(start, cipherLength);
            var plain = new byte[cipherLength - GcmTagLength];
            gcm.Decrypt(iv, sealedText[..plain.Length], sealedText[plain.Length..], plain);
            return new ZegoToken04Contents(ZegoTokenCipher.AesGcm, expire, iv, StrictUtf8.GetString(plain));
        }

        throw new FormatException("Neither the CBC nor the GCM token04 layout.");
    }

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static Aes CbcFor(string secret)
    {
        if (t_aes is null || !string.Equals(t_aesSecret, secret, StringComparison.Ordinal))
        {
            t_aes?.Dispose();
            t_aes = Aes.Create();
            t_aes.Key = Encoding.ASCII.GetBytes(secret);
            t_aesSecret = secret;
        }

        return t_aes;
    }

    private static AesGcm GcmFor(string secret)
    {
        if (t_gcm is null || !string.Equals(t_gcmSecret, secret, StringComparison.Ordinal))
        {
            t_gcm?.Dispose();
            t_gcm = new AesGcm(Encoding.ASCII.GetBytes(secret), GcmTagLength);
            t_gcmSecret = secret;
        }

        return t_gcm;
    }

    /// <summary>
    /// The plaintext exactly as the Node reference's JSON.stringify writes it: keys in its order, no spaces, non-ASCII
    /// as raw UTF-8, and only quote, backslash, control characters and lone surrogates escaped (lower-case hex).
    /// </summary>
    private static void WritePlaintext(ArrayBufferWriter<byte> w, uint appId, string userId, int nonce, long ctime, long expire, string payload)
    {
        Raw(w, "{\"app_id\":");
        Number(w, appId);
        Raw(w, ",\"user_id\":");
        JsonString(w, userId);
        Raw(w, ",\"nonce\":");
        Number(w, nonce);
        Raw(w, ",\"ctime\":");
        Number(w, ctime);
        Raw(w, ",\"expire\":");
        Number(w, expire);
        Raw(w, ",\"payload\":");
        JsonString(w, payload);
        Raw(w, "}");
    }

    private static void Raw(ArrayBufferWriter<byte> w, string ascii)
    {
        var span = w.GetSpan(ascii.Length);
        var n = Encoding.ASCII.GetBytes(ascii, span);
        w.Advance(n);
    }

    private static void Number<T>(ArrayBufferWriter<byte> w, T value) where T : IUtf8SpanFormattable
    {
        var span = w.GetSpan(24);
        value.TryFormat(span, out var n, default, CultureInfo.InvariantCulture);
        w.Advance(n);
    }

    private static void JsonString(ArrayBufferWriter<byte> w, string value)
    {
        Raw(w, "\"");
        var runStart = 0;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            string? escape = c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\b' => "\\b",
                '\f' => "\\f",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                < ' ' => $"\\u{(int)c:x4}",
                _ when char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]) => null,
                _ when char.IsLowSurrogate(c) && i > 0 && char.IsHighSurrogate(value[i - 1]) => null,
                _ when char.IsSurrogate(c) => $"\\u{(int)c:x4}",
                _ => null,
            };
            if (escape is null)
            {
                continue;
            }

            Utf8(w, value.AsSpan(runStart, i - runStart));
            Raw(w, escape);
            runStart = i + 1;
        }

        Utf8(w, value.AsSpan(runStart));
        Raw(w, "\"");
    }

    private static void Utf8(ArrayBufferWriter<byte> w, ReadOnlySpan<char> chars)
    {
        if (chars.IsEmpty)
        {
            return;
        }

        var span = w.GetSpan(Encoding.UTF8.GetMaxByteCount(chars.Length));
        w.Advance(Encoding.UTF8.GetBytes(chars, span));
    }
}
