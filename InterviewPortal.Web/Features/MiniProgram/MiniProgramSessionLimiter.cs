using System.ComponentModel.DataAnnotations;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace InterviewPortal.Web.Features.MiniProgram;

/// <summary>The mini-program's limits (<c>MiniProgram:*</c>), all per minute.</summary>
public sealed class MiniProgramLimitOptions
{
    /// <summary>Logins per address: each one costs a call to WeChat's code2Session.</summary>
    [Range(1, int.MaxValue)]
    public int LoginPerMinutePerIp { get; set; } = 20;

    /// <summary>Calls per address, counted before the session is looked up: candidates behind one carrier NAT share it.</summary>
    [Range(1, int.MaxValue)]
    public int CallsPerMinutePerIp { get; set; } = 600;

    /// <summary>Calls per valid session, counted once the session is known.</summary>
    [Range(1, int.MaxValue)]
    public int CallsPerMinute { get; set; } = 120;
}

/// <summary>
/// Counts calls per mini-program session, only after the bearer has been checked: partitions exist for real sessions
/// only, so made-up tokens cannot each get a fresh allowance or grow the limiter's table.
/// </summary>
public sealed class MiniProgramSessionLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;

    public MiniProgramSessionLimiter(IOptions<MiniProgramLimitOptions> options)
    {
        var permits = options.Value.CallsPerMinute;
        _limiter = PartitionedRateLimiter.Create<string, string>(session => RateLimitPartition.GetFixedWindowLimiter(session,
            _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
    }

    /// <summary>Counts one call of the session; a 429 problem (with when to retry) once it is over its limit.</summary>
    public void Count(string sessionTokenHash)
    {
        using var lease = _limiter.AttemptAcquire(sessionTokenHash);
        if (!lease.IsAcquired)
        {
            throw new MiniProgramProblem(StatusCodes.Status429TooManyRequests, "rate_limited", "MpErrorTooMany")
            {
                RetryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromMinutes(1),
            };
        }
    }

    public void Dispose() => _limiter.Dispose();
}
