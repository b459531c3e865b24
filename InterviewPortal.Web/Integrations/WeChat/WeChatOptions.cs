using Microsoft.Extensions.Options;

namespace InterviewPortal.Web.Integrations.WeChat;

/// <summary>Which version of the mini program a code or link opens (WeChat's <c>env_version</c>).</summary>
public enum WeChatEnvVersion
{
    Release,
    Trial,
    Develop,
}

/// <summary>
/// <c>WeChat:*</c>. The client is configured when both <see cref="AppId"/> and <see cref="AppSecret"/> are set; the
/// embedded default has neither, and the portal then shows standard QR codes instead of mini-program codes.
/// The AppSecret is never committed: user-secrets or the environment (<c>WeChat__AppSecret</c>).
/// </summary>
public sealed class WeChatOptions
{
    public Uri ApiBaseUrl { get; set; } = new("https://api.weixin.qq.com");

    public string? AppId { get; set; }

    public string? AppSecret { get; set; }

    public WeChatEnvVersion EnvVersion { get; set; } = WeChatEnvVersion.Release;

    /// <summary>The mini-program page a code or link opens: no leading '/', no query (the invitation travels in scene/query).</summary>
    public string JoinPage { get; set; } = "pages/join/index";

    /// <summary>One attempt's timeout; the whole call (with any retry) gets three times this.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    public bool IsConfigured => !string.IsNullOrWhiteSpace(AppId) && !string.IsNullOrWhiteSpace(AppSecret);
}

public sealed class WeChatOptionsValidator : IValidateOptions<WeChatOptions>
{
    public ValidateOptionsResult Validate(string? name, WeChatOptions o)
    {
        var failures = new List<string>();
        var hasId = !string.IsNullOrWhiteSpace(o.AppId);
        var hasSecret = !string.IsNullOrWhiteSpace(o.AppSecret);
        if (hasId != hasSecret)
        {
            failures.Add("WeChat:AppId and WeChat:AppSecret are set together or not at all.");
        }

        if (hasId && (o.AppId!.Length > 64 || o.AppId.Any(c => !char.IsAsciiLetterOrDigit(c))))
        {
            failures.Add("WeChat:AppId must be the mini program's AppID (letters and digits, e.g. wx0123456789abcdef).");
        }

        if (hasSecret && o.AppSecret!.Any(char.IsWhiteSpace))
        {
            failures.Add("WeChat:AppSecret must not contain spaces.");
        }

        if (o.ApiBaseUrl is not { IsAbsoluteUri: true } url || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
        {
            failures.Add("WeChat:ApiBaseUrl must be an absolute http(s) URL.");
        }

        if (!Enum.IsDefined(o.EnvVersion))
        {
            failures.Add("WeChat:EnvVersion must be release, trial or develop.");
        }

        if (string.IsNullOrWhiteSpace(o.JoinPage) || o.JoinPage.StartsWith('/') || o.JoinPage.Contains('?') || o.JoinPage.Any(char.IsWhiteSpace))
        {
            failures.Add("WeChat:JoinPage must be a mini-program page path without a leading '/' or a query, e.g. pages/join/index.");
        }

        if (o.Timeout <= TimeSpan.Zero || o.Timeout > TimeSpan.FromMinutes(1))
        {
            failures.Add("WeChat:Timeout must be between 00:00:01 and 00:01:00.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
