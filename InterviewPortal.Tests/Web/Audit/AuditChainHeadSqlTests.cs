using InterviewPortal.Tests.TestSupport;
using InterviewPortal.Web.Data;
using InterviewPortal.Web.Features.Audit;
using InterviewPortal.Web.Setup;
using Microsoft.EntityFrameworkCore;

namespace InterviewPortal.Tests.Web.Audit;

/// <summary>
/// Every append reads the chain's head with SQL written from the EF model (<see cref="AuditTrail"/>). On SQLite every
/// audit test runs it; these check that each provider gets its own way of asking for the last row.
/// </summary>
public sealed class AuditChainHeadSqlTests
{
    [Fact]
    public async Task OnSqlServer_TheHeadIsTheTopRowByNumber_InItsDialect()
    {
        await using var db = TestDb.SqlServerWithoutServer();

        Assert.Equal("SELECT TOP(1) [Id], [Hash] FROM [AuditEntries] ORDER BY [Id] DESC", AuditTrail.ChainHeadStatement(db));
    }

    [Fact]
    public async Task OnSqlite_TheHeadIsTheLastRowByNumber_WithLimit()
    {
        var options = new DbContextOptionsBuilder<SqliteDbContext>();
        DataSetup.ConfigureSqlite(options, "Data Source=:memory:");
        await using var db = new SqliteDbContext(options.Options);

        Assert.Equal("SELECT \"Id\", \"Hash\" FROM \"AuditEntries\" ORDER BY \"Id\" DESC LIMIT 1", AuditTrail.ChainHeadStatement(db));
    }
}
