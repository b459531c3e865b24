using System.Collections.Concurrent;

namespace InterviewPortal.Web.Integrations.WeChat;

/// <summary>
/// Remembers which WeChat APIs answered "quota reached" and refuses further calls to them locally until the back-off
/// ends, so a job or a busy page cannot burn through WeChat's limits in a loop (singleton).
/// </summary>
public sealed class WeChatQuotaGate(TimeProvider time)
{
    public const int DailyQuotaReached = 45009;
    public const int FrequencyLimitReached = 45011;

    // 45011 is a per-minute limit; 45009 is a daily quota (reset by WeChat or by hand), so wait longer and alert.
    internal static readonly TimeSpan FrequencyBackOff = TimeSpan.FromMinutes(1);
    internal static readonly TimeSpan DailyBackOff = TimeSpan.FromMinutes(15);

    private readonly ConcurrentDictionary<string, DateTimeOffset> _blockedUntil = new(StringComparer.Ordinal);

    public static bool IsQuotaError(int errCode) => errCode is DailyQuotaReached or FrequencyLimitReached;

    /// <summary>When the last active back-off ends, or null when no WeChat API is held back: the "quota reached" state for the UI.</summary>
    public DateTime? QuotaReachedUntilUtc
    {
        get
        {
            var now = time.GetUtcNow();
            var until = _blockedUntil.Values.Where(u => u > now).DefaultIfEmpty().Max();
            return until > now ? until.UtcDateTime : null;
        }
    }

    internal void ThrowIfBlocked(string api)
    {
        if (_blockedUntil.TryGetValue(api, out var until) && time.GetUtcNow() < until)
        {
            throw new WeChatQuotaReachedException(api, 0, "held back locally after WeChat reported its quota reached", until.UtcDateTime);
        }
    }

    internal WeChatQuotaReachedException Block(string api, int errCode, string? errMsg)
    {
        var until = time.GetUtcNow() + (errCode == DailyQuotaReached ? DailyBackOff : FrequencyBackOff);
        _blockedUntil.AddOrUpdate(api, until, (_, existing) => existing > until ? existing : until);
        return new WeChatQuotaReachedException(api, errCode, errMsg, until.UtcDateTime);
    }
}
