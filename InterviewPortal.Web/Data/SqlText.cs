using System.Data;
using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query.SqlExpressions;
using Microsoft.EntityFrameworkCore.Storage;

namespace InterviewPortal.Web.Data;

/// <summary>
/// SQL the LINQ queries need and EF Core does not say the way each provider wants it. Only meaningful inside a query.
/// </summary>
public static class SqlText
{
    /// <summary>
    /// A number as text of unbounded length: <c>CAST(x AS TEXT)</c> on SQLite, <c>CAST(x AS nvarchar(max))</c> on SQL Server.
    /// EF Core's own <c>ToString()</c> gives <c>varchar(11)</c> on SQL Server, and <c>STRING_AGG</c> over that stops with an
    /// error past 8,000 bytes; over nvarchar(max) it has no such limit.
    /// </summary>
    public static string Of(long value) => throw new InvalidOperationException($"{nameof(SqlText)}.{nameof(Of)} is translated to SQL; it cannot run in memory.");

    /// <summary>The escape character of <see cref="Containing"/>'s patterns: <c>EF.Functions.Like(x, SqlText.Containing(t), SqlText.LikeEscape)</c>.</summary>
    public const string LikeEscape = "\\";

    /// <summary>
    /// A LIKE pattern finding <paramref name="text"/> anywhere, its wildcards (and SQL Server's <c>[</c>) taken literally.
    /// LIKE rather than <c>Contains</c>: SQLite's LIKE ignores the case of ASCII letters (its <c>instr</c> does not), and
    /// SQL Server's follows the column's case-insensitive collation either way.
    /// </summary>
    public static string Containing(string text) =>
        "%" + text.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_").Replace("[", "\\[") + "%";

    internal static void Register(ModelBuilder builder, bool sqlServer)
    {
        var text = new StringTypeMapping(sqlServer ? "nvarchar(max)" : "TEXT", DbType.String, unicode: true);
        builder.HasDbFunction(typeof(SqlText).GetMethod(nameof(Of))!)
            .HasTranslation(args => new SqlUnaryExpression(ExpressionType.Convert, args[0], typeof(string), text));
    }
}
