namespace InterviewPortal.Web.Integrations.WeChat;

/// <summary>
/// The one owner of the access token (singleton). Cached until five minutes before WeChat's expiry (the stable-token
/// API rotates it then); one refresh at a time, however many callers are waiting.
/// </summary>
public sealed class WeChatAccessTokenCache(TimeProvider time)
{
    private static readonly TimeSpan RotationMargin = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan MinimumLifetime = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim _refresh = new(1, 1);
    private CachedToken? _current;

    private sealed record CachedToken(string Value, DateTimeOffset RefreshAfter);

    /// <summary>The cached token, or one fetched by <paramref name="fetch"/> (access token, expires_in seconds).</summary>
    public async Task<string> GetAsync(Func<CancellationToken, Task<(string Token, int ExpiresInSeconds)>> fetch, CancellationToken ct)
    {
        if (Fresh() is { } cached)
        {
            return cached;
        }

        await _refresh.WaitAsync(ct);
        try
        {
            // Whoever waited while another caller refreshed finds the new token here and does not fetch again.
            if (Fresh() is { } refreshed)
            {
                return refreshed;
            }

            var (token, expiresIn) = await fetch(ct);
            var lifetime = TimeSpan.FromSeconds(expiresIn) - RotationMargin;
            if (lifetime < MinimumLifetime)
            {
                // A token close to its rotation: keep it briefly rather than fetch on every call.
                lifetime = TimeSpan.FromSeconds(Math.Min(expiresIn / 2.0, MinimumLifetime.TotalSeconds));
            }

            Volatile.Write(ref _current, new CachedToken(token, time.GetUtcNow() + lifetime));
            return token;
        }
        finally
        {
            _refresh.Release();
        }
    }

    /// <summary>WeChat refused <paramref name="token"/>: forget it, unless a newer one has replaced it meanwhile.</summary>
    public void Invalidate(string token)
    {
        var current = Volatile.Read(ref _current);
        if (current is not null && current.Value == token)
        {
            Interlocked.CompareExchange(ref _current, null, current);
        }
    }

    private string? Fresh()
    {
        var current = Volatile.Read(ref _current);
        return current is not null && time.GetUtcNow() < current.RefreshAfter ? current.Value : null;
    }
}
