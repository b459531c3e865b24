using InterviewPortal.Web.Setup;
using Microsoft.Data.Sqlite;

namespace InterviewPortal.Web.Data;

/// <summary>
/// Copies SQLite's write-ahead log into the database file on a thread and connection of its own, so the writers do not
/// (decision 0013). Left to SQLite, the connection whose commit takes the log past 1,000 pages copies them all and
/// waits for two <c>fsync</c>s before its caller gets an answer: under the join benchmark about one batch of joins in
/// sixteen stalled for 10–20 ms, every join queued behind it with it, and the writer spent 40 % of its time in that step.
/// <list type="bullet">
/// <item>After gated writers commit (<see cref="SqliteWriteGate"/>; other writes are caught within a second), a PASSIVE
/// checkpoint copies what is committed; it neither waits for nor blocks anyone. Passes are at least
/// <see cref="Interval"/> apart.</item>
/// <item>Once the log holds <see cref="RestartPages"/> pages, a few more passes catch up with what was committed during
/// the one before, and a last one runs while the gate holds the writers back: it has only a moment's pages to copy, and
/// then every page is in the file, so the next writer brings the log back to its start (SQLite does this only when a
/// writer begins with nothing left to copy, which under steady writes never happens by itself). Past
/// <see cref="HoldAtOncePages"/> the writers are held back at once.</item>
/// <item>The pool's connections checkpoint for themselves only past <see cref="WriterFallbackPages"/>
/// (<see cref="SqliteTuning.WriterCheckpointPages"/>): if this service is stopped or the log cannot restart (a long
/// report still reads the old pages), SQLite's own behaviour takes over.</item>
/// <item>When the portal stops, the log is checkpointed and truncated.</item>
/// </list>
/// Durability is SQLite's: with <c>synchronous=NORMAL</c> a checkpoint syncs the log before copying it and the file after.
/// </summary>
public sealed class SqliteCheckpointer(DatabaseSettings settings, SqliteWriteGate gate, ILogger<SqliteCheckpointer> log) : IHostedService, IDisposable
{
    /// <summary>
    /// The log's size (4 KiB pages) at which it is brought back to its start. Each restart holds the writers for a pass
    /// and its two <c>fsync</c>s, so the larger, the rarer; a page read searches the log's index (a block per 4,096 pages),
    /// so the smaller, the cheaper. 7,000 joined about 5 % faster than 3,000 in the join benchmark, with a lower p99.
    /// </summary>
    public const int RestartPages = 7000;

    /// <summary>
    /// The log's size past which the writers are held back at once, without catching up first: writers faster than the
    /// copy wait for it, as they would for their own checkpoint, and the log stays bounded.
    /// </summary>
    public const int HoldAtOncePages = 9000;

    /// <summary>Where the pool's connections checkpoint for themselves, as SQLite does at 1,000 by default.</summary>
    public const int WriterFallbackPages = 12000;

    /// <summary>The shortest time between two passes: the shorter, the fewer pages the held pass finds (the slowest join's wait), the more <c>fsync</c>s.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(5);

    /// <summary>How long it waits for a gated writer's commit before it looks anyway (writes outside the gate).</summary>
    public static readonly TimeSpan IdleInterval = TimeSpan.FromSeconds(1);

    // The catch-up passes before the held one, at most, and how many new pages are few enough to copy while holding the writers.
    private const int CatchUpPasses = 4;
    private const int HeldPassPages = 300;

    // After a held pass that could not copy everything (a reader of older pages), the writers are not held again before this.
    private static readonly TimeSpan HoldBackoff = TimeSpan.FromSeconds(1);

    private readonly CancellationTokenSource _stop = new();
    private Thread? _thread;

    /// <summary>What a checkpoint reported: whether it was kept from finishing, the log's pages, and how many of them are in the database file.</summary>
    public readonly record struct Result(bool Busy, long LogPages, long CheckpointedPages)
    {
        public bool Complete => !Busy && LogPages >= 0 && CheckpointedPages == LogPages;
    }

    /// <summary>How many times the log was brought back to its start (the held pass copied everything), since start.</summary>
    public long Restarts => Interlocked.Read(ref _restarts);

