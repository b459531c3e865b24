using InterviewPortal.Tests.TestSupport;
using InterviewPortal.Web.Data;
using InterviewPortal.Web.Features.MiniProgram;
using InterviewPortal.Web.Setup;
using Microsoft.EntityFrameworkCore;

namespace InterviewPortal.Tests.Web.MiniProgram;

/// <summary>
/// The join's lookup and its join counts are SQL written from the EF model (JoinCommit). On SQLite every join test runs
/// them; on SQL Server, where no server is at hand, these check the statements are written in its dialect: bracketed
/// names, its parameters, no SQLite-only syntax. And on SQLite, that the counts find each invitation by its interview.
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
    public async Task OnSqlServer_TheJoinCountsAreWrittenInItsDialect()
    {
        await using var db = TestDb.SqlServerWithoutServer();

        Assert.Equal(
            "UPDATE [Invitations] SET [JoinCount] = [JoinCount] + @joins, [FirstJoinedAtUtc] = COALESCE([FirstJoinedAtUtc], @now) " +
            "WHERE [InterviewId] IN (@id0, @id1) AND [RevokedAtUtc] IS NULL",
            JoinCommit.CountJoinsStatement(db, 2));
    }

    [Fact]
    public async Task OnSqlite_TheJoinCountsFindEachInvitationByItsInterview_NotByWalkingEveryLiveInvitation()
    {
        await using var testDb = TestDb.Create();
        var options = new DbContextOptionsBuilder<SqliteDbContext>();
        DataSetup.ConfigureSqlite(options, testDb.ConnectionString);
        await using var db = new SqliteDbContext(options.Options);
        await db.Database.OpenConnectionAsync();
        await using var explain = db.Database.GetDbConnection().CreateCommand();
        explain.CommandText = "EXPLAIN QUERY PLAN " + JoinCommit.CountJoinsStatement(db, 3);
        foreach (var name in new[] { "joins", "now", "id0", "id1", "id2" })
        {
            var parameter = explain.CreateParameter();
            parameter.ParameterName = "@" + name;
            parameter.Value = DBNull.Value;
            explain.Parameters.Add(parameter);
        }

        var plan = new List<string>();
        await using (var reader = await explain.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                plan.Add(reader.GetString(3));
            }
        }

        var step = Assert.Single(plan);
        Assert.Contains("USING INDEX IX_Invitations_InterviewId_CreatedAtUtc (InterviewId=?)", step);
    }
}
