using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using InterviewPortal.Domain;
using InterviewPortal.Domain.Interviews;
using InterviewPortal.Tests.TestSupport;
using InterviewPortal.Web.Components.Shared;
using InterviewPortal.Web.Data;
using InterviewPortal.Web.Features.Audit;
using InterviewPortal.Web.Features.Interviews;
using InterviewPortal.Web.Features.Recruiting;
using InterviewPortal.Web.Features.Shared;
using InterviewPortal.Web.Resources;
using InterviewPortal.Web.Setup;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;

namespace InterviewPortal.Tests.Web.Hardening;

/// <summary>
/// SQLite's single write lock held by another connection (another process, a backup, the second portal on the same
/// file): the portal's writes queue for it (BEGIN IMMEDIATE on the busy timeout) and then all succeed, each written
/// once; a lock held past the timeout (the connection string's Default Timeout) is a clear message in the user's
/// language, and nothing of the refused write is in the database.
/// </summary>
[Collection(PortalHostCollection.Name)]
public sealed class WriteLockTests
{
    [Fact]
    public async Task WritesWhileAnotherConnectionHoldsTheWriteLock_WaitForIt_ThenEachIsWrittenOnce()
    {
        await using var app = new PortalAppFactory();
        _ = app.Server;
        var w = await RecruitingWorld.CreateAsync(app);
        var before = await CountsAsync(app);
        var tag = Guid.NewGuid().ToString("N")[..6];

        await using var holder = await HoldWriteLockAsync(app.DatabaseFile);
        using var writers = new LockWaiters();
        var position = writers.Start("position", () => SavePositionAsync(w, $"锁等待{tag}"));
        var candidate = writers.Start("candidate", () => CreateCandidateAsync(w, $"等锁{tag}"));
        var interview = writers.Start("interview", () => w.AsHrAsync(async sp => (await sp.GetRequiredService<InterviewService>().ScheduleAsync(new ScheduleForm
        {
            CandidateId = w.CandidateA, PositionId = w.Position, Round = InterviewRound.Technical, StartUtc = RecruitingWorld.Tomorrow9Utc.AddHours(6), DurationMinutes = 60,
            InterviewerIds = [w.InterviewerB],
        })).InterviewId!.Value));

        // Each has asked SQLite for the write lock and is waiting for it; held a while longer, none gives up.
        await writers.UntilAllWaitAsync();
        await Task.Delay(TimeSpan.FromSeconds(1));
        writers.AssertNoneFinished();
        await ExecuteAsync(holder, "COMMIT");

        var ids = await Task.WhenAll(position, candidate, interview);
        var after = await CountsAsync(app);
        Assert.Equal((before.Positions + 1, before.Candidates + 1, before.Interviews + 1), (after.Positions, after.Candidates, after.Interviews));
        Assert.Equal(1, await AuditCountAsync(app, AuditActions.PositionCreated, ids[0]));
        Assert.Equal(1, await AuditCountAsync(app, AuditActions.CandidateCreated, ids[1]));
        Assert.Equal(1, await AuditCountAsync(app, AuditActions.InterviewScheduled, ids[2]));
        await AssertAuditChainIntactAsync(app);
    }

