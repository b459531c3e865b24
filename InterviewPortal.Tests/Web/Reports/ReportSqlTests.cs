using InterviewPortal.Domain.Identity;
using InterviewPortal.Tests.TestSupport;
using InterviewPortal.Web.Data;
using InterviewPortal.Web.Features.Reports;
using InterviewPortal.Web.Features.Shared;
using InterviewPortal.Web.Setup;
using Microsoft.EntityFrameworkCore;

namespace InterviewPortal.Tests.Web.Reports;

/// <summary>
/// The SQL the reports send to SQL Server, read with ToQueryString (no server needed): the parts that differ from
/// SQLite's and would only fail on a live server with a year of data.
/// </summary>
public sealed class ReportSqlTests
{
    [Fact]
    public void TimeInStageAndScorecardTimeliness_OnSqlServer_JoinTheSecondsAsUnboundedText_SoAYearIsNotCutAt8000Bytes()
    {
        using var db = TestDb.SqlServerWithoutServer();
        var scope = ReportScope.For(new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31), TimeZoneInfo.Utc, DateTime.UtcNow);
        var hr = new Caller("hr", new HashSet<string> { Roles.HR }, null);

        foreach (var sql in new[] { ReportQueries.StageSecondsQuery(db, hr, scope).ToQueryString(), ReportQueries.SubmissionSecondsQuery(db, hr, scope).ToQueryString() })
        {
            Assert.Contains("STRING_AGG(", sql);
            Assert.Contains("AS nvarchar(max))", sql);
            Assert.DoesNotContain("varchar(11)", sql);
        }
    }

    [Fact]
    public async Task AReportsConnection_MapsTheFileWhileItReads_AndGoesBackToThePoolsSettingAfter()
    {
        var dir = Directory.CreateTempSubdirectory("ip-largereads-");
        try
        {
            var options = new DbContextOptionsBuilder<SqliteDbContext>();
            DataSetup.ConfigureSqlite(options, $"Data Source={Path.Combine(dir.FullName, "r.db")}");
            await using var db = new SqliteDbContext(options.Options);
            async Task<long> MmapAsync()
            {
                await using var cmd = db.Database.GetDbConnection().CreateCommand();
                cmd.CommandText = "PRAGMA mmap_size";
                return Convert.ToInt64(await cmd.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
            }

            long during;
            await using (await LargeReads.BeginAsync(db, SqliteTuning.Default))
            {
                during = await MmapAsync();
            }

            await db.Database.OpenConnectionAsync();
            var after = await MmapAsync();

            Assert.Equal(SqliteTuning.Default.ReportMmapMiB * 1024L * 1024, during);
            Assert.Equal(0, after);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void TheTextHelper_RefusesToRunOutsideAQuery()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => SqlText.Of(1));

        Assert.Contains("translated to SQL", ex.Message);
    }
}
