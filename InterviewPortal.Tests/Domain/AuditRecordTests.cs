using InterviewPortal.Domain.Audit;

namespace InterviewPortal.Tests.Domain;

public sealed class AuditRecordTests
{
    private static readonly DateTime T0 = new(2026, 11, 25, 8, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Append_ChainsEachEntryToThePreviousHash()
    {
        var first = AuditRecord.Append(null, new AuditEvent("A"), T0);
        var second = AuditRecord.Append(first, new AuditEvent("B"), T0.AddSeconds(1));

        Assert.Equal(1, first.Id);
        Assert.Equal(AuditRecord.GenesisHash, first.PreviousHash);
        Assert.Equal(2, second.Id);
        Assert.Equal(first.Hash, second.PreviousHash);
        Assert.Equal(64, second.Hash.Length);
        Assert.Equal(second.Hash, second.ComputeHash());
    }

    [Fact]
    public void Hash_IsSha256OfTheCanonicalContent()
    {
        var record = AuditRecord.Append(null, new AuditEvent("User.Created", "User", "u1", "roles: HR") { ActorId = "a1" }, T0);
        var expected = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(record.CanonicalContent())));

        Assert.Equal(expected, record.Hash);
    }

    [Theory]
    [InlineData("张三 → 李四, 面试官出差")]
    [InlineData("emoji 😀 and a lone surrogate \ud800 here")]
    [InlineData("")]
    [InlineData(null)]
    public void ComputeHash_WritesExactlyTheCanonicalContentsUtf8_WhateverTheText(string? text)
    {
        var record = AuditRecord.Append(null, new AuditEvent("Candidate.Updated", "Candidate", text, text) { ActorId = text, ActorRole = "HR", UserAgent = text, IpAddress = "::1" }, T0);
        var expected = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(record.CanonicalContent())));

        Assert.Equal(expected, record.ComputeHash());
    }

    [Fact]
    public void CanonicalContent_DistinguishesFieldBoundaries()
    {
        // Without length prefixes, moving text from one field to the next would hash alike.
        var a = AuditRecord.Append(null, new AuditEvent("X", "ab", "c"), T0);
        var b = AuditRecord.Append(null, new AuditEvent("X", "a", "bc"), T0);

        Assert.NotEqual(a.Hash, b.Hash);
    }

    [Fact]
    public void CanonicalContent_DistinguishesNullFromEmpty()
    {
        var a = AuditRecord.Append(null, new AuditEvent("X", null), T0);
        var b = AuditRecord.Append(null, new AuditEvent("X", ""), T0);

        Assert.NotEqual(a.Hash, b.Hash);
    }

    [Fact]
    public void Append_RefusesLocalTime()
    {
        Assert.Throws<ArgumentException>(() => AuditRecord.Append(null, new AuditEvent("X"), DateTime.Now));
    }

    [Fact]
    public void Append_ClipsOverlongFieldsToTheirColumnSize()
    {
        var record = AuditRecord.Append(null, new AuditEvent("X", Summary: new string('s', 5000)) { UserAgent = new string('u', 900) }, T0);

        Assert.Equal(2000, record.Summary!.Length);
        Assert.Equal(512, record.UserAgent!.Length);
    }
}