    [Fact]
    public async Task EightPortalWritesAndARawWriterInALoop_AllSucceed_WithoutDatabaseIsLocked()
    {
        await using var app = new PortalAppFactory();
        _ = app.Server;
        var w = await RecruitingWorld.CreateAsync(app);
        var before = await CountsAsync(app);
        var tag = Guid.NewGuid().ToString("N")[..6];

        // Another program on the same file: short write transactions, one after another, until the portal is done.
        await using var raw = new SqliteConnection($"Data Source={app.DatabaseFile};Pooling=False");
        await raw.OpenAsync();
        await ExecuteAsync(raw, "PRAGMA busy_timeout=30000; CREATE TABLE LockProbe (N INTEGER NOT NULL)");
        using var stop = new CancellationTokenSource();
        var rawWriter = Task.Factory.StartNew(() =>
        {
            var n = 0;
            while (!stop.IsCancellationRequested)
            {
                Execute(raw, "BEGIN IMMEDIATE");
                Execute(raw, $"INSERT INTO LockProbe VALUES ({n})");
                Thread.Sleep(5);
                Execute(raw, "COMMIT");
                n++;
                Thread.Sleep(5);
            }

            return n;
        }, TaskCreationOptions.LongRunning);

        // As eight requests or circuits would: each on a thread of its own.
        var writes = Enumerable.Range(0, 8)
            .Select(i => Task.Run(() => i % 2 == 0 ? SavePositionAsync(w, $"并发{tag}-{i}") : CreateCandidateAsync(w, $"并发{tag}-{i}")))
            .ToList();
        var outcome = await Record.ExceptionAsync(() => Task.WhenAll(writes));
        stop.Cancel();
        var rawCommits = await rawWriter;

        Assert.Null(outcome);
        var ids = writes.Select(t => t.Result).ToList();
        Assert.Equal(8, ids.Distinct().Count());
        var after = await CountsAsync(app);
        Assert.Equal(before.Positions + 4, after.Positions);
        Assert.Equal(before.Candidates + 4, after.Candidates);
        for (var i = 0; i < ids.Count; i++)
        {
            Assert.Equal(1, await AuditCountAsync(app, i % 2 == 0 ? AuditActions.PositionCreated : AuditActions.CandidateCreated, ids[i]));
        }

        Assert.True(rawCommits > 0);
        Assert.Equal(rawCommits, await ScalarAsync(raw, "SELECT COUNT(*) FROM LockProbe"));
        await AssertAuditChainIntactAsync(app);
    }

    [Fact]
    public async Task ALockHeldPastTheTimeout_IsAClearMessageInTheUsersLanguage_AndNothingIsHalfWritten()
    {
        await using var weChat = await FakeWeChatServer.StartAsync();
        var file = Path.Combine(TestPaths.NewTempDirectory("write-lock"), "portal.db");
        await using var app = new PortalAppFactory(new Dictionary<string, string?>
        {
            // The wait a user would sit through, shortened so the test does not.
            ["ConnectionStrings:Portal"] = $"Data Source={file};Default Timeout=2",
            ["WeChat:ApiBaseUrl"] = weChat.BaseAddress.ToString(),
            ["WeChat:AppId"] = FakeWeChatServer.AppId,
            ["WeChat:AppSecret"] = FakeWeChatServer.AppSecret,
        });
        _ = app.Server;
        var w = await RecruitingWorld.CreateAsync(app);
        var sessions = await app.WithDbAsync(db => db.MiniProgramSessions.CountAsync());
        var before = await CountsAsync(app);
        var title = $"锁超时{Guid.NewGuid().ToString("N")[..6]}";
        weChat.AddLoginCode("wx-locked", "openid-locked");
        weChat.AddLoginCode("wx-locked-en", "openid-locked");

        await using (var holder = await HoldWriteLockAsync(file))
        {
            // A page's write (in a transaction of its own, with its audit entry) and a mini-program login (one INSERT).
            var position = Task.Run(() => SavePositionAsync(w, title));
            var candidate = Task.Run(() => CreateCandidateAsync(w, title));
            var english = app.CreateClient();
            english.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en-US");
            var logins = new[] { app.CreateClient().PostAsJsonAsync("/api/mp/v1/login", new { code = "wx-locked" }), english.PostAsJsonAsync("/api/mp/v1/login", new { code = "wx-locked-en" }) };

            var refusals = new[] { await Assert.ThrowsAsync<DomainException>(() => position), await Assert.ThrowsAsync<DomainException>(() => candidate) };
            var l = app.Services.GetRequiredService<IStringLocalizer<Strings>>();
            foreach (var refused in refusals)
            {
                // What every page shows for a refused action (L.For in its catch), in either language.
                Assert.Equal("DatabaseBusy", refused.MessageKey);
                Assert.Equal("系统正忙，本次操作未保存，请稍后重试。", InCulture("zh-CN", () => l.For(refused)));
                Assert.Equal("The portal is busy and this change was not saved. Please try again in a moment.", InCulture("en-US", () => l.For(refused)));
            }

            await AssertBusyProblemAsync(await logins[0], "系统正忙，本次操作未保存，请稍后重试。");
            await AssertBusyProblemAsync(await logins[1], "The portal is busy and this change was not saved. Please try again in a moment.");
            Assert.Equal(before, await CountsAsync(app));
            Assert.Equal(sessions, await app.WithDbAsync(db => db.MiniProgramSessions.CountAsync()));
            Assert.Equal(0, await app.WithDbAsync(db => db.Positions.CountAsync(p => p.Title == title)));
        }

        // The lock gone, the same action goes through: nothing was left stuck by the refusal.
        var id = await SavePositionAsync(w, title);
        Assert.Equal(1, await AuditCountAsync(app, AuditActions.PositionCreated, id));
        Assert.Equal(before.Positions + 1, (await CountsAsync(app)).Positions);
        await AssertAuditChainIntactAsync(app);
    }