    private long _restarts;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (gate.Enabled)
        {
            _thread = new Thread(Run) { IsBackground = true, Name = "SQLite checkpoint" };
            _thread.Start();
            log.LogInformation("SQLite log of {Database} checkpointed in the background (restart at {RestartPages} pages, writers themselves past {FallbackPages})",
                settings.SqliteFilePath, RestartPages, WriterFallbackPages);
        }

        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        // The host may stop its services more than once (a test host's disposal after its own stop): only the first stops this.
        if (Interlocked.Exchange(ref _thread, null) is not { } thread)
        {
            return;
        }

        await _stop.CancelAsync();
        thread.Join();
        try
        {
            await using var connection = Open(busyTimeout: TimeSpan.FromSeconds(1));
            var result = Checkpoint(connection, "TRUNCATE");
            log.LogInformation("SQLite log of {Database} checkpointed at shut-down: {Result}; brought back to its start {Restarts} times by holding the writers",
                settings.SqliteFilePath, result, Restarts);
        }
        catch (SqliteException ex)
        {
            // The log stays beside the file, whole; the next start (or any connection) carries on from it.
            log.LogWarning(ex, "Checkpoint of the SQLite log of {Database} at shut-down failed", settings.SqliteFilePath);
        }
    }

    private void Run()
    {
        SqliteConnection? connection = null;
        var noHoldUntil = DateTime.MinValue;
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                gate.WaitForCommit(IdleInterval, _stop.Token);
                if (_stop.IsCancellationRequested)
                {
                    break;
                }

                try
                {
                    connection ??= Open(TimeSpan.Zero);
                    var result = Checkpoint(connection, "PASSIVE");
                    if (result.LogPages >= RestartPages && DateTime.UtcNow >= noHoldUntil)
                    {
                        // Catch up with what was committed meanwhile until a pass finds only a moment's pages (a few
                        // tries at most, if the writers outpace the copy), so the writers are held back only briefly.
                        for (var pass = 0; pass < CatchUpPasses && result.LogPages < HoldAtOncePages; pass++)
                        {
                            var before = result.LogPages;
                            result = Checkpoint(connection, "PASSIVE");
                            if (result.LogPages - before <= HeldPassPages)
                            {
                                break;
                            }
                        }

                        using (gate.HoldWriters())
                        {
                            result = Checkpoint(connection, "PASSIVE");
                        }

                        if (result.Complete)
                        {
                            Interlocked.Increment(ref _restarts);
                        }
                        else
                        {
                            noHoldUntil = DateTime.UtcNow + HoldBackoff;
                            log.LogDebug("SQLite log of {Database} not restarted: {Result}", settings.SqliteFilePath, result);
                        }
                    }
                }
                catch (SqliteException ex)
                {
                    // Nothing is lost: committed pages stay in the log until a checkpoint copies them. A new connection next time.
                    log.LogWarning(ex, "Checkpoint of the SQLite log of {Database} failed; trying again", settings.SqliteFilePath);
                    connection?.Dispose();
                    connection = null;
                }

                _stop.Token.WaitHandle.WaitOne(Interval);
            }
        }
        catch (Exception ex)
        {
            // The writers' own checkpoints (past WriterFallbackPages) keep the log bounded without this thread.
            log.LogError(ex, "Background checkpoint of the SQLite log of {Database} stopped", settings.SqliteFilePath);
        }
        finally
        {
            connection?.Dispose();
        }
    }

    /// <summary>One checkpoint of <paramref name="mode"/> (PASSIVE, FULL, RESTART or TRUNCATE) on <paramref name="connection"/>.</summary>
    public static Result Checkpoint(SqliteConnection connection, string mode)
    {
        using var command = connection.CreateCommand();
        command.CommandText = mode switch
        {
            "PASSIVE" or "FULL" or "RESTART" or "TRUNCATE" => $"PRAGMA wal_checkpoint({mode})",
            _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "Not a checkpoint mode."),
        };
        using var reader = command.ExecuteReader();
        reader.Read();
        return new Result(reader.GetInt64(0) != 0, reader.GetInt64(1), reader.GetInt64(2));
    }

    // Outside the pool: this connection only checkpoints; it never waits for a lock except at shut-down (TRUNCATE waits for writers).
    private SqliteConnection Open(TimeSpan busyTimeout)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder(settings.ConnectionString) { Pooling = false }.ToString());
        try
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = $"PRAGMA busy_timeout={(long)busyTimeout.TotalMilliseconds}; PRAGMA wal_autocheckpoint=0;";
            command.ExecuteNonQuery();
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    public void Dispose() => _stop.Dispose();
}
