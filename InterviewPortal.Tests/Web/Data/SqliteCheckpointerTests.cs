using InterviewPortal.Web.Data;
using InterviewPortal.Web.Setup;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace InterviewPortal.Tests.Web.Data;

/// <summary>
/// The background checkpoint: the pool's connections copy SQLite's log into the file only past
/// <see cref="SqliteCheckpointer.WriterFallbackPages"/>, so below that only <see cref="SqliteCheckpointer"/> can have
/// done it; under steady writes through the <see cref="SqliteWriteGate"/> it brings the log back to its start. These
/// commit rows of about a hundred pages each, as the pool's connections are set up, and look at the two files.
/// </summary>
public sealed class SqliteCheckpointerTests : IDisposable
{
    private const int PageSize = 4096;
    private const int PagesPerCommit = 100;
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("ip-checkpoint-");

    [Fact]
    public async Task BelowTheWritersThreshold_CommittedPagesReachTheDatabaseFile_InTheBackground()
    {
        var settings = await CreateDatabaseAsync();
        var gate = new SqliteWriteGate(settings);
        using var checkpointer = new SqliteCheckpointer(settings, gate, NullLogger<SqliteCheckpointer>.Instance);
        await checkpointer.StartAsync(CancellationToken.None);
        try
        {
            await using var writer = await OpenWriterAsync(settings);
            await WriteAsync(writer, gate, commits: 20);

            // 2,000 pages: below the restart size and far below the writers' own threshold.
            var expected = 20L * (PagesPerCommit - 2) * PageSize;
            var file = new FileInfo(settings.SqliteFilePath!);
            for (var waited = 0; waited < 100 && file.Length < expected; waited++)
            {
                await Task.Delay(50);
                file.Refresh();
            }

            Assert.True(file.Length >= expected, $"database file of {file.Length} bytes, expected at least {expected}");
            Assert.Equal(0, checkpointer.Restarts);
        }
        finally
        {
            await checkpointer.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task WithoutTheCheckpointer_TheSamePagesStayInTheLog()
    {
        // What the test above would see if the checkpointer did nothing.
        var settings = await CreateDatabaseAsync();
        var gate = new SqliteWriteGate(settings);
        await using var writer = await OpenWriterAsync(settings);
        await WriteAsync(writer, gate, commits: 20);
        await Task.Delay(SqliteCheckpointer.Interval * 5);

        Assert.True(new FileInfo(settings.SqliteFilePath!).Length < 5L * PagesPerCommit * PageSize, $"database file of {new FileInfo(settings.SqliteFilePath!).Length} bytes");
        Assert.True(new FileInfo(settings.SqliteFilePath + "-wal").Length >= 20L * (PagesPerCommit - 2) * PageSize);
    }

    [Fact]
    public async Task UnderSteadyGatedWrites_TheLogIsBroughtBackToItsStart_AndAtStopItIsTruncated_WithEveryCommitInTheFile()
    {
        var settings = await CreateDatabaseAsync();
        var gate = new SqliteWriteGate(settings);
        var checkpointer = new SqliteCheckpointer(settings, gate, NullLogger<SqliteCheckpointer>.Instance);
        await checkpointer.StartAsync(CancellationToken.None);
        var commits = 0;
        var largestLog = 0L;
        var wal = new FileInfo(settings.SqliteFilePath + "-wal");
        await using (var writer = await OpenWriterAsync(settings))
        {
            await WriteAsync(writer, gate, commits: 1);
            commits++;
            var startedAt = LogRestarts(wal);
            // Steadily, until the log has been brought back to its start twice (or 30 s): 100 pages a commit and a
            // millisecond's pause every other one, about the join benchmark's rate at its busiest.
            var until = DateTime.UtcNow.AddSeconds(30);
            while (LogRestarts(wal) - startedAt < 2 && DateTime.UtcNow < until)
            {
                await WriteAsync(writer, gate, commits: 1);
                if (++commits % 2 == 0)
                {
                    await Task.Delay(1);
                }

                wal.Refresh();
                largestLog = Math.Max(largestLog, wal.Length);
            }

            // SQLite's own count, in the log's header; and the writers' own checkpoints (past 12,000 pages, which is
            // where the log would restart without this service) never came into it.
            Assert.True(LogRestarts(wal) - startedAt >= 2, $"{LogRestarts(wal) - startedAt} restarts of the log after {commits} commits");
            Assert.True(largestLog < (long)SqliteCheckpointer.WriterFallbackPages * PageSize, $"the log reached {largestLog / PageSize} pages");
        }

        await checkpointer.StopAsync(CancellationToken.None);
        checkpointer.Dispose();

        AssertLogEmpty(settings);
        Assert.Equal(commits, await CountRowsAsync(settings));
    }

    [Fact]
    public async Task StoppedSeveralTimesAtOnce_AsATestHostMayDo_NoStopFails_AndTheLogIsTruncated()
    {
        var settings = await CreateDatabaseAsync();
        var gate = new SqliteWriteGate(settings);
        using var checkpointer = new SqliteCheckpointer(settings, gate, NullLogger<SqliteCheckpointer>.Instance);
        await checkpointer.StartAsync(CancellationToken.None);
        await using (var writer = await OpenWriterAsync(settings))
        {
            await WriteAsync(writer, gate, commits: 3);
        }

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => checkpointer.StopAsync(CancellationToken.None))));

