using InterviewPortal.Web.Data;
using InterviewPortal.Web.Setup;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;

namespace InterviewPortal.Tests.TestSupport;

/// <summary>
/// A private in-memory SQLite database with the real migrations applied. It lives while this object keeps its
/// connection open; every context from the portal's factory opens its own connection to the same database.
/// </summary>
public sealed class TestDb : IAsyncDisposable
{
    private readonly SqliteConnection _keepAlive;

    private TestDb(string connectionString)
    {
        ConnectionString = connectionString;
        _keepAlive = new SqliteConnection(connectionString);
        Settings = DatabaseSettings.From(
            new ConfigurationBuilder().AddInMemoryCollection([new("ConnectionStrings:Portal", connectionString)]).Build(),
            TestPaths.RepositoryRoot);
    }

    public string ConnectionString { get; }

    public DatabaseSettings Settings { get; }

    public static TestDb Create()
    {
        var db = new TestDb($"Data Source=testdb-{Guid.NewGuid():N};Mode=Memory;Cache=Shared");
        db._keepAlive.Open();
        var options = new DbContextOptionsBuilder<SqliteDbContext>();
        DataSetup.ConfigureSqlite(options, db.ConnectionString);
        using var context = new SqliteDbContext(options.Options);
        context.Database.Migrate();
        return db;
    }

    /// <summary>
    /// A SQL Server context configured as the portal configures it, pointing at no server: for the SQL the portal writes
    /// for SQL Server (its model, its dialect), checked without connecting.
    /// </summary>
    public static SqlServerDbContext SqlServerWithoutServer()
    {
        var options = new DbContextOptionsBuilder<SqlServerDbContext>();
        DataSetup.ConfigureSqlServer(options, "Server=nowhere;Database=portal;Integrated Security=true;TrustServerCertificate=true");
        return new SqlServerDbContext(options.Options);
    }

    public async ValueTask DisposeAsync() => await _keepAlive.DisposeAsync();
}
