using System.Diagnostics;
using InterviewPortal.Tests.TestSupport;
using InterviewPortal.Web.Features.Identity;
using InterviewPortal.Web.Setup;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;

namespace InterviewPortal.Tests.Web.Shell;

public sealed class ConfigurationTests
{
    private static IConfiguration Config(params (string Key, string? Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    [Fact]
    public void Sqlite_IsTheDefault_AndItsRelativePathResolvesAgainstThePortalRoot()
    {
        var settings = DatabaseSettings.From(Config(), "/srv/portal");

        Assert.Equal(DatabaseProvider.Sqlite, settings.Provider);
        Assert.Equal("/srv/portal/db/interviewportal.db", settings.SqliteFilePath);
        Assert.True(settings.MigrateOnStartup);
    }

    [Theory]
    [InlineData(null, 30)]
    [InlineData("Default Timeout=5", 5)]
    [InlineData("Default Timeout=120", 120)]
    // 0 is Microsoft.Data.Sqlite's "wait forever": a stuck writer would hang every write behind it.
    [InlineData("Default Timeout=0", 30)]
    public void SqlitesWaitForTheWriteLock_IsTheConnectionStringsDefaultTimeout_ThirtySecondsUnlessSet(string? option, int seconds)
    {
        var settings = DatabaseSettings.From(Config(("ConnectionStrings:Portal", "Data Source=db/p.db" + (option is null ? "" : ";" + option))), "/srv/portal");

        Assert.Equal(seconds, new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(settings.ConnectionString).DefaultTimeout);
    }

    [Fact]
    public void PortalRoot_IsTheRepositoryRoot_WhenRunFromAClone()
    {
        var root = PortalPaths.Root(Path.Combine(TestPaths.RepositoryRoot, "InterviewPortal.Web"));

        Assert.Equal(TestPaths.RepositoryRoot, root);
    }

    [Fact]
    public void UnknownProvider_NamesTheSettingAndTheAllowedValues()
    {
        var ex = Assert.Throws<PortalConfigurationException>(() => DatabaseSettings.From(Config(("Database:Provider", "Oracle")), "/srv"));

        Assert.Equal("Database:Provider", ex.Setting);
        Assert.Contains("Sqlite, SqlServer", ex.Message);
    }

    [Theory]
    [InlineData("Database:SqliteCacheMiB", "0")]
    [InlineData("Database:SqliteCacheMiB", "lots")]
    [InlineData("Database:SqliteMmapMiB", "-1")]
    [InlineData("Database:SqliteMmapMiB", "70000")]
    public void SqliteCacheAndMemoryMap_OutOfRangeOrNotANumber_NameTheSettingAndTheRange(string key, string value)
    {
        var ex = Assert.Throws<PortalConfigurationException>(() => DatabaseSettings.From(Config((key, value)), "/srv"));

        Assert.Equal(key, ex.Setting);
        Assert.Contains("whole number from", ex.Message);
    }

    [Theory]
    [InlineData("Database:SqliteBackgroundCheckpoint", "sometimes")]
    [InlineData("Database:MigrateOnStartup", "1")]
    public void OnOffSettings_OtherThanTrueOrFalse_NameTheSetting(string key, string value)
    {
        var ex = Assert.Throws<PortalConfigurationException>(() => DatabaseSettings.From(Config((key, value)), "/srv"));

        Assert.Equal(key, ex.Setting);
        Assert.Contains("is not true or false", ex.Message);
    }

    [Fact]
    public async Task SqliteConnections_UseTheConfiguredPageCacheMemoryMapAndCheckpointThreshold_AndTheDefaultsWhenUnset()
    {
        var dir = Directory.CreateTempSubdirectory("ip-tuning-");
        try
        {
            // A file each: the settings turn pooling on, and a pooled native connection keeps the PRAGMAs it was opened with.
            async Task<(long Cache, long Mmap, long Checkpoint)> ReadAsync(params (string Key, string? Value)[] values)
            {
                var settings = DatabaseSettings.From(Config([("ConnectionStrings:Portal", $"Data Source={Path.Combine(dir.FullName, $"{values.Length}.db")}"), .. values]), dir.FullName);
                var options = new Microsoft.EntityFrameworkCore.DbContextOptionsBuilder<InterviewPortal.Web.Data.SqliteDbContext>();
                DataSetup.ConfigureSqlite(options, settings.ConnectionString, settings.Sqlite);
                await using var db = new InterviewPortal.Web.Data.SqliteDbContext(options.Options);
                await db.Database.OpenConnectionAsync();
                long Pragma(string name)
                {
                    using var cmd = db.Database.GetDbConnection().CreateCommand();
                    cmd.CommandText = $"PRAGMA {name}";
                    return Convert.ToInt64(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
                }

                return (Pragma("cache_size"), Pragma("mmap_size"), Pragma("wal_autocheckpoint"));
            }

            // With the background checkpoint (the default) the pool's connections checkpoint only as a fallback; without it, as SQLite does.
            Assert.Equal((-16 * 1024L, 0L, InterviewPortal.Web.Data.SqliteCheckpointer.WriterFallbackPages), await ReadAsync());
            Assert.Equal((-64 * 1024L, 256L * 1024 * 1024, 1000L), await ReadAsync(("Database:SqliteCacheMiB", "64"), ("Database:SqliteMmapMiB", "256"), ("Database:SqliteBackgroundCheckpoint", "false")));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void SqlServer_WithoutConnectionString_NamesTheConnectionString()
    {
        var ex = Assert.Throws<PortalConfigurationException>(() => DatabaseSettings.From(Config(("Database:Provider", "SqlServer")), "/srv"));

        Assert.Equal("ConnectionStrings:Portal", ex.Setting);
    }

    [Fact]
    public void MalformedConnectionString_NamesTheConnectionString()
    {
        var ex = Assert.Throws<PortalConfigurationException>(() =>
            DatabaseSettings.From(Config(("Database:Provider", "SqlServer"), ("ConnectionStrings:Portal", "this is not=a;connection;string=at all;Bogus Key=1")), "/srv"));

        Assert.Equal("ConnectionStrings:Portal", ex.Setting);
    }

    [Fact]
    public void SqlServer_DoesNotMigrateAtStartUp_UnlessAsked()
    {
        var off = DatabaseSettings.From(Config(("Database:Provider", "SqlServer"), ("ConnectionStrings:Portal", "Server=db;Database=p;Integrated Security=true")), "/srv");
        var on = DatabaseSettings.From(Config(("Database:Provider", "sqlserver"), ("ConnectionStrings:Portal", "Server=db;Database=p;Integrated Security=true"), ("Database:MigrateOnStartup", "true")), "/srv");

        Assert.False(off.MigrateOnStartup);
        Assert.True(on.MigrateOnStartup);
    }

    [Fact]
    public void RevalidationInterval_DefaultsToAtMostOneMinute_AndLongerIsRefused()
    {
        var defaults = new PortalIdentityOptions();
        var tooLong = new PortalIdentityOptions { RevalidationInterval = TimeSpan.FromMinutes(5) };
        var results = new List<System.ComponentModel.DataAnnotations.ValidationResult>();

        Assert.True(defaults.RevalidationInterval <= TimeSpan.FromSeconds(60));
        Assert.False(System.ComponentModel.DataAnnotations.Validator.TryValidateObject(tooLong, new(tooLong), results, true));
    }

    [Fact]
    public async Task StartingWithProviderOracle_ExitsWithAMessageNamingTheSetting()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "InterviewPortal.Web.dll");
        var start = new ProcessStartInfo("dotnet", [dll])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            WorkingDirectory = TestPaths.NewTempDirectory("oracle"),
        };
        start.Environment["Database__Provider"] = "Oracle";
        start.Environment["Jobs__RunServer"] = "false";
        start.Environment["Logs__Directory"] = start.WorkingDirectory;

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        Assert.NotEqual(0, process.ExitCode);
        var message = await stderr;
        Assert.Contains("Database:Provider", message);
        Assert.Contains("'Oracle'", message);
        Assert.Contains("Sqlite, SqlServer", message);
        Assert.DoesNotContain("   at ", message); // one clear line, not a stack trace
        _ = await stdout;
    }

    [Fact]
    public void AFailedOptionsValidation_IsDescribedByItsSection()
    {
        var failure = new Microsoft.Extensions.Options.OptionsValidationException("", typeof(PortalIdentityOptions), ["The field RevalidationInterval must be between 00:00:01 and 00:01:00."]);

        var text = ConfigurationSetup.Describe(failure);

        Assert.Equal("Configuration error in 'Identity': The field RevalidationInterval must be between 00:00:01 and 00:01:00.", text);
    }

    [Fact]
    public void TheShippedSettingsFile_LeavesSqlServerMigrationOffByDefault()
    {
        var config = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(TestPaths.RepositoryRoot, "appsettings.json"))
            .AddInMemoryCollection([new("Database:Provider", "SqlServer"), new("ConnectionStrings:Portal", "Server=db;Database=p;Integrated Security=true")])
            .Build();

        var settings = DatabaseSettings.From(config, TestPaths.RepositoryRoot);

        Assert.False(settings.MigrateOnStartup);
    }

    [Theory]
    [InlineData("Failed to convert configuration value at 'Identity:LockoutDuration' to type 'System.TimeSpan'.", true)]
    [InlineData("Sequence contains no elements", false)]
    public void MalformedValues_AreTreatedAsConfigurationErrors(string message, bool expected)
    {
        Assert.Equal(expected, ConfigurationSetup.IsConfigurationError(new InvalidOperationException(message)));
    }
}
