using InterviewPortal.Domain;
using Microsoft.EntityFrameworkCore;

namespace InterviewPortal.Web.Data;

public static class DbErrors
{
    /// <summary>The message key of a write that gave up waiting for SQLite's write lock.</summary>
    public const string BusyMessageKey = "DatabaseBusy";

    /// <summary>A unique index refused the row (SQLite constraint 2067/1555, SQL Server 2601/2627).</summary>
    public static bool IsUniqueViolation(DbUpdateException ex) => ex.InnerException switch
    {
        Microsoft.Data.Sqlite.SqliteException s => s.SqliteExtendedErrorCode is 2067 or 1555,
        Microsoft.Data.SqlClient.SqlException s => s.Number is 2601 or 2627,
        _ => false,
    };

    /// <summary>
    /// SQLite's write lock stayed with another connection for the whole timeout: "database is locked" (SQLITE_BUSY,
    /// or SQLITE_LOCKED from a shared-cache database), raw or wrapped (a DbUpdateException), or already turned into the
    /// user's message by <see cref="Setup.DataSetup"/>. Waiting again at once only waits as long again.
    /// </summary>
    public static bool IsBusy(Exception ex)
    {
        for (Exception? e = ex; e is not null; e = e.InnerException)
        {
            if (e is Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 5 or 6 } or DomainException { MessageKey: BusyMessageKey })
            {
                return true;
            }
        }

        return false;
    }
}