    [Fact]
    public async Task AGroupCommitBatchRefusedByTheLock_FailsAllItsCallersAtOnce_InsteadOfWaitingAgainOneByOne()
    {
        await using var commit = new LockedGroupCommit();
        var first = commit.WriteAsync(0);
        await commit.FirstBatchStarted.Task;
        var queued = Enumerable.Range(1, 3).Select(commit.WriteAsync).ToList();
        commit.Release.SetResult();

        foreach (var write in queued.Prepend(first))
        {
            Assert.Equal("DatabaseBusy", (await Assert.ThrowsAsync<DomainException>(() => write)).MessageKey);
        }

        // The first caller alone, then the three that queued meanwhile as one batch; none of them written again alone.
        Assert.Equal([1, 3], commit.Batches);
    }

    private static Task<Guid> SavePositionAsync(RecruitingWorld w, string title) =>
        w.AsHrAsync(sp => sp.GetRequiredService<PositionService>().SaveAsync(null, new PositionForm { Title = title, Department = "研发部", Location = "上海", HiringOwnerId = w.Hr }));

    private static Task<Guid> CreateCandidateAsync(RecruitingWorld w, string name) =>
        w.AsHrAsync(async sp => (await sp.GetRequiredService<CandidateService>().CreateAsync(new CandidateForm { Name = name, Phone = TestPhones.Next(), PositionIds = [w.Position] })).CreatedId!.Value);

    private sealed record Counts(int Positions, int Candidates, int Interviews, long AuditEntries);

    private static Task<Counts> CountsAsync(PortalAppFactory app) => app.WithDbAsync(async db =>
        new Counts(await db.Positions.CountAsync(), await db.Candidates.CountAsync(), await db.Interviews.CountAsync(), await db.AuditEntries.LongCountAsync()));

