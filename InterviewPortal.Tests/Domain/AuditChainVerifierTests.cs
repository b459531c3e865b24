using System.Reflection;
using InterviewPortal.Domain.Audit;

namespace InterviewPortal.Tests.Domain;

public sealed class AuditChainVerifierTests
{
    private static readonly DateTime T0 = new(2026, 11, 25, 8, 0, 0, DateTimeKind.Utc);

    private static List<AuditRecord> Chain(int n)
    {
        var list = new List<AuditRecord>();
        for (var i = 0; i < n; i++)
        {
            list.Add(AuditRecord.Append(list.LastOrDefault(), new AuditEvent($"Action{i}", "T", i.ToString()), T0.AddMinutes(i)));
        }

        return list;
    }

    private static AuditChainReport Verify(IEnumerable<AuditRecord> records)
    {
        var verifier = new AuditChainVerifier();
        foreach (var r in records)
        {
            if (!verifier.Check(r))
            {
                break;
            }
        }

        return verifier.Result();
    }

    private static void Set(AuditRecord record, string property, object? value) =>
        typeof(AuditRecord).GetProperty(property, BindingFlags.Public | BindingFlags.Instance)!.SetValue(record, value);

    [Fact]
    public void Verify_ReportsIntact_ForAnUntouchedChain()
    {
        var report = Verify(Chain(10));

        Assert.True(report.IsIntact);
        Assert.Equal(10, report.EntriesChecked);
        Assert.Null(report.FirstBrokenId);
    }

    [Fact]
    public void Verify_ReportsIntact_ForAnEmptyTrail()
    {
        Assert.True(Verify([]).IsIntact);
    }

    [Fact]
    public void Verify_NamesTheEditedEntry_WhenContentChanged()
    {
        var chain = Chain(10);
        Set(chain[6], nameof(AuditRecord.Summary), "edited");

        var report = Verify(chain);

        Assert.False(report.IsIntact);
        Assert.Equal(7, report.FirstBrokenId);
        Assert.Equal("AuditProblemContentChanged", report.Problem);
    }

    [Fact]
    public void Verify_NamesTheNextEntry_WhenAnEntryWasRehashedAfterEditing()
    {
        var chain = Chain(5);
        Set(chain[1], nameof(AuditRecord.Action), "Forged");
        Set(chain[1], nameof(AuditRecord.Hash), chain[1].ComputeHash());

        var report = Verify(chain);

        Assert.Equal(3, report.FirstBrokenId);
        Assert.Equal("AuditProblemBrokenLink", report.Problem);
    }

    [Fact]
    public void Verify_NamesTheMissingId_WhenAnEntryWasDeleted()
    {
        var chain = Chain(5);
        chain.RemoveAt(2);

        var report = Verify(chain);

        Assert.Equal(3, report.FirstBrokenId);
        Assert.Equal("AuditProblemMissingEntry", report.Problem);
    }
}
