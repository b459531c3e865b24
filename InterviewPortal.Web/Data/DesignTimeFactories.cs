using InterviewPortal.Web.Setup;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace InterviewPortal.Web.Data;

// `dotnet ef` builds each provider's context here instead of running Program.cs, so migrations and scripts never need
// a server (the connection strings below are never opened) and never start the portal's side effects.
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteDbContext>
{
    public SqliteDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<SqliteDbContext>();
        DataSetup.ConfigureSqlite(options, "Data Source=design-time.db");
        return new SqliteDbContext(options.Options);
    }
}

internal sealed class SqlServerDesignTimeFactory : IDesignTimeDbContextFactory<SqlServerDbContext>
{
    public SqlServerDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<SqlServerDbContext>();
        DataSetup.ConfigureSqlServer(options, "Server=design-time;Database=InterviewPortal;Integrated Security=true;TrustServerCertificate=true");
        return new SqlServerDbContext(options.Options);
    }
}
