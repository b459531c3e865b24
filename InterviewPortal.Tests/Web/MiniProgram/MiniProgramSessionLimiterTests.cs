using InterviewPortal.Web.Features.MiniProgram;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace InterviewPortal.Tests.Web.MiniProgram;

/// <summary>
/// The per-session limit of the mini-program API (MiniProgramSessionLimiter): a fixed minute from a session's first
/// call, counted apart per session, and counters swept once their minute has passed without losing or inventing calls.
/// </summary>
public sealed class MiniProgramSessionLimiterTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 27, 8, 0, 0, TimeSpan.Zero);

    private static MiniProgramSessionLimiter Limiter(FakeTimeProvider clock, int perMinute) =>
        new(Options.Create(new MiniProgramLimitOptions { CallsPerMinute = perMinute }), clock);

    [Fact]
    public void PastItsPermits_ASessionIsRefused_WithTheRestOfItsMinuteAsRetryAfter_ThenCountedAfresh()
    {
        var clock = new FakeTimeProvider(T0);
        var limiter = Limiter(clock, 3);
        for (var k = 0; k < 3; k++)
        {
            limiter.Count("session-a");
        }

        clock.Advance(TimeSpan.FromSeconds(20));
        var refused = Assert.Throws<MiniProgramProblem>(() => limiter.Count("session-a"));
        Assert.Equal((429, "rate_limited", TimeSpan.FromSeconds(40)), (refused.Status, refused.Code, refused.RetryAfter));

        clock.Advance(TimeSpan.FromSeconds(40));
        for (var k = 0; k < 3; k++)
        {
            limiter.Count("session-a");
        }

        Assert.Throws<MiniProgramProblem>(() => limiter.Count("session-a"));
    }

    [Fact]
    public void SessionsAreCountedApart()
    {
        var limiter = Limiter(new FakeTimeProvider(T0), 1);
        limiter.Count("session-a");

        limiter.Count("session-b");
        Assert.Throws<MiniProgramProblem>(() => limiter.Count("session-a"));
        Assert.Throws<MiniProgramProblem>(() => limiter.Count("session-b"));
    }

    [Fact]
    public void ASweep_RemovesOnlyTheSessionsWhoseMinuteHasPassed()
    {
        var clock = new FakeTimeProvider(T0);
        var limiter = Limiter(clock, 2);
        for (var k = 0; k < 1000; k++)
        {
            limiter.Count("old-" + k);
        }

        clock.Advance(TimeSpan.FromSeconds(30));
        limiter.Count("recent");
        limiter.Count("recent");
        clock.Advance(TimeSpan.FromSeconds(31));

        limiter.Sweep(clock.GetUtcNow().UtcTicks);

        Assert.Equal(1, limiter.Tracked);
        // The recent session keeps its count until its own minute has passed.
        Assert.Throws<MiniProgramProblem>(() => limiter.Count("recent"));
    }

    [Fact]
    public async Task OnceAMinuteHasPassed_ACallSweepsTheIdleSessions_OffItsOwnPath()
    {
        var clock = new FakeTimeProvider(T0);
        var limiter = Limiter(clock, 5);
        for (var k = 0; k < 500; k++)
        {
            limiter.Count("idle-" + k);
        }

        clock.Advance(TimeSpan.FromSeconds(61));
        limiter.Count("caller");

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (limiter.Tracked > 1 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        Assert.Equal(1, limiter.Tracked);
    }

    [Fact]
    public async Task CallsRacingASweep_AreNeitherLostNorCountedTwice()
    {
        var clock = new FakeTimeProvider(T0);
        var limiter = Limiter(clock, 50);
        for (var round = 0; round < 20; round++)
        {
            // The session's previous minute has passed: every sweep now may take its counter out while calls arrive.
            clock.Advance(TimeSpan.FromSeconds(61));
            var now = clock.GetUtcNow().UtcTicks;
            var granted = 0;
            using var start = new Barrier(5);
            var callers = Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
            {
                start.SignalAndWait();
                for (var k = 0; k < 30; k++)
                {
                    try
                    {
                        limiter.Count("busy");
                        Interlocked.Increment(ref granted);
                    }
                    catch (MiniProgramProblem)
                    {
                    }
                }
            })).ToList();
            var sweeper = Task.Run(() =>
            {
                start.SignalAndWait();
                for (var k = 0; k < 200; k++)
                {
                    limiter.Sweep(now);
                }
            });

            await Task.WhenAll([.. callers, sweeper]);

            Assert.Equal(50, granted);
        }
    }
}
