using System.Text.Json;
using InterviewPortal.Tests.TestSupport;
using InterviewPortal.Web.Integrations.WeChat;

namespace InterviewPortal.Tests.Web.Integrations.WeChat;

public sealed class SubscribeMessageTests : IAsyncLifetime
{
    private FakeWeChatServer _server = null!;
    private WeChatTestClient _wechat = null!;

    public async Task InitializeAsync()
    {
        _server = await FakeWeChatServer.StartAsync();
        _wechat = WeChatTestClient.Create(_server);
    }

    public async Task DisposeAsync()
    {
        await _wechat.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Theory]
    [InlineData("thing3", "一二三四五六七八九十一二三四五六七八九十超", "一二三四五六七八九十一二三四五六七八九…")]
    [InlineData("thing3", "高级后端工程师（支付）", "高级后端工程师（支付）")]
    [InlineData("phrase1", "面试安排通知", "面试安排通")]
    [InlineData("name2", "张三李四王五赵六钱七孙八", "张三李四王五赵六钱…")]
    [InlineData("name2", "Alexander Hamilton-Washington", "Alexander Hamilton-…")]
    [InlineData("time4", "2026-11-27 09:00", "2026-11-27 09:00")]
    [InlineData("character_string5", "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345")]
    [InlineData("symbol6", "!!!!!!!", "!!!!!")]
    public void Values_AreCutToTheLimitOfTheirKeysType(string key, string value, string expected) =>
        Assert.Equal(expected, WeChatClient.FitSubscribeValue(key, value));

    [Fact]
    public async Task Send_PostsTouserTemplateDataStateAndLanguage_WithValuesWeChatAccepts()
    {
        _server.Subscribe("o-1", "TPL");

        await _wechat.Client.SendSubscribeMessageAsync("o-1", "TPL", "pages/join/index",
            new Dictionary<string, string> { ["thing1"] = "一二三四五六七八九十一二三四五六七八九十超长职位名", ["time2"] = "2026-11-27 09:00" }, "en-US", CancellationToken.None);

        var body = Assert.Single(_server.SubscribeMessages);
        Assert.Equal("o-1", body.GetProperty("touser").GetString());
        Assert.Equal("TPL", body.GetProperty("template_id").GetString());
        Assert.Equal("formal", body.GetProperty("miniprogram_state").GetString());
        Assert.Equal("en_US", body.GetProperty("lang").GetString());
        Assert.Equal(20, body.GetProperty("data").GetProperty("thing1").GetProperty("value").GetString()!.Length);
    }

    [Fact]
    public async Task Send_WithoutASubscription_Throws43101()
    {
        var ex = await Assert.ThrowsAsync<WeChatException>(() => _wechat.Client.SendSubscribeMessageAsync("o-2", "TPL", null,
            new Dictionary<string, string> { ["thing1"] = "x" }, "zh-CN", CancellationToken.None));

        Assert.Equal(43101, ex.ErrCode);
    }

    [Fact]
    public async Task Send_WhenTheTokenWasRevoked_FetchesANewOneAndSendsOnce()
    {
        _server.Subscribe("o-3", "TPL");
        await _wechat.Client.GetUnlimitedCodeAsync("warm", CancellationToken.None);
        _server.RevokeToken();

        await _wechat.Client.SendSubscribeMessageAsync("o-3", "TPL", null, new Dictionary<string, string> { ["thing1"] = "x" }, "zh-CN", CancellationToken.None);

        Assert.Single(_server.SubscribeMessages);
        Assert.Equal(2, _server.Calls("stable_token"));
        Assert.Equal(2, _server.Calls("subscribeMessage.send"));
        using var _ = JsonDocument.Parse(_server.Bodies("subscribeMessage.send")[0]);
    }
}
