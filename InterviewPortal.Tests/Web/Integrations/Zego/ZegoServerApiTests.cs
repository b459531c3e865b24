using InterviewPortal.Tests.TestSupport;
using InterviewPortal.Web.Integrations.Storage;
using InterviewPortal.Web.Integrations.Zego;
using Microsoft.Extensions.Logging.Abstractions;

namespace InterviewPortal.Tests.Web.Integrations.Zego;

/// <summary>
/// The signed ZEGO server API against a fake that checks the signature as ZEGO documents it: the documented signature
/// examples, the request shape, the reply envelope (a non-zero Code fails even with HTTP 200), timeouts and garbage.
/// </summary>
public sealed class ZegoServerApiTests : IAsyncLifetime
{
    private FakeZegoServer _zego = null!;

    public async Task InitializeAsync() => _zego = await FakeZegoServer.StartAsync();

    public async Task DisposeAsync() => await _zego.DisposeAsync();

    [Theory]
    [InlineData(12345u, "4fd24687296dd9f3", "9193cc662a4c0ec135ec71fb57194b38", 1615186943L, "43e5cfcca828314675f91b001390566a")]
    [InlineData(1234567890u, "a1b2c3d4e5f60718", "0123456789abcdef0123456789abcdef", 1735689600L, "917764bdf11fa82e770a1f70a7e966ca")]
    public void Signature_MatchesTheDocumentedExamples(uint appId, string nonce, string secret, long timestamp, string expected) =>
        Assert.Equal(expected, ZegoServerApi.Sign(appId, nonce, secret, timestamp));

    [Fact]
    public async Task StartRecord_IsSignedAndCarriesTheStorage_AndARetriedStartReturnsTheSameTask()
    {
        var api = Api();
        var first = await api.StartRecordAsync("iv123", "ivabc", CancellationToken.None);
        var again = await api.StartRecordAsync("iv123", "ivabc", CancellationToken.None);
        Assert.Equal(first, again);
        var body = _zego.Requests("StartRecord")[0];
        Assert.Equal("iv123", body["RoomId"]!.GetValue<string>());
        Assert.Equal((1, 3, "ivabc"), (body["RecordInputParams"]!["RecordMode"]!.GetValue<int>(), body["RecordInputParams"]!["StreamType"]!.GetValue<int>(), body["RecordInputParams"]!["ClientTaskId"]!.GetValue<string>()));
        Assert.Equal((10, FakeZegoServer.Bucket, "AKID"), (body["StorageParams"]!["Vendor"]!.GetValue<int>(), body["StorageParams"]!["Bucket"]!.GetValue<string>(), body["StorageParams"]!["AccessKeyId"]!.GetValue<string>()));
    }

    [Fact]
    public async Task ANonZeroCode_IsAFailure_EvenWithHttp200()
    {
        _zego.QueueCode("StartRecord", 300000003);
        var ex = await Assert.ThrowsAsync<ZegoApiException>(() => Api().StartRecordAsync("iv1", "c1", CancellationToken.None));
        Assert.Equal(300000003, ex.Code);
    }

    [Fact]
    public async Task AWrongServerSecret_IsRefusedByTheSignatureCheck()
    {
        var ex = await Assert.ThrowsAsync<ZegoApiException>(() => Api(secret: "ffffffffffffffffffffffffffffffff").StartRecordAsync("iv1", "c1", CancellationToken.None));
        Assert.Equal(100000005, ex.Code);
    }

    [Fact]
    public async Task TimeoutsHttpErrorsAndGarbage_AreFailuresWithoutACode()
    {
        _zego.QueueHttpFailure("StartRecord", 502);
        Assert.Equal(0, (await Assert.ThrowsAsync<ZegoApiException>(() => Api().StartRecordAsync("iv1", "c1", CancellationToken.None))).Code);

        _zego.AnswerGarbage = true;
        Assert.Contains("not JSON", (await Assert.ThrowsAsync<ZegoApiException>(() => Api().StopRecordAsync("T1", CancellationToken.None))).Message);
        _zego.AnswerGarbage = false;

        _zego.Delay = TimeSpan.FromSeconds(10);
        var timeout = await Assert.ThrowsAsync<ZegoApiException>(() => Api(timeout: TimeSpan.FromMilliseconds(300)).StartRecordAsync("iv1", "c1", CancellationToken.None));
        Assert.Contains("no answer", timeout.Message);
    }

    [Fact]
    public async Task StopRecord_OfATaskAlreadyStopped_CountsAsStopped_ButAnUnknownTaskIsAFailure()
    {
        var api = Api();
        var task = await api.StartRecordAsync("iv1", "c1", CancellationToken.None);
        await api.StopRecordAsync(task, CancellationToken.None);
        await api.StopRecordAsync(task, CancellationToken.None);
        Assert.Equal(ZegoApiException.TaskDoesNotExist, (await Assert.ThrowsAsync<ZegoApiException>(() => api.StopRecordAsync("nope", CancellationToken.None))).Code);
    }

    [Fact]
    public void TheStorageSigner_ReproducesAwsDocumentedPresignedUrl()
    {
        // AWS "Authenticating Requests: Using Query Parameters" example (examplebucket/test.txt, 2013-05-24, 86400 s).
        var url = S3Signer.PresignGet(S3Signer.ObjectUrl(new Uri("https://s3.amazonaws.com"), "examplebucket", "test.txt", pathStyle: false), "us-east-1",
            "AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", new DateTime(2013, 5, 24, 0, 0, 0, DateTimeKind.Utc), TimeSpan.FromDays(1));
        Assert.Equal(
            "https://examplebucket.s3.amazonaws.com/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request"
            + "&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404",
            url.ToString());
    }

    private ZegoServerApi Api(string secret = FakeZegoServer.ServerSecret, TimeSpan? timeout = null) => new(
        new HttpClient(),
        Microsoft.Extensions.Options.Options.Create(Settings(_zego, secret, timeout)),
        TimeProvider.System,
        NullLogger<ZegoServerApi>.Instance);

    /// <summary>Recording settings pointing at the fake (also its S3-compatible bucket).</summary>
    public static ZegoOptions Settings(FakeZegoServer zego, string secret = FakeZegoServer.ServerSecret, TimeSpan? timeout = null) => new()
    {
        AppId = FakeZegoServer.AppId,
        ServerSecret = secret,
        RecordingEnabled = true,
        ServerApiBaseUrl = zego.BaseAddress,
        ServerApiTimeout = timeout ?? TimeSpan.FromSeconds(5),
        Storage = new ZegoStorageOptions { Vendor = 10, Bucket = FakeZegoServer.Bucket, AccessKeyId = "AKID", AccessKeySecret = "storage-secret", EndPoint = zego.BaseAddress, S3ForcePathStyle = true },
    };
}
