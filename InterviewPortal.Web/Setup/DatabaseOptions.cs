using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;

namespace InterviewPortal.Web.Setup;

public enum DatabaseProvider
{
    Sqlite,
    SqlServer,
}

/// <summary>
/// How much of a SQLite database is kept close at hand (<c>Database:SqliteCacheMiB</c>, <c>Database:SqliteMmapMiB</c>).
/// SQLite's default page cache (2 MiB per connection) made a year-long report re-read its pages through the file
/// system on every run (a year of stage changes joined to applications: 60 ms, 20 ms with 16 MiB). The memory map is
/// off by default: every write that grows the file makes each pooled connection unmap and re-map it, and under the
/// join benchmark's writes that cost four times the join's own CPU (3.5 ms instead of 0.9 ms a join); a read-mostly
/// installation may still turn it on. A report's reads (a year of panel seats is 30+ MiB of index) map the file for
/// their own connection only, while they run (<c>Database:SqliteReportMmapMiB</c>, <see cref="Data.LargeReads"/>).
/// With <c>Database:SqliteBackgroundCheckpoint</c> (on unless set to false) the write-ahead log is copied into the file by
/// <see cref="Data.SqliteCheckpointer"/>, and the pool's connections checkpoint for themselves only past
/// <see cref="Data.SqliteCheckpointer.WriterFallbackPages"/> pages instead of SQLite's 1,000.
/// </summary>
public sealed record SqliteTuning(int CacheMiB, int MmapMiB, int ReportMmapMiB = 1024, bool BackgroundCheckpoint = true)
{
    public static readonly SqliteTuning Default = new(16, 0, 1024, true);

    /// <summary>SQLite's own checkpoint threshold, as it stays without the background checkpoint.</summary>
    public const int SqliteCheckpointPages = 1000;

    /// <summary>The log's size in pages past which a connection checkpoints after its own commit.</summary>
    public int WriterCheckpointPages => BackgroundCheckpoint ? Data.SqliteCheckpointer.WriterFallbackPages : SqliteCheckpointPages;

    public const int MaxCacheMiB = 4096;

    public const int MaxMmapMiB = 65536;

    /// <summary>The per-connection PRAGMAs (a negative cache_size is in KiB).</summary>
    public string Pragmas => $"PRAGMA cache_size=-{CacheMiB * 1024}; PRAGMA mmap_size={(long)MmapMiB * 1024 * 1024}; PRAGMA wal_autocheckpoint={WriterCheckpointPages};";
}

/// <summary>The resolved, validated database settings (<c>Database:*</c> and <c>ConnectionStrings:Portal</c>).</summary>
public sealed record DatabaseSettings(DatabaseProvider Provider, string ConnectionString, bool MigrateOnStartup, string? SqliteFilePath)
{
    public SqliteTuning Sqlite { get; init; } = SqliteTuning.Default;

    public const string DefaultSqliteConnectionString = "Data Source=db/interviewportal.db";

    /// <summary>
    /// Reads and checks the settings. A relative SQLite path is resolved against <paramref name="portalRoot"/>, never the
    /// current directory, so the same database is used however the portal is started.
    /// </summary>
    public static DatabaseSettings From(IConfiguration configuration, string portalRoot)
    {
        var providerText = configuration["Database:Provider"];
        DatabaseProvider provider;
        if (string.IsNullOrWhiteSpace(providerText))
        {
            provider = DatabaseProvider.Sqlite;
        }
        else if (!Enum.TryParse(providerText.Trim(), ignoreCase: true, out provider) || !Enum.IsDefined(provider) || int.TryParse(providerText, out _))
        {
            throw new PortalConfigurationException("Database:Provider",
                $"'{providerText}' is not supported. Allowed values: {string.Join(", ", Enum.GetNames<DatabaseProvider>())}.");
        }

        var connectionString = configuration.GetConnectionString("Portal");
        // Unset: the provider's default, below.
        bool? migrate = string.IsNullOrWhiteSpace(configuration["Database:MigrateOnStartup"]) ? null : Flag(configuration, "Database:MigrateOnStartup", false);

        switch (provider)
        {
            case DatabaseProvider.Sqlite:
            {
                SqliteConnectionStringBuilder builder;
                try
                {
                    builder = new SqliteConnectionStringBuilder(string.IsNullOrWhiteSpace(connectionString) ? DefaultSqliteConnectionString : connectionString);
                }
                catch (Exception ex) when (ex is ArgumentException or FormatException or KeyNotFoundException)
                {
                    throw new PortalConfigurationException("ConnectionStrings:Portal", $"not a valid SQLite connection string ({ex.Message}).");
                }

                if (string.IsNullOrWhiteSpace(builder.DataSource))
                {
                    throw new PortalConfigurationException("ConnectionStrings:Portal", "the SQLite connection string has no Data Source.");
                }

                string? file = null;
                if (builder.DataSource != ":memory:" && builder.Mode != SqliteOpenMode.Memory)
                {
                    file = Path.GetFullPath(builder.DataSource, portalRoot);
                    builder.DataSource = file;
                }

                builder.Pooling = true;
                // How long a write waits for SQLite's write lock before the user is told the portal is busy (30 s unless
                // the connection string says otherwise); 0 would mean forever, which only hides a stuck writer.
                if (builder.DefaultTimeout <= 0)
                {
                    builder.DefaultTimeout = 30;
                }

                return new DatabaseSettings(provider, builder.ToString(), migrate ?? true, file)
                {
                    Sqlite = new SqliteTuning(
                        Whole(configuration, "Database:SqliteCacheMiB", 1, SqliteTuning.MaxCacheMiB, SqliteTuning.Default.CacheMiB),
                        Whole(configuration, "Database:SqliteMmapMiB", 0, SqliteTuning.MaxMmapMiB, SqliteTuning.Default.MmapMiB),
                        Whole(configuration, "Database:SqliteReportMmapMiB", 0, SqliteTuning.MaxMmapMiB, SqliteTuning.Default.ReportMmapMiB),
                        Flag(configuration, "Database:SqliteBackgroundCheckpoint", SqliteTuning.Default.BackgroundCheckpoint)),
                };
            }

            default:
            {
                if (string.IsNullOrWhiteSpace(connectionString))
                {
                    throw new PortalConfigurationException("ConnectionStrings:Portal", "is required when Database:Provider is SqlServer.");
                }

                try
                {
                    var builder = new SqlConnectionStringBuilder(connectionString);
                    if (string.IsNullOrWhiteSpace(builder.DataSource))
                    {
                        throw new PortalConfigurationException("ConnectionStrings:Portal", "the SQL Server connection string has no Server/Data Source.");
                    }
                }
                catch (Exception ex) when (ex is ArgumentException or FormatException or KeyNotFoundException or InvalidOperationException)
                {
                    throw new PortalConfigurationException("ConnectionStrings:Portal", $"not a valid SQL Server connection string ({ex.Message}).");
                }

                return new DatabaseSettings(provider, connectionString, migrate ?? false, null);
            }
        }
    }

    private static bool Flag(IConfiguration configuration, string key, bool fallback)
    {
        var text = configuration[key];
        return string.IsNullOrWhiteSpace(text) ? fallback
            : bool.TryParse(text.Trim(), out var value) ? value
            : throw new PortalConfigurationException(key, $"'{text}' is not true or false.");
    }

    private static int Whole(IConfiguration configuration, string key, int min, int max, int fallback)
    {
        var text = configuration[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        return int.TryParse(text.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new PortalConfigurationException(key, $"'{text}' is not a whole number from {min} to {max}.");
    }
}
