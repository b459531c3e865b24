using InterviewPortal.Web.Setup;
using Microsoft.EntityFrameworkCore;

namespace InterviewPortal.Web.Data;

/// <summary>
/// Serializes a read-then-write inside the caller's transaction (the audit chain's next entry, an interviewer's free
/// slot). SQLite: Microsoft.Data.Sqlite begins transactions IMMEDIATE, so the write lock is already held. SQL Server:
/// an exclusive application lock owned by the transaction.
/// </summary>
public static class WriteLock
{
    public static async Task TakeAsync(AppDbContext db, DatabaseSettings database, string resource, CancellationToken ct)
    {
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("WriteLock.TakeAsync needs a transaction.");
        }

        if (database.Provider == DatabaseProvider.SqlServer)
        {
            await db.Database.ExecuteSqlAsync(
                $"DECLARE @r int; EXEC @r = sp_getapplock @Resource = {resource}, @LockMode = 'Exclusive', @LockOwner = 'Transaction', @LockTimeout = 30000; IF @r < 0 THROW 51000, 'Lock not granted', 1;", ct);
        }
    }
}
