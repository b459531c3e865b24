using System.Data.Common;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace InterviewPortal.Web.Data;

/// <summary>
/// Inserts for imports of thousands of rows, in the context's current transaction. SaveChanges tracks every entity and,
/// on SQLite, parses one new statement per row, which makes a 10,000-candidate import take seconds; this reuses one
/// prepared INSERT per table (SQLite, in process) or sends up to 2,000 parameters per statement (SQL Server, where a
/// round trip is the cost). Table, columns and parameter types (value converters, the providers' Guid and DateTime
/// formats) come from the EF model, as SaveChanges would write them. Nothing is tracked or read back, so it takes
/// entities whose keys the caller sets or the database generates (identity), without owned or complex types.
/// </summary>
public static class BulkInsert
{
    // SQL Server takes at most 2,100 parameters per command and 1,000 rows per VALUES list.
    private const int MaxParameters = 2000;
    private const int MaxRowsPerStatement = 1000;

    public static Task BulkInsertAsync<T>(this AppDbContext db, IReadOnlyList<T> rows, CancellationToken ct)
        where T : class
    {
        if (typeof(T) == typeof(Domain.Audit.AuditRecord))
        {
            throw new NotSupportedException("Audit entries are appended through AuditTrail: each links to the previous one.");
        }

        return InsertAsync(db, rows, ct);
    }

    /// <summary>For <see cref="Features.Audit.AuditTrail"/> only: entries it has chained, inserted in its transaction.</summary>
    internal static Task InsertChainedAuditEntriesAsync(AppDbContext db, IReadOnlyList<Domain.Audit.AuditRecord> records, CancellationToken ct) =>
        InsertAsync(db, records, ct);

    private static async Task InsertAsync<T>(AppDbContext db, IReadOnlyList<T> rows, CancellationToken ct)
        where T : class
    {
        if (rows.Count == 0)
        {
            return;
        }

        var transaction = db.Database.CurrentTransaction?.GetDbTransaction() ?? throw new InvalidOperationException("BulkInsertAsync needs a transaction.");
        var table = ModelTable.For<T>(db);
        var columns = Columns(table.Entity);
        var sql = table.Sql;
        var head = $"INSERT INTO {table.Name} ({string.Join(", ", columns.Select(table.Column))}) VALUES ";
        var getters = columns.Select(c => c.GetGetter()).ToArray();
        var mappings = columns.Select(c => c.GetRelationalTypeMapping()).ToArray();

        // SQLite binds parameters by name with a linear search and keeps a command's prepared statement: one row per
        // execution of one command is its fastest form.
        var rowsPerStatement = db.Database.IsSqlite() ? 1 : Math.Min(MaxRowsPerStatement, MaxParameters / columns.Count);

        DbCommand Command(int count)
        {
            var command = db.Database.GetDbConnection().CreateCommand();
            command.Transaction = transaction;
            var text = new StringBuilder(head);
            for (var r = 0; r < count; r++)
            {
                text.Append(r == 0 ? "(" : ", (");
                for (var c = 0; c < columns.Count; c++)
                {
                    var name = "p" + ((r * columns.Count) + c);
                    command.Parameters.Add(ModelParameters.Create(command, sql, mappings[c], name, columns[c].IsNullable));
                    text.Append(c == 0 ? "" : ", ").Append(sql.GenerateParameterNamePlaceholder(name));
                }

                text.Append(')');
            }

            command.CommandText = text.ToString();
            return command;
        }

        DbCommand? full = null;
        try
        {
            for (var start = 0; start < rows.Count; start += rowsPerStatement)
            {
                var count = Math.Min(rowsPerStatement, rows.Count - start);
                var command = count == rowsPerStatement ? full ??= Command(count) : Command(count);
                for (var r = 0; r < count; r++)
                {
                    for (var c = 0; c < columns.Count; c++)
                    {
                        command.Parameters[(r * columns.Count) + c].Value = ModelParameters.ProviderValue(mappings[c], getters[c].GetClrValue(rows[start + r]));
                    }
                }

                await command.ExecuteNonQueryAsync(ct);
                if (command != full)
                {
                    await command.DisposeAsync();
                }
            }
        }
        finally
        {
            if (full is not null)
            {
                await full.DisposeAsync();
            }
        }
    }

    private static List<IProperty> Columns(IEntityType entity)
    {
        if (entity.GetNavigations().Any(n => n.TargetEntityType.IsOwned()) || entity.GetComplexProperties().Any())
        {
            throw new NotSupportedException($"{entity.DisplayName()}: owned and complex types are not supported.");
        }

        var columns = new List<IProperty>();
        foreach (var p in entity.GetProperties())
        {
            if (p.IsShadowProperty())
            {
                throw new NotSupportedException($"{entity.DisplayName()}.{p.Name}: shadow properties are not supported.");
            }

            if (p.ValueGenerated == ValueGenerated.Never)
            {
                columns.Add(p);
            }
            else if (!p.IsPrimaryKey() || (p.ClrType != typeof(long) && p.ClrType != typeof(int)))
            {
                throw new NotSupportedException($"{entity.DisplayName()}.{p.Name}: only identity keys may be generated by the database.");
            }
        }

        return columns;
    }
}
