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
