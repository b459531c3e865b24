using System.Data.Common;
using InterviewPortal.Domain.Audit;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace InterviewPortal.Web.Data;

/// <summary>
/// Keeps the audit trail append-only: tracked changes to existing entries are refused before anything is sent, and
/// any UPDATE or DELETE statement against the audit table (ExecuteUpdate/ExecuteDelete, raw SQL) is refused before it
/// reaches the database.
/// </summary>
public sealed class AuditGuard : DbCommandInterceptor
{
    public const string TableName = "AuditEntries";

    public static void RefuseChanges(ChangeTracker tracker)
    {
        foreach (var entry in tracker.Entries<AuditRecord>())
        {
            if (entry.State is Microsoft.EntityFrameworkCore.EntityState.Modified or Microsoft.EntityFrameworkCore.EntityState.Deleted)
            {
                throw new AuditTamperingException($"Audit entry {entry.Entity.Id} cannot be {entry.State.ToString().ToLowerInvariant()}: the audit trail is append-only.");
            }
        }
    }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        Check(command);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Check(command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Check(command);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Check(command);
        return ValueTask.FromResult(result);
    }

    private static void Check(DbCommand command)
    {
        if (!command.CommandText.Contains(TableName, StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        // A SaveChanges batch may insert an audit entry and update another table in one command: judge each statement.
        foreach (var statement in command.CommandText.Split(';'))
        {
            var s = statement.TrimStart();
            if ((s.StartsWith("UPDATE", StringComparison.OrdinalIgnoreCase) || s.StartsWith("DELETE", StringComparison.OrdinalIgnoreCase) || s.StartsWith("TRUNCATE", StringComparison.OrdinalIgnoreCase))
                && s.Contains(TableName, StringComparison.OrdinalIgnoreCase))
            {
                throw new AuditTamperingException("Statements that update or delete audit entries are refused: the audit trail is append-only.");
            }
        }
    }
}

public sealed class AuditTamperingException(string message) : InvalidOperationException(message);
