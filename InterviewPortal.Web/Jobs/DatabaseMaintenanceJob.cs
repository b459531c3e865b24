using Hangfire;
using InterviewPortal.Web.Data;
using InterviewPortal.Web.Setup;
using Microsoft.EntityFrameworkCore;

namespace InterviewPortal.Web.Jobs;

/// <summary>
/// Nightly database upkeep. SQLite: refresh the query planner's statistics and fold the WAL back into the database.
/// SQL Server: nothing to do here (index and statistics maintenance belongs to the DBA's plan). Safe to run twice.
/// </summary>
[DisableConcurrentExecution(timeoutInSeconds: 60)]
public sealed class DatabaseMaintenanceJob(IDbContextFactory<AppDbContext> dbFactory, DatabaseSettings database, ILogger<DatabaseMaintenanceJob> log)
{
    public const string Id = "database-maintenance";

    public async Task RunAsync(CancellationToken ct)
    {
        if (database.Provider != DatabaseProvider.Sqlite)
        {
            log.LogInformation("Database maintenance: nothing to do for {Provider}", database.Provider);
            return;
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.Database.OpenConnectionAsync(ct);
        await db.Database.ExecuteSqlRawAsync("PRAGMA optimize;", ct);
        var connection = db.Database.GetDbConnection();
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var busy = await reader.ReadAsync(ct) ? reader.GetInt32(0) : 0;
        log.LogInformation("Database maintenance done: PRAGMA optimize, WAL checkpoint (busy={Busy})", busy);
    }
}
