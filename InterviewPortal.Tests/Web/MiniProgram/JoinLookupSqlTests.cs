using InterviewPortal.Tests.TestSupport;
using InterviewPortal.Web.Data;
using InterviewPortal.Web.Features.MiniProgram;
using InterviewPortal.Web.Setup;
using Microsoft.EntityFrameworkCore;

namespace InterviewPortal.Tests.Web.MiniProgram;

/// <summary>
/// The join's lookup is SQL written from the EF model (JoinCommit). On SQLite every join test runs it; on SQL Server,
/// where no server is at hand, this checks the statement is written in its dialect: bracketed names, its parameters, no
/// SQLite-only syntax. And on SQLite, that an invitation's joins are counted from the audit trail through its index.
/// </summary>
public sealed class JoinLookupSqlTests
{
    [Fact]
    public async Task OnSqlServer_TheLookupIsWrittenInItsDialect_WithTheModelsTablesAndColumns()
    {
        await using var db = TestDb.SqlServerWithoutServer();
        await using var lookup = JoinCommit.JoinLookup.Create(db);

        Assert.Equal(
            "SELECT s.[OpenId], s.[ExpiresAtUtc], i.[Id], i.[CandidateId], i.[Status], i.[StartUtc], i.[EndUtc], i.[VideoRoomId] " +
            "FROM [MiniProgramSessions] AS s " +
            "LEFT JOIN [Interviews] AS i ON i.[Id] = @interview AND EXISTS (SELECT 1 FROM [Candidates] AS c WHERE c.[Id] = i.[CandidateId] AND c.[WeChatOpenId] = s.[OpenId]) " +
            "WHERE s.[TokenHash] = @hash",
            lookup.Sql);
    }

    [Fact]
    public async Task OnSqlite_TheJoinsOfAnInvitation_AreFoundThroughTheTrailsTargetIndex_NotByWalkingTheTrail()
    {
        await using var testDb = TestDb.Create();
        var options = new DbContextOptionsBuilder<SqliteDbContext>();
        DataSetup.ConfigureSqlite(options, testDb.ConnectionString);
        await using var db = new SqliteDbContext(options.Options);
        await db.Database.MigrateAsync();
        await using var explain = JoinCommit.CandidateEntries(db, Guid.NewGuid(), DateTime.UtcNow.AddDays(-1), DateTime.MaxValue).CreateDbCommand();
        explain.CommandText = "EXPLAIN QUERY PLAN " + explain.CommandText;
        await db.Database.OpenConnectionAsync();
        explain.Connection = db.Database.GetDbConnection();

        var plan = new List<string>();
        await using (var reader = await explain.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                plan.Add(reader.GetString(3));
            }
        }

        Assert.Contains(plan, step => step.Contains("USING INDEX IX_AuditEntries_TargetType_TargetId (TargetType=? AND TargetId=?)", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, step => step.StartsWith("SCAN", StringComparison.Ordinal));
    }
}
