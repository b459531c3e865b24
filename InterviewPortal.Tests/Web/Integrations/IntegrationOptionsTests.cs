using InterviewPortal.Web.Integrations.QrCodes;
using InterviewPortal.Web.Integrations.WeChat;
using InterviewPortal.Web.Integrations.Zego;
using InterviewPortal.Web.Setup;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace InterviewPortal.Tests.Web.Integrations;

/// <summary>The start-up checks of Zego:* and WeChat:*, run through the same registration the portal uses.</summary>
public sealed class IntegrationOptionsTests
{
    private static ServiceProvider Build(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddPortalIntegrations();
        return services.BuildServiceProvider();
    }

    // What ValidateOnStart runs when the host starts.
    private static void ValidateAtStartUp(ServiceProvider provider) => provider.GetRequiredService<IStartupValidator>().Validate();

    [Fact]
    public void TheEmbeddedDefault_HasNeitherVendor_AndStarts()
    {
        using var provider = Build();

        ValidateAtStartUp(provider);
        Assert.False(provider.GetRequiredService<ZegoTokenService>().IsEnabled);
        Assert.False(provider.GetRequiredService<WeChatClient>().IsConfigured);
        Assert.NotNull(provider.GetRequiredService<QrCodeService>());
        var zego = provider.GetRequiredService<IOptions<ZegoOptions>>().Value;
        Assert.Equal(ZegoTokenCipher.AesCbc, zego.TokenCipher);
        Assert.False(zego.PluginEnabled);
        var wechat = provider.GetRequiredService<IOptions<WeChatOptions>>().Value;
        Assert.Equal(new Uri("https://api.weixin.qq.com"), wechat.ApiBaseUrl);
        Assert.Equal(WeChatEnvVersion.Release, wechat.EnvVersion);
    }

    [Fact]
    public void AFullConfiguration_IsAccepted()
    {
        using var provider = Build(("Zego:AppId", "1234567890"), ("Zego:ServerSecret", "0123456789abcdef0123456789abcdef"),
            ("Zego:TokenCipher", "AesGcm"), ("Zego:PluginEnabled", "true"),
            ("WeChat:AppId", "wx0123456789abcdef"), ("WeChat:AppSecret", "0123456789abcdef0123456789abcdef"),
            ("WeChat:EnvVersion", "develop"), ("WeChat:JoinPage", "pages/interview/join"));

        ValidateAtStartUp(provider);
        Assert.True(provider.GetRequiredService<ZegoTokenService>().IsEnabled);
        Assert.Equal(ZegoTokenCipher.AesGcm, provider.GetRequiredService<IOptions<ZegoOptions>>().Value.TokenCipher);
        Assert.True(provider.GetRequiredService<WeChatClient>().IsConfigured);
        Assert.Equal(WeChatEnvVersion.Develop, provider.GetRequiredService<IOptions<WeChatOptions>>().Value.EnvVersion);
    }

    public static TheoryData<string, string, string> Refused() => new()
    {
        { "Zego:AppId", "1234567890", "Zego:ServerSecret" },
        { "Zego:ServerSecret", "0123456789abcdef0123456789abcdef", "Zego:AppId" },
        { "Zego:PluginEnabled", "true", "Zego:PluginEnabled" },
        { "WeChat:AppId", "wx0123456789abcdef", "WeChat:AppSecret" },
        { "WeChat:AppSecret", "secret", "WeChat:AppId" },
        { "WeChat:JoinPage", "/pages/join/index", "WeChat:JoinPage" },
        { "WeChat:JoinPage", "pages/join/index?t=1", "WeChat:JoinPage" },
        { "WeChat:ApiBaseUrl", "ftp://api.weixin.qq.com", "WeChat:ApiBaseUrl" },
        { "WeChat:Timeout", "00:05:00", "WeChat:Timeout" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void AnIncompleteOrWrongSetting_StopsStartUp_NamingTheSetting(string key, string value, string named)
    {
        using var provider = Build((key, value));

        var ex = Assert.Throws<OptionsValidationException>(() => ValidateAtStartUp(provider));

        Assert.Contains(named, ex.Message);
        Assert.StartsWith($"Configuration error in '{key.Split(':')[0]}'", ConfigurationSetup.Describe(ex));
    }

    [Fact]
    public void BothVendorsWrongAtOnce_IsStillOneConfigurationMessage_NamingBoth()
    {
        using var provider = Build(("Zego:AppId", "1"), ("WeChat:AppId", "wx0123456789abcdef"));

        var ex = Assert.ThrowsAny<Exception>(() => ValidateAtStartUp(provider));

        Assert.True(ConfigurationSetup.IsConfigurationError(ex));
        var message = ConfigurationSetup.Describe(ex);
        Assert.Contains("Configuration error in 'Zego'", message);
        Assert.Contains("Configuration error in 'WeChat'", message);
    }

    [Fact]
    public void AShortServerSecret_IsRefused()
    {
        using var provider = Build(("Zego:AppId", "1"), ("Zego:ServerSecret", "short"));

        var ex = Assert.Throws<OptionsValidationException>(() => ValidateAtStartUp(provider));

        Assert.Contains("32-character", ex.Message);
    }

    [Fact]
    public void AnUnknownCipherOrEnvVersion_IsAConfigurationError()
    {
        using var zego = Build(("Zego:AppId", "1"), ("Zego:ServerSecret", "0123456789abcdef0123456789abcdef"), ("Zego:TokenCipher", "Rot13"));
        using var wechat = Build(("WeChat:EnvVersion", "beta"));

        Assert.True(ConfigurationSetup.IsConfigurationError(Assert.ThrowsAny<Exception>(() => ValidateAtStartUp(zego))));
        Assert.True(ConfigurationSetup.IsConfigurationError(Assert.ThrowsAny<Exception>(() => ValidateAtStartUp(wechat))));
    }
}
