using Microsoft.EntityFrameworkCore;

namespace InterviewPortal.Web.Data;

/// <summary>
/// The SQLite query planner's statistics (sqlite_stat1). Without them SQLite treats every indexed equality as equally
/// selective and may walk 130,000 "Completed" interviews to find one position's twelve. ANALYZE with an analysis limit
/// samples each index (milliseconds even on a large file), so the portal refreshes them nightly and at start-up when a
/// large database has none (a bulk load, a restored copy).
/// </summary>
public static class SqliteStatistics
{
    /// <summary>Rows an index is sampled on (SQLite's recommended approximate ANALYZE).</summary>
    public const int AnalysisLimit = 1000;

    /// <summary>Below this many interviews a database is young: statistics from it would mislead the planner later.</summary>
    public const int MinimumInterviews = 5000;

    /// <summary>Runs ANALYZE (sampled); returns the time it took.</summary>
    public static async Task<TimeSpan> RefreshAsync(AppDbContext db, CancellationToken ct = default)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await db.Database.ExecuteSqlRawAsync($"PRAGMA analysis_limit={AnalysisLimit}; ANALYZE;", ct);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        return System.Diagnostics.Stopwatch.GetElapsedTime(started);
    }

    /// <summary>True when the database is large enough to need statistics and has none.</summary>
    public static async Task<bool> MissingAsync(AppDbContext db, CancellationToken ct = default)
    {
        var hasStats = await db.Database.SqlQueryRaw<int>("SELECT count(*) AS \"Value\" FROM sqlite_schema WHERE name = 'sqlite_stat1'").SingleAsync(ct) > 0
            && await db.Database.SqlQueryRaw<int>("SELECT count(*) AS \"Value\" FROM sqlite_stat1").SingleAsync(ct) > 0;
        return !hasStats && await db.Interviews.CountAsync(ct) >= MinimumInterviews;
    }
}
