using InterviewPortal.Tests.TestSupport;
using InterviewPortal.Web.Features.MiniProgram;

namespace InterviewPortal.Tests.Web.MiniProgram;

/// <summary>
/// The join's lookup is SQL written from the EF model (JoinCommit.JoinLookup). On SQLite every join test runs it; on SQL
/// Server, where no server is at hand, this checks the statement is written in its dialect: bracketed names, its
/// parameters, no SQLite-only syntax.
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
}
