namespace InterviewPortal.Tests.TestSupport;

/// <summary>Tests that start the portal host run one after another: Hangfire keeps process-wide state.</summary>
[CollectionDefinition(Name)]
public sealed class PortalHostCollection
{
    public const string Name = "Portal host";
}