    private static Task<int> AuditCountAsync(PortalAppFactory app, string action, Guid target) =>
        app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Action == action && a.TargetId == target.ToString()));

    private static async Task AssertAuditChainIntactAsync(PortalAppFactory app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var report = await scope.ServiceProvider.GetRequiredService<AuditLogService>().VerifyAsync();
        Assert.True(report.IsIntact, $"broken at {report.FirstBrokenId}: {report.Problem}");
    }

    private static async Task AssertBusyProblemAsync(HttpResponseMessage response, string title)
    {
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("database_busy", problem.GetProperty("code").GetString());
        Assert.Equal(title, problem.GetProperty("title").GetString());
    }

    private static string InCulture(string culture, Func<string> text)
    {
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
        try
        {
            return text();
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    /// <summary>Another connection, outside the portal's pool, that has taken SQLite's write lock (disposing it rolls back).</summary>
    private static async Task<SqliteConnection> HoldWriteLockAsync(string file)
    {
        var connection = new SqliteConnection($"Data Source={file};Pooling=False");
        await connection.OpenAsync();
        await ExecuteAsync(connection, "BEGIN IMMEDIATE");
        return connection;
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static async Task<long> ScalarAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    /// <summary>A group commit whose every batch waited out the lock (the first one until released); no file, so its gate is open.</summary>
    private sealed class LockedGroupCommit() : GroupCommit<int, bool>(new SqliteWriteGate(new DatabaseSettings(DatabaseProvider.Sqlite, "Data Source=:memory:", false, null)), NullLogger.Instance)
    {
        public TaskCompletionSource FirstBatchStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public ConcurrentQueue<int> Batches { get; } = new();

        public Task<bool> WriteAsync(int request) => SubmitAsync(request);

        protected override string Describe(int request) => $"write {request}";

        protected override async Task<IReadOnlyList<bool>> WriteBatchAsync(IReadOnlyList<int> batch)
        {
            Batches.Enqueue(batch.Count);
            FirstBatchStarted.TrySetResult();
            await Release.Task;
            throw new DomainException("DatabaseBusy");
        }
    }

    /// <summary>
    /// The test's writers, each on a thread of its own (as requests and circuits are: Microsoft.Data.Sqlite waits for the
    /// lock on the calling thread), and which of them have asked SQLite for the write lock: EF Core reports
    /// TransactionStarting on its DiagnosticListener on the writer's thread, just before the BEGIN IMMEDIATE that waits.
    /// </summary>
    private sealed class LockWaiters : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
    {
        private static readonly AsyncLocal<string?> Writer = new();
        private readonly ConcurrentDictionary<string, Task> _writers = new();
        private readonly ConcurrentDictionary<string, bool> _waiting = new();
        private readonly ConcurrentBag<IDisposable> _subscriptions = [];

        public LockWaiters() => _subscriptions.Add(DiagnosticListener.AllListeners.Subscribe(this));

        public Task<T> Start<T>(string name, Func<Task<T>> work)
        {
            var task = Task.Run(() =>
            {
                Writer.Value = name;
                return work();
            });
            _writers[name] = task;
            return task;
        }

        public async Task UntilAllWaitAsync()
        {
            var deadline = Stopwatch.StartNew();
            while (!_writers.Keys.All(_waiting.ContainsKey))
            {
                AssertNoneFinished();
                Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(30), $"not waiting for the lock: {string.Join(", ", _writers.Keys.Except(_waiting.Keys))}");
                await Task.Delay(20);
            }
        }

        public void AssertNoneFinished()
        {
            foreach (var (name, task) in _writers)
            {
                Assert.False(task.IsCompleted, $"{name} finished while the lock was held: {task.Exception?.GetBaseException().ToString() ?? "succeeded"}");
            }
        }

        public void Dispose()
        {
            foreach (var subscription in _subscriptions)
            {
                subscription.Dispose();
            }
        }

        void IObserver<DiagnosticListener>.OnNext(DiagnosticListener listener)
        {
            if (listener.Name == DbLoggerCategory.Name)
            {
                _subscriptions.Add(listener.Subscribe(this));
            }
        }

        void IObserver<KeyValuePair<string, object?>>.OnNext(KeyValuePair<string, object?> e)
        {
            if (e.Key == RelationalEventId.TransactionStarting.Name && Writer.Value is { } name)
            {
                _waiting[name] = true;
            }
        }

        void IObserver<DiagnosticListener>.OnCompleted()
        {
        }

        void IObserver<DiagnosticListener>.OnError(Exception error)
        {
        }

        void IObserver<KeyValuePair<string, object?>>.OnCompleted()
        {
        }

        void IObserver<KeyValuePair<string, object?>>.OnError(Exception error)
        {
        }
    }
}
