namespace InterviewPortal.Tests.TestSupport;

/// <summary>
/// Tests that start the portal host without a browser run one after another. No test host runs a Hangfire server and
/// each has its own job storage, but Hangfire's global configuration (log provider, job activator) is set by every
/// host that starts, and several of these tests prove timing-sensitive behaviour (rate limits, the write lock, vendor
/// timeouts) that a second host on the same lane would blur.
/// </summary>
[CollectionDefinition(Name)]
public sealed class PortalHostCollection
{
    public const string Name = "Portal host";
}

/// <summary>
/// Browser tests (Chromium and a portal host each) run one after another, on a lane of their own beside
/// <see cref="PortalHostCollection"/>: two Chromiums at once on two cores starve each other's circuits, but one beside
/// the non-browser host tests keeps both cores busy instead of leaving one idle through the browser journeys.
/// </summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection
{
    public const string Name = "Browser";
}
