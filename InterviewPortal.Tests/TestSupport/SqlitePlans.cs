using InterviewPortal.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace InterviewPortal.Tests.TestSupport;

/// <summary>What SQLite's planner does with a LINQ query: the steps of <c>EXPLAIN QUERY PLAN</c>, in order.</summary>
public static class SqlitePlans
{
    public static async Task<List<string>> ReadAsync<T>(AppDbContext db, IQueryable<T> query)
    {
        await using var explain = query.CreateDbCommand();
        explain.CommandText = "EXPLAIN QUERY PLAN " + explain.CommandText;
        await db.Database.OpenConnectionAsync();
        explain.Connection = db.Database.GetDbConnection();
        var plan = new List<string>();
        await using var reader = await explain.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            plan.Add(reader.GetString(3));
        }

        return plan;
    }
}
