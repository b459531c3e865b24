using Xunit.Abstractions;
using Xunit.Sdk;

[assembly: Xunit.TestCollectionOrderer("InterviewPortal.Tests.TestSupport.LongLanesFirst", "InterviewPortal.Tests")]

namespace InterviewPortal.Tests.TestSupport;

/// <summary>
/// Starts the two serial lanes (<see cref="BrowserCollection"/>, then <see cref="PortalHostCollection"/>) before the
/// other collections: they are the suite's longest paths, so the short collections fill the gaps around them instead
/// of delaying their start. The rest keep xunit's default order.
/// </summary>
public sealed class LongLanesFirst : ITestCollectionOrderer
{
    private static readonly string[] Lanes = [BrowserCollection.Name, PortalHostCollection.Name];

    public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> testCollections)
    {
        var all = new DefaultTestCollectionOrderer().OrderTestCollections(testCollections).ToList();
        return [.. all.Where(c => Lanes.Contains(c.DisplayName)).OrderBy(c => Array.IndexOf(Lanes, c.DisplayName)), .. all.Where(c => !Lanes.Contains(c.DisplayName))];
    }
}
