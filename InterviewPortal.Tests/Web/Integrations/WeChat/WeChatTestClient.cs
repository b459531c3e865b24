using InterviewPortal.Tests.TestSupport;
using InterviewPortal.Web.Integrations.WeChat;
using InterviewPortal.Web.Setup;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace InterviewPortal.Tests.Web.Integrations.WeChat;

/// <summary>
/// The portal's WeChat wiring (AddPortalIntegrations) pointed at a <see cref="FakeWeChatServer"/>, with captured logs
/// and a fake clock for the token cache and the quota gate.
/// </summary>
public sealed class WeChatTestClient : IAsyncDisposable
{
    private readonly ServiceProvider _provider;

    private WeChatTestClient(ServiceProvider provider, FakeTimeProvider time, ListLoggerProvider logs)
    {
        _provider = provider;
        Time = time;
        Logs = logs;
    }

    public FakeTimeProvider Time { get; }

    public ListLoggerProvider Logs { get; }

    public IServiceProvider Services => _provider;

    /// <summary>A fresh typed client, as a page or job would get it; the token cache and quota gate are shared singletons.</summary>
    public WeChatClient Client => _provider.GetRequiredService<WeChatClient>();

    public static WeChatTestClient Create(FakeWeChatServer server, params (string Key, string Value)[] settings)
    {
        var values = new Dictionary<string, string?>
        {
            ["WeChat:ApiBaseUrl"] = server.BaseAddress.ToString(),
            ["WeChat:AppId"] = FakeWeChatServer.AppId,
            ["WeChat:AppSecret"] = FakeWeChatServer.AppSecret,
        };
        foreach (var (k, v) in settings)
        {
            values[k] = v;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        // The fake server checks expiry against the real clock, so the fake one starts at the real time.
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var logs = new ListLoggerProvider();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        services.AddPortalIntegrations();
        // Only the token cache and the quota gate run on the fake clock: the resilience pipeline takes TimeProvider from
        // the container too, and its retry delays and timeouts must keep real time.
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(new WeChatAccessTokenCache(time));
        services.AddSingleton(new WeChatQuotaGate(time));
        return new WeChatTestClient(services.BuildServiceProvider(), time, logs);
    }

    public ValueTask DisposeAsync() => _provider.DisposeAsync();
}
