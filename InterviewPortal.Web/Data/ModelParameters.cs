using System.Data.Common;
using Microsoft.EntityFrameworkCore.Storage;

namespace InterviewPortal.Web.Data;

/// <summary>
/// Parameters for SQL written from the EF model (<see cref="BulkInsert"/>, the join counts), bound as SaveChanges would
/// bind the property: its type mapping, its value converter, the provider's Guid and date formats.
/// </summary>
internal static class ModelParameters
{
    /// <summary>A parameter named <paramref name="name"/> (without the provider's prefix), with no value yet.</summary>
    public static DbParameter Create(DbCommand command, ISqlGenerationHelper sql, RelationalTypeMapping mapping, string name, bool nullable) =>
        mapping.CreateParameter(command, sql.GenerateParameterName(name), null, nullable);

    /// <summary>The value as the provider stores it: through the mapping's converter, null as DBNull.</summary>
    public static object ProviderValue(RelationalTypeMapping mapping, object? value) =>
        (value is not null && mapping.Converter is { } converter ? converter.ConvertToProvider(value) : value) ?? DBNull.Value;
}
