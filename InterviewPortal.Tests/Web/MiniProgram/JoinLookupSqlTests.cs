using InterviewPortal.Tests.TestSupport;
using InterviewPortal.Web.Data;
using InterviewPortal.Web.Features.Audit;
using InterviewPortal.Web.Features.MiniProgram;
using InterviewPortal.Web.Setup;
using Microsoft.EntityFrameworkCore;

namespace InterviewPortal.Tests.Web.MiniProgram;

/// <summary>
/// The join's lookup is SQL written from the EF model (JoinCommit). On SQLite every join test runs it; on SQL Server,
/// where no server is at hand, this checks the statement is written in its dialect: bracketed names, its parameters, no
/// SQLite-only syntax. And on SQLite, that an invitation's joins are found through the audit trail's search index.
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
    public async Task OnSqlite_TheJoinsOfAnInvitation_AreFoundThroughTheTrailsSearchIndex_AndItsNewestEntriesByNumber_NotByWalkingTheTrail()
    {
        await using var testDb = TestDb.Create();
        var options = new DbContextOptionsBuilder<SqliteDbContext>();
        DataSetup.ConfigureSqlite(options, testDb.ConnectionString);
        await using var db = new SqliteDbContext(options.Options);
        var span = new AuditIndexSpan(IndexedThrough: 1_000, Head: 1_200);
        var plan = await SqlitePlans.ReadAsync(db, JoinCommit.CandidateEntries(db, span, Guid.NewGuid(), DateTime.UtcNow.AddDays(-1), DateTime.MaxValue));

        // The indexed part: the interview's keys in the search index, each entry by its number. The newer part: the
        // entries after the index's progress, by number. With the time in the query SQLite would otherwise take the
        // (AtUtc) index, which walks every entry of the invitation's period.
        Assert.Contains(plan, step => step.Contains("USING COVERING INDEX sqlite_autoindex_AuditIndex_1 (Kind=? AND Key=? AND EntryId<?)", StringComparison.Ordinal));
        Assert.Contains(plan, step => step.Contains("USING INTEGER PRIMARY KEY (rowid=?)", StringComparison.Ordinal));
        Assert.Contains(plan, step => step.Contains("USING INTEGER PRIMARY KEY (rowid>? AND rowid<?)", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, step => step.StartsWith("SCAN", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, step => step.Contains("IX_AuditEntries", StringComparison.Ordinal));
    }
}
