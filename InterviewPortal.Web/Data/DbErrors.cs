using Microsoft.EntityFrameworkCore;

namespace InterviewPortal.Web.Data;

public static class DbErrors
{
    /// <summary>A unique index refused the row (SQLite constraint 2067/1555, SQL Server 2601/2627).</summary>
    public static bool IsUniqueViolation(DbUpdateException ex) => ex.InnerException switch
    {
        Microsoft.Data.Sqlite.SqliteException s => s.SqliteExtendedErrorCode is 2067 or 1555,
        Microsoft.Data.SqlClient.SqlException s => s.Number is 2601 or 2627,
        _ => false,
    };
}
