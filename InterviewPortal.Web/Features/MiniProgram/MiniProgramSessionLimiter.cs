using System.Collections.Concurrent;
using System.ComponentModel.DataAnnotations;
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
/// Counts calls per mini-program session, only after the bearer has been checked: counters exist for real sessions
/// only, so made-up tokens cannot each get a fresh allowance or grow the table. Each session has a fixed one-minute
/// window from its first call. Counters whose window has passed are swept at most once a minute, off the caller's
/// path. (System.Threading.RateLimiting's partitioned limiter walked every session's partition ten times a second on
/// its timer: 3 % of a join's CPU in the join benchmark, where every join is a new session.)
/// </summary>
public sealed class MiniProgramSessionLimiter(IOptions<MiniProgramLimitOptions> options, TimeProvider clock)
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private readonly int _permits = options.Value.CallsPerMinute;
    private readonly ConcurrentDictionary<string, Counter> _counters = new(StringComparer.Ordinal);
    private long _nextSweepTicks = clock.GetUtcNow().UtcTicks + Window.Ticks;
    private int _sweeping;

    /// <summary>How many sessions have a counter (their window not yet swept).</summary>
    internal int Tracked => _counters.Count;

    /// <summary>Counts one call of the session; a 429 problem (with when to retry) once it is over its limit.</summary>
    public void Count(string sessionTokenHash)
    {
        var now = clock.GetUtcNow().UtcTicks;
        SweepWhenDue(now);
        while (true)
        {
            var counter = _counters.GetOrAdd(sessionTokenHash, static _ => new Counter());
            lock (counter)
            {
                if (counter.Swept)
                {
                    // Taken out of the table meanwhile: count on the one that replaces it.
                    continue;
                }

                if (counter.Calls == 0 || now - counter.StartTicks >= Window.Ticks)
                {
                    (counter.StartTicks, counter.Calls) = (now, 0);
                }

                if (counter.Calls < _permits)
                {
                    counter.Calls++;
                    return;
                }

                throw new MiniProgramProblem(StatusCodes.Status429TooManyRequests, "rate_limited", "MpErrorTooMany")
                {
                    RetryAfter = TimeSpan.FromTicks(counter.StartTicks + Window.Ticks - now),
                };
            }
        }
    }

    private void SweepWhenDue(long now)
    {
        if (now < Volatile.Read(ref _nextSweepTicks) || Interlocked.Exchange(ref _sweeping, 1) == 1)
        {
            return;
        }

        Volatile.Write(ref _nextSweepTicks, now + Window.Ticks);
        ThreadPool.UnsafeQueueUserWorkItem(
            static state =>
            {
                try
                {
                    state.limiter.Sweep(state.now);
                }
                finally
                {
                    Volatile.Write(ref state.limiter._sweeping, 0);
                }
            },
            (limiter: this, now),
            preferLocal: false);
    }

    /// <summary>Removes the counters whose window had passed at <paramref name="now"/>.</summary>
    internal void Sweep(long now)
    {
        foreach (var (session, counter) in _counters)
        {
            lock (counter)
            {
                if (now - counter.StartTicks < Window.Ticks)
                {
                    continue;
                }

                counter.Swept = true;
            }

            // The pair, not just the key: a caller that finds this counter swept adds a new one under the key.
            _counters.TryRemove(KeyValuePair.Create(session, counter));
        }
    }

    private sealed class Counter
    {
        public long StartTicks;
        public int Calls;
        public bool Swept;
    }
}
