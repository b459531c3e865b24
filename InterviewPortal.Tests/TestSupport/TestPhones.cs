namespace InterviewPortal.Tests.TestSupport;

/// <summary>
/// Mainland mobile numbers that are unique within the test process, so worlds built in one shared portal never trip
/// duplicate detection by chance (random four-digit suffixes did, about once in a few hundred runs).
/// </summary>
public static class TestPhones
{
    private static long next = Random.Shared.Next(0, 5_000_000);

    /// <summary>An 11-digit number in the 199 range, never handed out twice by this process.</summary>
    public static string Next() => "199" + Interlocked.Increment(ref next).ToString("D8");
}
