using InterviewPortal.Tests.TestSupport;
using InterviewPortal.Web.Data;
using InterviewPortal.Web.Features.Audit;
using InterviewPortal.Domain.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace InterviewPortal.Tests.Web.Data;

public sealed class MigrationTests
{
    [Fact]
    public void Sqlite_HasNoPendingModelChanges()
    {
        using var db = new SqliteDesignTimeFactory().CreateDbContext([]);

        Assert.False(db.Database.HasPendingModelChanges(), "Run: dotnet ef migrations add <Name> --context SqliteDbContext -o Data/Migrations/Sqlite");
    }

    [Fact]
    public void SqlServer_HasNoPendingModelChanges()
    {
        using var db = new SqlServerDesignTimeFactory().CreateDbContext([]);

        Assert.False(db.Database.HasPendingModelChanges(), "Run: dotnet ef migrations add <Name> --context SqlServerDbContext -o Data/Migrations/SqlServer");
    }

    [Fact]
    public void SqlServer_CheckedInScriptIsWhatTheMigrationsGenerateToday()
    {
        using var db = new SqlServerDesignTimeFactory().CreateDbContext([]);
        var generated = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);
        var checkedIn = File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "db", "sqlserver", "migrate.sql"));

        Assert.True(Normalize(generated) == Normalize(checkedIn), "db/sqlserver/migrate.sql is stale. Regenerate it with .ci/sqlserver-script (see README).");
    }

    [Fact]
    public void BothProviders_HaveTheSameMigrationNames()
    {
        using var sqlite = new SqliteDesignTimeFactory().CreateDbContext([]);
        using var sqlServer = new SqlServerDesignTimeFactory().CreateDbContext([]);

        static IEnumerable<string> Names(DbContext db) => db.Database.GetMigrations().Select(m => m[15..]);

        Assert.Equal(Names(sqlite), Names(sqlServer));
    }

    [Fact]
    public async Task Sqlite_MigratesAnEmptyDatabaseToTheCurrentModel()
    {
        var dir = TestPaths.NewTempDirectory("migrate");
        var options = new DbContextOptionsBuilder<SqliteDbContext>();
        InterviewPortal.Web.Setup.DataSetup.ConfigureSqlite(options, $"Data Source={Path.Combine(dir, "m.db")};Pooling=false");
        await using var db = new SqliteDbContext(options.Options);

        await db.Database.MigrateAsync();

        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.Equal(0, await db.AuditEntries.CountAsync());
    }

    [Fact]
    public async Task SeatFeedbackTimeliness_FillsEachSeatFromItsFirstSubmittedScorecard_NotAnAmendment_NorADraft()
    {
        await using var db = await MigratedUpToBeforeAsync("SeatFeedbackTimeliness");

        // Three seats of one interview that ended at 10:00: A submitted at 16:00:30 and amended later, B submitted before
        // the end, C has only a draft. Rows written as the previous schema had them (foreign keys off: only seats matter).
        await db.Database.ExecuteSqlRawAsync(
            """
            PRAGMA foreign_keys = OFF;
            INSERT INTO InterviewInterviewers (InterviewId, UserId, StartUtc, EndUtc, CandidateId, PositionId, Round, Status)
            VALUES ('I1', 'A', '2026-03-02 09:00:00', '2026-03-02 10:00:00', 'C', 'P', 1, 2),
                   ('I1', 'B', '2026-03-02 09:00:00', '2026-03-02 10:00:00', 'C', 'P', 1, 2),
                   ('I1', 'C', '2026-03-02 09:00:00', '2026-03-02 10:00:00', 'C', 'P', 1, 2);
            INSERT INTO Scorecards (Id, InterviewId, InterviewerId, Version, Status, CreatedAtUtc, UpdatedAtUtc, SubmittedAtUtc)
            VALUES ('S1', 'I1', 'A', 1, 'Submitted', '2026-03-02 10:00:00', '2026-03-02 16:00:30', '2026-03-02 16:00:30'),
                   ('S2', 'I1', 'A', 2, 'Submitted', '2026-03-04 10:00:00', '2026-03-06 10:00:00', '2026-03-06 10:00:00'),
                   ('S3', 'I1', 'B', 1, 'Submitted', '2026-03-02 09:30:00', '2026-03-02 09:55:00', '2026-03-02 09:55:00'),
                   ('S4', 'I1', 'C', 1, 'Draft', '2026-03-02 10:00:00', '2026-03-02 11:00:00', NULL);
            PRAGMA foreign_keys = ON;
            """);

        await db.Database.MigrateAsync();

        var seats = await db.InterviewInterviewers.AsNoTracking().OrderBy(p => p.UserId)
            .Select(p => new { p.UserId, p.FeedbackSubmittedAtUtc, p.FeedbackDelaySeconds }).ToListAsync();
        Assert.Equal(
            [("A", (DateTime?)new DateTime(2026, 3, 2, 16, 0, 30), (int?)(6 * 3600 + 30)), ("B", new DateTime(2026, 3, 2, 9, 55, 0), 0), ("C", null, null)],
            seats.Select(p => (p.UserId, p.FeedbackSubmittedAtUtc, p.FeedbackDelaySeconds)));
    }

    [Fact]
    public async Task InterviewRecordingCoverage_FillsEachInterviewsLatestRecordingAnswer_AndWhetherARecordingStarted()
    {
        await using var db = await MigratedUpToBeforeAsync("InterviewRecordingCoverage");

        // I1: granted then withdrawn, recorded before the withdrawal. I2: granted (and a personal-data consent, kind 0,
        // refused later), a recording asked for that never started. I3: never asked.
        await db.Database.ExecuteSqlRawAsync(
            """
            PRAGMA foreign_keys = OFF;
            INSERT INTO Interviews (Id, CandidateId, PositionId, Round, StartUtc, EndUtc, DurationMinutes, OriginalStartUtc, CandidateTimeZone, Status, Version, VideoRoomId, CandidateReschedules, CreatedAtUtc)
            VALUES ('I1', 'C', 'P', 1, '2026-03-02 09:00:00', '2026-03-02 10:00:00', 60, '2026-03-02 09:00:00', 'Asia/Shanghai', 2, 1, 'r1', 0, '2026-03-01 00:00:00'),
                   ('I2', 'C', 'P', 1, '2026-03-03 09:00:00', '2026-03-03 10:00:00', 60, '2026-03-03 09:00:00', 'Asia/Shanghai', 2, 1, 'r2', 0, '2026-03-01 00:00:00'),
                   ('I3', 'C', 'P', 1, '2026-03-04 09:00:00', '2026-03-04 10:00:00', 60, '2026-03-04 09:00:00', 'Asia/Shanghai', 2, 1, 'r3', 0, '2026-03-01 00:00:00');
            INSERT INTO ConsentRecords (CandidateId, Kind, Granted, NoticeVersion, Channel, InterviewId, AtUtc)
            VALUES ('C', 1, 1, 'v1', 0, 'I1', '2026-03-02 08:50:00'), ('C', 1, 0, 'v1', 0, 'I1', '2026-03-02 08:55:00'),
                   ('C', 1, 1, 'v1', 0, 'I2', '2026-03-03 08:55:00'), ('C', 0, 0, 'v1', 0, 'I2', '2026-03-03 08:56:00');
            INSERT INTO Recordings (InterviewId, ClientTaskId, RoomSessionId, State, CreatedAtUtc, StartedAtUtc, StartAttempts, PartlyUploaded, DeletedFromStorage)
            VALUES ('I1', 'ivI1', '1', 4, '2026-03-02 08:50:00', '2026-03-02 09:01:00', 1, 0, 0),
                   ('I2', 'ivI2', '1', 5, '2026-03-03 09:00:00', NULL, 3, 0, 0);
            PRAGMA foreign_keys = ON;
            """);

        await db.Database.MigrateAsync();

        var byRoom = (await db.Interviews.AsNoTracking().Select(i => new { i.VideoRoomId, i.RecordingConsent, i.RecordingStarted }).ToListAsync())
            .OrderBy(i => i.VideoRoomId).Select(i => (i.VideoRoomId, i.RecordingConsent, i.RecordingStarted));
        Assert.Equal([("r1", (bool?)false, true), ("r2", true, false), ("r3", null, false)], byRoom);
    }

    [Fact]
    public async Task StageChangeDuration_FillsEachMoveWithTheSecondsSinceTheCandidatesPreviousMove()
    {
        await using var db = await MigratedUpToBeforeAsync("StageChangeDuration");

        // Candidate A: applied, screened 1 day 30 s later, interviewing 3 days after that. B (interleaved): applied only.
        await db.Database.ExecuteSqlRawAsync(
            """
            PRAGMA foreign_keys = OFF;
            INSERT INTO CandidateStageChanges (CandidateId, "From", "To", AtUtc, By, Reason)
            VALUES ('A', NULL, 0, '2026-03-02 09:00:00', 'hr', NULL), ('B', NULL, 0, '2026-03-02 12:00:00', 'hr', NULL),
                   ('A', 0, 1, '2026-03-03 09:00:30', 'hr', NULL), ('A', 1, 2, '2026-03-06 09:00:30', 'hr', NULL);
            PRAGMA foreign_keys = ON;
            """);

        await db.Database.MigrateAsync();

        var moves = await db.CandidateStageChanges.AsNoTracking().OrderBy(h => h.Id).Select(h => h.SecondsInFrom).ToListAsync();
        Assert.Equal([null, null, 86400 + 30, 3 * 86400], moves);
    }

    /// <summary>A new SQLite database migrated up to the migration before <paramref name="migration"/>, to seed old rows in.</summary>
    private static async Task<SqliteDbContext> MigratedUpToBeforeAsync(string migration)
    {
        var dir = TestPaths.NewTempDirectory("migrate-" + migration);
        var options = new DbContextOptionsBuilder<SqliteDbContext>();
        InterviewPortal.Web.Setup.DataSetup.ConfigureSqlite(options, $"Data Source={Path.Combine(dir, "m.db")};Pooling=false");
        var db = new SqliteDbContext(options.Options);
        var migrations = db.Database.GetMigrations().ToList();
        var target = migrations.Single(m => m.EndsWith("_" + migration, StringComparison.Ordinal));
        await db.GetService<IMigrator>().MigrateAsync(migrations[migrations.IndexOf(target) - 1]);
        return db;
    }

    [SqlServerFact]
    public async Task SqlServer_LiveDatabase_MigratesAndKeepsTheAuditChain()
    {
        var builder = new Microsoft.Data.SqlClient.SqlConnectionStringBuilder(Environment.GetEnvironmentVariable(SqlServerFactAttribute.Variable))
        {
            InitialCatalog = $"InterviewPortalTest_{Guid.NewGuid():N}",
        };
        var options = new DbContextOptionsBuilder<SqlServerDbContext>();
        InterviewPortal.Web.Setup.DataSetup.ConfigureSqlServer(options, builder.ConnectionString);
        await using var db = new SqlServerDbContext(options.Options);
        try
        {
            await db.Database.MigrateAsync();
            var first = AuditRecord.Append(null, new AuditEvent(AuditActions.AuditVerified), DateTime.UtcNow);
            db.AuditEntries.Add(first);
            await db.SaveChangesAsync();
            db.ChangeTracker.Clear();
            var stored = await db.AuditEntries.AsNoTracking().SingleAsync();
            Assert.Equal(first.Hash, stored.ComputeHash());
        }
        finally
        {
            await db.Database.EnsureDeletedAsync();
        }
    }

    private static string Normalize(string sql) => sql.Replace("\r\n", "\n").Trim();
}
