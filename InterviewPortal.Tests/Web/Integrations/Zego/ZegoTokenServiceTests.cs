using System.Text.Json;
using InterviewPortal.Web.Integrations.Zego;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace InterviewPortal.Tests.Web.Integrations.Zego;

public sealed class ZegoTokenServiceTests
{
    private const uint AppId = 1234567890;
    private const string Secret = "0123456789abcdef0123456789abcdef";
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 1, 50, 0, TimeSpan.Zero);

    private static ZegoTokenService Service(ZegoTokenCipher cipher = ZegoTokenCipher.AesCbc, uint appId = AppId) =>
        new(Options.Create(new ZegoOptions { AppId = appId, ServerSecret = Secret, TokenCipher = cipher }), new FakeTimeProvider(Now));

    [Theory]
    [InlineData(ZegoTokenCipher.AesCbc)]
    [InlineData(ZegoTokenCipher.AesGcm)]
    public void Issue_SignsTheUserIntoTheRoom_WithPublishingPinnedToTheirOwnStream(ZegoTokenCipher cipher)
    {
        var validUntil = Now.UtcDateTime.AddMinutes(100);

        var issued = Service(cipher).Issue("iv-20260301-0007", "cand-7f3a9c", "s-cand-7f3a9c", validUntil);
        var contents = ZegoToken04.Decode(issued.Token, Secret);

        Assert.Equal(cipher, contents.Cipher);
        using var json = JsonDocument.Parse(contents.PlaintextJson);
        var root = json.RootElement;
        Assert.Equal(AppId, root.GetProperty("app_id").GetUInt32());
        Assert.Equal("cand-7f3a9c", root.GetProperty("user_id").GetString());
        Assert.Equal(Now.ToUnixTimeSeconds(), root.GetProperty("ctime").GetInt64());
        Assert.Equal(new DateTimeOffset(validUntil).ToUnixTimeSeconds(), root.GetProperty("expire").GetInt64());
        Assert.Equal(root.GetProperty("expire").GetInt64(), contents.Expire);
        Assert.InRange(root.GetProperty("nonce").GetInt32(), 0, int.MaxValue);

        using var payload = JsonDocument.Parse(root.GetProperty("payload").GetString()!);
        Assert.Equal("iv-20260301-0007", payload.RootElement.GetProperty("room_id").GetString());
        Assert.Equal(1, payload.RootElement.GetProperty("privilege").GetProperty("1").GetInt32());
        Assert.Equal(1, payload.RootElement.GetProperty("privilege").GetProperty("2").GetInt32());
        Assert.Equal(["s-cand-7f3a9c"], payload.RootElement.GetProperty("stream_id_list").EnumerateArray().Select(s => s.GetString()));

        Assert.Equal(new ZegoRoomToken(AppId, "iv-20260301-0007", "cand-7f3a9c", "s-cand-7f3a9c", issued.Token, validUntil), issued);
    }

    [Theory]
    [InlineData("iv-20260301-0007", "s-cand-7f3a9c")]
    [InlineData("room\"with\\quote", "s-1")]
    public void PrivilegePayload_IsExactJsonForAnyPrintableRoomId(string roomId, string streamId)
    {
        var payload = ZegoTokenService.PrivilegePayload(roomId, streamId);

        using var json = JsonDocument.Parse(payload);
        Assert.Equal(roomId, json.RootElement.GetProperty("room_id").GetString());
        Assert.Equal(streamId, Assert.Single(json.RootElement.GetProperty("stream_id_list").EnumerateArray()).GetString());
        Assert.Equal($$"""{"room_id":{{JsonSerializer.Serialize(roomId, new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping })}},"privilege":{"1":1,"2":1},"stream_id_list":["{{streamId}}"]}""", payload);
    }

    [Fact]
    public void TheCbcIv_IsSixteenCharactersOfLowercaseLettersAndDigits_LikeTheReferences()
    {
        var issued = Service().Issue("room-1", "user-1", "stream-1", Now.UtcDateTime.AddHours(1));

        var iv = ZegoToken04.Decode(issued.Token, Secret).IvOrNonce;

        Assert.Equal(16, iv.Length);
        Assert.All(iv, b => Assert.True(b is >= (byte)'0' and <= (byte)'9' or >= (byte)'a' and <= (byte)'z'));
    }

    [Fact]
    public void TwoTokensForTheSameUserAndTime_DifferInNonceAndIv()
    {
        var service = Service();

        var a = ZegoToken04.Decode(service.Issue("room-1", "user-1", "stream-1", Now.UtcDateTime.AddHours(1)).Token, Secret);
        var b = ZegoToken04.Decode(service.Issue("room-1", "user-1", "stream-1", Now.UtcDateTime.AddHours(1)).Token, Secret);

        Assert.NotEqual(a.IvOrNonce, b.IvOrNonce);
        Assert.NotEqual(a.PlaintextJson, b.PlaintextJson);
    }

    [Fact]
    public void Expiry_IsRoundedUpToTheSecond_SoTheTokenNeverEndsBeforeTheWindow()
    {
        var issued = Service().Issue("room-1", "user-1", "stream-1", Now.UtcDateTime.AddSeconds(90.2));

        Assert.Equal(Now.UtcDateTime.AddSeconds(91), issued.ExpiresAtUtc);
        Assert.Equal(Now.ToUnixTimeSeconds() + 91, ZegoToken04.Decode(issued.Token, Secret).Expire);
    }

    [Fact]
    public void AWindowThatHasClosed_IsRefused()
    {
        Assert.Throws<ArgumentException>(() => Service().Issue("room-1", "user-1", "stream-1", Now.UtcDateTime));
        Assert.Throws<ArgumentException>(() => Service().Issue("room-1", "user-1", "stream-1", Now.UtcDateTime.AddMinutes(-5)));
    }

    [Theory]
    [InlineData("", "user-1", "stream-1", "roomId")]
    [InlineData("room 1", "user-1", "stream-1", "roomId")]
    [InlineData("room-1", "候选人", "stream-1", "userId")]
    [InlineData("room-1", "user-1", "stream.1", "streamId")]
    [InlineData("room-1", "user-1", "", "streamId")]
    public void IdsZegoWouldRefuse_AreRefusedBeforeSigning(string roomId, string userId, string streamId, string param)
    {
        var ex = Assert.Throws<ArgumentException>(() => Service().Issue(roomId, userId, streamId, Now.UtcDateTime.AddHours(1)));

        Assert.Equal(param, ex.ParamName);
    }

    [Fact]
    public void AUserIdOverSixtyFourBytes_IsRefused()
    {
        var ex = Assert.Throws<ArgumentException>(() => Service().Issue("room-1", new string('u', 65), "stream-1", Now.UtcDateTime.AddHours(1)));

        Assert.Equal("userId", ex.ParamName);
    }

    [Fact]
    public void WithoutAnAppId_VideoIsDisabled_AndNoTokenIsIssued()
    {
        var service = new ZegoTokenService(Options.Create(new ZegoOptions()), new FakeTimeProvider(Now));

        Assert.False(service.IsEnabled);
        Assert.Throws<InvalidOperationException>(() => service.Issue("room-1", "user-1", "stream-1", Now.UtcDateTime.AddHours(1)));
    }
}
