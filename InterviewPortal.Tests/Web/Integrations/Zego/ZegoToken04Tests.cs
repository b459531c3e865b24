using System.Buffers.Binary;
using System.Text.Json;
using InterviewPortal.Web.Integrations.Zego;

namespace InterviewPortal.Tests.Web.Integrations.Zego;

public sealed class ZegoToken04Tests
{
    public sealed record Vector(string Id, string Variant, uint AppId, string UserId, string ServerSecret, long EffectiveTimeSeconds,
        string Payload, long CreateTime, long Expire, int Nonce, string? IvHex, string? GcmNonceHex, string PlaintextJson, string ExpectedToken)
    {
        public ZegoTokenCipher Cipher => Variant == "gcm" ? ZegoTokenCipher.AesGcm : ZegoTokenCipher.AesCbc;

        public byte[] Iv => Convert.FromHexString(IvHex ?? GcmNonceHex!);

        public override string ToString() => Id;
    }

    // The shared vectors (4 CBC, 2 GCM) copied into the test project; field names as in the file.
    private static readonly Lazy<IReadOnlyList<Vector>> Vectors = new(() =>
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Web", "Integrations", "Zego", "zego-token04-vectors.json")));
        var options = new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
        return [.. doc.RootElement.GetProperty("vectors").EnumerateArray().Concat(doc.RootElement.GetProperty("gcm_vectors").EnumerateArray())
            .Select(v => v.Deserialize<Vector>(options)!)];
    });

    public static TheoryData<string> VectorIds() => [.. Vectors.Value.Select(v => v.Id)];

    private static Vector ById(string id) => Vectors.Value.Single(v => v.Id == id);

    private static string Generate(Vector v) =>
        ZegoToken04.Generate(v.AppId, v.UserId, v.ServerSecret, v.EffectiveTimeSeconds, v.Payload, v.CreateTime, v.Nonce, v.Iv, v.Cipher);

    [Fact]
    public void TheSharedFile_HoldsFourCbcAndTwoGcmVectors()
    {
        Assert.Equal(4, Vectors.Value.Count(v => v.Cipher == ZegoTokenCipher.AesCbc));
        Assert.Equal(2, Vectors.Value.Count(v => v.Cipher == ZegoTokenCipher.AesGcm));
    }

    [Theory]
    [MemberData(nameof(VectorIds))]
    public void Generate_ReproducesTheSharedVector_ByteForByte(string id)
    {
        var v = ById(id);

        Assert.Equal(v.ExpectedToken, Generate(v));
    }

    [Theory]
    [MemberData(nameof(VectorIds))]
    public void Decode_ReadsTheExpectedTokenBack_ToItsHeaderAndPlaintext(string id)
    {
        var v = ById(id);

        var contents = ZegoToken04.Decode(v.ExpectedToken, v.ServerSecret);

        Assert.Equal(v.Cipher, contents.Cipher);
        Assert.Equal(v.Expire, contents.Expire);
        Assert.Equal(v.Iv, contents.IvOrNonce);
        Assert.Equal(v.PlaintextJson, contents.PlaintextJson);
    }

    [Theory]
    [InlineData(ZegoTokenCipher.AesCbc, 16)]
    [InlineData(ZegoTokenCipher.AesGcm, 12)]
    public void Token_HasTheDocumentedBinaryLayout(ZegoTokenCipher cipher, int ivLength)
    {
        var iv = Enumerable.Range(1, ivLength).Select(i => (byte)i).ToArray();

        var token = ZegoToken04.Generate(42, "u", "0123456789abcdef0123456789abcdef", 60, "", 1_000, 7, iv, cipher);
        var bytes = Convert.FromBase64String(token[2..]);

        Assert.StartsWith("04", token);
        Assert.Equal(1_060, BinaryPrimitives.ReadInt64BigEndian(bytes));
        Assert.Equal(ivLength, BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(8)));
        Assert.Equal(iv, bytes.AsSpan(10, ivLength).ToArray());
        int cipherLength = BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(10 + ivLength));
        var trailer = cipher == ZegoTokenCipher.AesGcm ? 1 : 0;
        Assert.Equal(12 + ivLength + cipherLength + trailer, bytes.Length);
        if (cipher == ZegoTokenCipher.AesGcm)
        {
            Assert.Equal(0x01, bytes[^1]);
        }
    }

    [Theory]
    [InlineData(ZegoTokenCipher.AesCbc, 16)]
    [InlineData(ZegoTokenCipher.AesGcm, 12)]
    public void RoundTrip_KeepsJsonSpecialAndNonAsciiCharactersAsJsonStringifyWritesThem(ZegoTokenCipher cipher, int ivLength)
    {
        const string secret = "abcdefabcdefabcdefabcdefabcdefab";
        var payload = "{\"room_id\":\"面试-<&>\"}\n\t\u0001\u2028😀";

        var token = ZegoToken04.Generate(7, "候选人😀", secret, 3600, payload, 1_700_000_000, -1, new byte[ivLength], cipher);
        var json = ZegoToken04.Decode(token, secret).PlaintextJson;

        Assert.Equal("{\"app_id\":7,\"user_id\":\"候选人😀\",\"nonce\":-1,\"ctime\":1700000000,\"expire\":1700003600,"
            + "\"payload\":\"{\\\"room_id\\\":\\\"面试-<&>\\\"}\\n\\t\\u0001\u2028😀\"}", json);
        using var parsed = JsonDocument.Parse(json);
        Assert.Equal(payload, parsed.RootElement.GetProperty("payload").GetString());
    }

    [Fact]
    public void Decode_WithTheWrongSecret_Fails()
    {
        var v = ById("G1-gcm-empty-payload");

        Assert.ThrowsAny<System.Security.Cryptography.CryptographicException>(() => ZegoToken04.Decode(v.ExpectedToken, "ffffffffffffffffffffffffffffffff"));
    }

    public static TheoryData<uint, string, string, long, int> InvalidInputs() => new()
    {
        { 0, "user", "0123456789abcdef0123456789abcdef", 3600, 1 },
        { 1, "", "0123456789abcdef0123456789abcdef", 3600, 3 },
        { 1, new string('u', 65), "0123456789abcdef0123456789abcdef", 3600, 3 },
        // 22 Chinese characters are 66 UTF-8 bytes: the limit is in bytes, not characters.
        { 1, new string('张', 22), "0123456789abcdef0123456789abcdef", 3600, 3 },
        { 1, "user", "0123456789abcdef0123456789abcde", 3600, 5 },
        { 1, "user", "0123456789abcdef0123456789abcdef0", 3600, 5 },
        { 1, "user", "", 3600, 5 },
        { 1, "user", "0123456789abcdef0123456789abcde密", 3600, 5 },
        { 1, "user", "0123456789abcdef0123456789abcdef", 0, 6 },
        { 1, "user", "0123456789abcdef0123456789abcdef", -5, 6 },
    };

    [Theory]
    [MemberData(nameof(InvalidInputs))]
    public void InvalidInput_IsRefusedWithTheReferenceErrorCode(uint appId, string userId, string secret, long effective, int referenceCode)
    {
        var ex = Assert.Throws<ZegoTokenException>(() =>
            ZegoToken04.Generate(appId, userId, secret, effective, "", 1_700_000_000, 1, new byte[16], ZegoTokenCipher.AesCbc));

        Assert.Equal(referenceCode, (int)ex.Code);
    }

    [Fact]
    public void NullUserIdAndSecret_AreRefusedWithTheirCodes()
    {
        Assert.Equal(ZegoTokenError.UserIdInvalid, Assert.Throws<ZegoTokenException>(() =>
            ZegoToken04.Generate(1, null!, "0123456789abcdef0123456789abcdef", 60, "", 0, 1, new byte[16], ZegoTokenCipher.AesCbc)).Code);
        Assert.Equal(ZegoTokenError.SecretInvalid, Assert.Throws<ZegoTokenException>(() =>
            ZegoToken04.Generate(1, "u", null!, 60, "", 0, 1, new byte[16], ZegoTokenCipher.AesCbc)).Code);
    }

    [Theory]
    [InlineData(ZegoTokenCipher.AesCbc, 12)]
    [InlineData(ZegoTokenCipher.AesGcm, 16)]
    public void AnIvOfTheWrongLengthForTheCipher_IsRefused(ZegoTokenCipher cipher, int length)
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            ZegoToken04.Generate(1, "u", "0123456789abcdef0123456789abcdef", 60, "", 0, 1, new byte[length], cipher));

        Assert.Equal("ivOrNonce", ex.ParamName);
    }
}
