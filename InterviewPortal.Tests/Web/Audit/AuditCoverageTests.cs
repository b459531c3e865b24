using System.Reflection;
using InterviewPortal.Tests.TestSupport;
using InterviewPortal.Web.Features.Audit;
using Microsoft.EntityFrameworkCore;

namespace InterviewPortal.Tests.Web.Audit;

/// <summary>
/// Every action in <see cref="AuditActions"/> is recorded when it happens: each has a scenario in
/// <see cref="AuditScenarios"/> that performs it through the portal's services and endpoints, and the entry it must
/// leave (actor, target) is in the trail. A new constant without a scenario fails here, and so does a scenario whose
/// action stopped writing its entry.
/// </summary>
[Collection(PortalHostCollection.Name)]
public sealed class AuditCoverageTests(AuditWorld world) : IClassFixture<AuditWorld>
{
    public static IEnumerable<object[]> Actions() => Constants().Select(a => new object[] { a });

    private static IReadOnlyList<string> Constants() =>
        [.. typeof(AuditActions).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string)).Select(f => (string)f.GetRawConstantValue()!)];

    [Fact]
    public void EveryAuditAction_HasAScenario_AndEveryScenarioAnAction()
    {
        Assert.Empty(Constants().Except(AuditScenarios.All.Keys));
        Assert.Empty(AuditScenarios.All.Keys.Except(Constants()));
    }

    [Theory]
    [MemberData(nameof(Actions))]
    public async Task TheAction_IsRecordedWithItsActorAndTarget(string action)
    {
        Assert.True(AuditScenarios.All.TryGetValue(action, out var scenario), $"No scenario for {action}: add one to AuditScenarios.");

        var expected = await scenario(world);

        if (expected.InOtherPortal)
        {
            return;
        }

        var entries = await world.App.WithDbAsync(db => db.AuditEntries.AsNoTracking().Where(a => a.Action == action)
            .Select(a => new AuditRecordView(a.Id, a.Action, a.ActorId, a.TargetType, a.TargetId, a.Summary)).ToListAsync());
        Assert.True(entries.Any(expected.Matches),
            $"{action}: expected actor {expected.ActorId ?? "(system)"} on {expected.TargetType} {expected.TargetId}; found: "
            + (entries.Count == 0 ? "no entry" : string.Join("; ", entries.TakeLast(5).Select(e => $"actor {e.ActorId ?? "(system)"} on {e.TargetType} {e.TargetId}"))));
    }
}