        AssertLogEmpty(settings);
    }

    [Fact]
    public async Task WhileTheCheckpointerHoldsTheGate_AWriterWaits_AndGoesOnWhenItIsReleased()
    {
        var gate = new SqliteWriteGate(await CreateDatabaseAsync());
        Assert.True(gate.Enabled);

        Task<SqliteWriteGate.Pass> entering;
        using (gate.HoldWriters())
        {
            entering = gate.EnterAsync().AsTask();
            await Task.Delay(100);
            Assert.False(entering.IsCompleted);
        }

        Task holding;
        using (await entering.WaitAsync(TimeSpan.FromSeconds(5)))
        {
            // Inside: the checkpointer now waits for this writer to leave.
            holding = Task.Run(() => gate.HoldWriters().Dispose());
            await Task.Delay(100);
            Assert.False(holding.IsCompleted);
        }

        await holding.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Theory]
    [InlineData("Database:Provider", "SqlServer", "Server=db;Database=portal")]
    [InlineData("Database:SqliteBackgroundCheckpoint", "false", "Data Source=p.db")]
    [InlineData("Database:SqliteCacheMiB", "16", "Data Source=:memory:")]
    public async Task WithoutASqliteFile_OrWithTheSettingOff_TheGateIsOpen_AndNoCheckpointerRuns(string key, string value, string connectionString)
    {
        var settings = DatabaseSettings.From(new ConfigurationBuilder().AddInMemoryCollection([new(key, value), new("ConnectionStrings:Portal", connectionString)]).Build(), _dir.FullName);
        var gate = new SqliteWriteGate(settings);
        using var checkpointer = new SqliteCheckpointer(settings, gate, NullLogger<SqliteCheckpointer>.Instance);
        await checkpointer.StartAsync(CancellationToken.None);

        Assert.False(gate.Enabled);
        // Nothing holds a writer back: two at once get in.
        using var first = await gate.EnterAsync();
        using var second = await gate.EnterAsync();
        await checkpointer.StopAsync(CancellationToken.None);
        Assert.Equal(0, checkpointer.Restarts);
    }

    private async Task<DatabaseSettings> CreateDatabaseAsync()
    {
        var file = Path.Combine(_dir.FullName, $"{Guid.NewGuid():N}.db");
        var settings = DatabaseSettings.From(new ConfigurationBuilder().AddInMemoryCollection([new("ConnectionStrings:Portal", $"Data Source={file}")]).Build(), _dir.FullName);
        Assert.True(settings.Sqlite.BackgroundCheckpoint);
        await using var setup = new SqliteConnection(settings.ConnectionString);
        await setup.OpenAsync();
        await using var command = setup.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL; CREATE TABLE Pages (Id INTEGER PRIMARY KEY, Body BLOB NOT NULL);";
        await command.ExecuteNonQueryAsync();
        return settings;
    }

    // As the pool's connections are set up (DataSetup's PRAGMAs): they checkpoint for themselves only past WriterFallbackPages.
    private static async Task<SqliteConnection> OpenWriterAsync(DatabaseSettings settings)
    {
        var writer = new SqliteConnection(settings.ConnectionString);
        await writer.OpenAsync();
        await using var command = writer.CreateCommand();
        command.CommandText = $"PRAGMA busy_timeout=30000; PRAGMA synchronous=NORMAL; {settings.Sqlite.Pragmas}";
        await command.ExecuteNonQueryAsync();
        return writer;
    }

    /// <summary>Commits <paramref name="commits"/> rows of about <see cref="PagesPerCommit"/> pages each, each through the gate as the group commits do.</summary>
    private static async Task WriteAsync(SqliteConnection writer, SqliteWriteGate gate, int commits)
    {
        var body = new byte[(PagesPerCommit - 2) * PageSize];
        for (var i = 0; i < commits; i++)
        {
            using var pass = await gate.EnterAsync();
            await using var insert = writer.CreateCommand();
            insert.CommandText = "INSERT INTO Pages (Body) VALUES ($body)";
            insert.Parameters.AddWithValue("$body", body);
            await insert.ExecuteNonQueryAsync();
        }
    }

    /// <summary>
    /// Truncated to nothing, or gone: SQLite deletes the log when the last connection to the file closes, which happens
    /// here when another test clears the connection pools at that moment.
    /// </summary>
    private static void AssertLogEmpty(DatabaseSettings settings)
    {
        var wal = new FileInfo(settings.SqliteFilePath + "-wal");
        Assert.True(!wal.Exists || wal.Length == 0, $"a log of {(wal.Exists ? wal.Length : 0)} bytes");
    }

    /// <summary>The log header's checkpoint sequence number, which SQLite advances each time it brings the log back to its start.</summary>
    private static uint LogRestarts(FileInfo wal)
    {
        using var file = new FileStream(wal.FullName, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        Span<byte> header = stackalloc byte[16];
        file.ReadExactly(header);
        return System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(header[12..]);
    }

    private static async Task<long> CountRowsAsync(DatabaseSettings settings)
    {
        await using var connection = new SqliteConnection(settings.ConnectionString);
        await connection.OpenAsync();
        await using var count = connection.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM Pages";
        return (long)(await count.ExecuteScalarAsync())!;
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _dir.Delete(recursive: true);
    }
}
