using InterviewPortal.Web.Integrations.QrCodes;
using InterviewPortal.Web.Integrations.WeChat;
using InterviewPortal.Web.Integrations.Zego;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace InterviewPortal.Web.Setup;

public static class IntegrationsSetup
{
    /// <summary>
    /// ZEGO room tokens, the WeChat client and QR codes. Options are bound from <c>Zego</c> and <c>WeChat</c> and checked
    /// at start-up; both vendors are optional (video needs Zego:AppId, mini-program codes need WeChat:AppId/AppSecret).
    /// </summary>
    public static IServiceCollection AddPortalIntegrations(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<ZegoOptions>().BindConfiguration("Zego").ValidateOnStart();
        services.AddSingleton<IValidateOptions<ZegoOptions>, ZegoOptionsValidator>();
        services.AddSingleton<ZegoTokenService>();
        services.AddSingleton<ZegoCallbackProcessor>();
        services.AddSingleton<ZegoCallbackWriter>();
        services.AddHostedService<ZegoCallbackWorker>();
        // Timeouts are the client's own (Zego:ServerApiTimeout); retries are the recording sweep's, each with a fresh
        // signature, since ZEGO wants a new nonce per request.
        services.AddHttpClient<ZegoServerApi>(http => http.Timeout = Timeout.InfiniteTimeSpan).RemoveAllLoggers();
        services.AddHttpClient<Integrations.Storage.RecordingStorage>().RemoveAllLoggers();

        services.AddOptions<WeChatOptions>().BindConfiguration("WeChat").ValidateOnStart();
        services.AddSingleton<IValidateOptions<WeChatOptions>, WeChatOptionsValidator>();
        services.AddSingleton<WeChatAccessTokenCache>();
        services.AddSingleton<WeChatQuotaGate>();
        services.AddHttpClient<WeChatClient>((sp, http) =>
            {
                http.BaseAddress = sp.GetRequiredService<IOptions<WeChatOptions>>().Value.ApiBaseUrl;
                // The resilience pipeline owns the timeouts.
                http.Timeout = Timeout.InfiniteTimeSpan;
            })
            // The default HttpClient logs print request URLs, and WeChat's carry the access token or the AppSecret.
            .RemoveAllLoggers()
            .AddStandardResilienceHandler()
            .Configure((HttpStandardResilienceOptions r, IServiceProvider sp) =>
            {
                // Read unvalidated: a wrong WeChat:Timeout is reported once, by WeChatOptionsValidator, not again here.
                var timeout = sp.GetRequiredService<IConfiguration>().GetValue("WeChat:Timeout", new WeChatOptions().Timeout);
                if (timeout <= TimeSpan.Zero || timeout > TimeSpan.FromMinutes(1))
                {
                    timeout = new WeChatOptions().Timeout;
                }

                r.AttemptTimeout.Timeout = timeout;
                r.TotalRequestTimeout.Timeout = timeout * 3;
                r.CircuitBreaker.SamplingDuration = timeout * 3;
                r.Retry.MaxRetryAttempts = 2;
                r.Retry.Delay = TimeSpan.FromMilliseconds(500);
                // Only requests the client marked safe to repeat (stable token, code drawing) are retried; a URL Link
                // mints a new link and a login code is single-use, so those fail over to the caller instead.
                r.Retry.ShouldHandle = args => ValueTask.FromResult(
                    HttpClientResiliencePredicates.IsTransient(args.Outcome)
                    && args.Context.GetRequestMessage() is { } request
                    && request.Options.TryGetValue(WeChatClient.RetrySafe, out var safe) && safe);
            });

        services.AddSingleton<QrCodeService>();
        return services;
    }
}
