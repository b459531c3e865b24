using InterviewPortal.Web.Setup;

namespace InterviewPortal.Web.Data;

/// <summary>
/// Where the busy writers (the group commits: joins, ZEGO callbacks) let <see cref="SqliteCheckpointer"/> know they
/// committed, and where it holds them back for the moment it needs the log to itself: SQLite brings its log back to the
/// start only when a writer begins while every committed page has been copied into the database file, which under
/// steady writes never happens by itself. A batch enters before its transaction and leaves after its commit; the
/// checkpointer holds the gate only for its last, short pass. Open, and free, when the background checkpoint is off or
/// the database is not a SQLite file.
/// </summary>
public sealed class SqliteWriteGate(DatabaseSettings settings)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly SemaphoreSlim _committed = new(0, int.MaxValue);
    private int _signalled;

    /// <summary>True when a background checkpointer runs for this database (a SQLite file with the setting on).</summary>
    public bool Enabled { get; } = settings is { Provider: DatabaseProvider.Sqlite, SqliteFilePath: not null, Sqlite.BackgroundCheckpoint: true };

    /// <summary>Waits while the checkpointer holds the gate; disposing the pass says the writer committed (or gave up).</summary>
    public async ValueTask<Pass> EnterAsync()
    {
        if (!Enabled)
        {
            return default;
        }

        await _gate.WaitAsync();
        return new Pass(this);
    }

    /// <summary>The checkpointer's side: waits for the writer inside to leave and keeps the others out until disposed.</summary>
    internal Hold HoldWriters()
    {
        // Asynchronous waiters are served in order, so a writer leaving and coming straight back cannot overtake this.
        _gate.WaitAsync().GetAwaiter().GetResult();
        return new Hold(this);
    }

    /// <summary>Until a gated writer has committed since the last call, or <paramref name="timeout"/> (writes outside the gate count too, a little later).</summary>
    internal void WaitForCommit(TimeSpan timeout, CancellationToken ct)
    {
        // A commit from here on signals again; one made since the last call has already signalled.
        Volatile.Write(ref _signalled, 0);
        try
        {
            _committed.Wait(timeout, ct);
        }
        catch (OperationCanceledException)
        {
            // Stopping: the caller looks at its token.
        }

        while (_committed.Wait(0))
        {
        }
    }

    private void Leave()
    {
        _gate.Release();
        if (Interlocked.Exchange(ref _signalled, 1) == 0)
        {
            _committed.Release();
        }
    }

    public readonly struct Pass : IDisposable
    {
        private readonly SqliteWriteGate? _gate;

        internal Pass(SqliteWriteGate gate) => _gate = gate;

        public void Dispose() => _gate?.Leave();
    }

    internal readonly struct Hold(SqliteWriteGate gate) : IDisposable
    {
        public void Dispose() => gate._gate.Release();
    }
}
