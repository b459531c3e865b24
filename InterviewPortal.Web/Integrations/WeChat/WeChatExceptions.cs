namespace InterviewPortal.Web.Integrations.WeChat;

/// <summary>
/// A WeChat call failed: <see cref="ErrCode"/>/<see cref="ErrMsg"/> as WeChat answered (0/empty when the call never got
/// an answer, e.g. a timeout or an unexpected body). <see cref="MessageKey"/> names a resource string for the UI.
/// </summary>
public class WeChatException(string api, int errCode, string? errMsg, string messageKey, Exception? inner = null)
    : Exception($"WeChat {api} failed: errcode {errCode} ({errMsg})", inner)
{
    public string Api { get; } = api;

    public int ErrCode { get; } = errCode;

    public string? ErrMsg { get; } = errMsg;

    public string MessageKey { get; } = messageKey;
}

/// <summary>WeChat's quota for an API is used up (45009 daily / 45011 per minute); calls are refused locally until <see cref="RetryAfterUtc"/>.</summary>
public sealed class WeChatQuotaReachedException(string api, int errCode, string? errMsg, DateTime retryAfterUtc)
    : WeChatException(api, errCode, errMsg, "WeChat_QuotaReached")
{
    public DateTime RetryAfterUtc { get; } = retryAfterUtc;
}

/// <summary>WeChat:AppId/AppSecret are not set; callers should fall back (standard QR code) rather than call.</summary>
public sealed class WeChatNotConfiguredException() : WeChatException("-", 0, null, "WeChat_NotConfigured");
