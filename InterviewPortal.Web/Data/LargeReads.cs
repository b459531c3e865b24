using InterviewPortal.Web.Setup;
using Microsoft.EntityFrameworkCore;

namespace InterviewPortal.Web.Data;

/// <summary>
/// A read of a large part of the database (a report over a year) on SQLite: for as long as it runs, its connection reads
/// the file through a memory map (<see cref="SqliteTuning.ReportMmapMiB"/>) instead of copying every page through the
/// page cache, then goes back to the connection's own setting before it returns to the pool. Only this connection maps
/// the file, and only for the read: a mapped connection re-maps whenever another one's writes grow the file, which is
/// why the pool's connections do not (see <see cref="SqliteTuning"/>). Nothing to do on SQL Server.
/// </summary>
public sealed class LargeReads : IAsyncDisposable
{
    private readonly AppDbContext? _db;
    private readonly long _restoreBytes;

    private LargeReads(AppDbContext? db, long restoreBytes) => (_db, _restoreBytes) = (db, restoreBytes);

    public static async Task<LargeReads> BeginAsync(AppDbContext db, SqliteTuning tuning, CancellationToken ct = default)
    {
        if (!db.Database.IsSqlite() || tuning.ReportMmapMiB <= tuning.MmapMiB)
        {
            return new LargeReads(null, 0);
        }

        await db.Database.OpenConnectionAsync(ct);
        await SetAsync(db, tuning.ReportMmapMiB * 1024L * 1024, ct);
        return new LargeReads(db, tuning.MmapMiB * 1024L * 1024);
    }

    public async ValueTask DisposeAsync()
    {
        if (_db is not null)
        {
            // Not the caller's token: the setting goes back even when the read was cancelled.
            await SetAsync(_db, _restoreBytes, CancellationToken.None);
            await _db.Database.CloseConnectionAsync();
        }
    }

    private static async Task SetAsync(AppDbContext db, long bytes, CancellationToken ct)
    {
        await using var cmd = db.Database.GetDbConnection().CreateCommand();
        cmd.CommandText = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"PRAGMA mmap_size={bytes}");
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
