using System.Data.Common;
using System.Globalization;
using System.Runtime.CompilerServices;
using InterviewPortal.Domain;
using InterviewPortal.Web.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace InterviewPortal.Web.Setup;

public static class DataSetup
{
    /// <summary>Registers the provider's context behind <see cref="IDbContextFactory{AppDbContext}"/> (and a scoped one for Identity).</summary>
    public static DatabaseSettings AddPortalData(this IHostApplicationBuilder builder)
    {
        var settings = DatabaseSettings.From(builder.Configuration, PortalPaths.Root(builder.Environment.ContentRootPath));
        builder.Services.AddSingleton(settings);
        builder.Services.AddPortalDbContexts(settings);
        // Idle (and the gate open) unless the database is a SQLite file with the background checkpoint on.
        builder.Services.AddSingleton<SqliteWriteGate>();
        builder.Services.AddSingleton<SqliteCheckpointer>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<SqliteCheckpointer>());
        return settings;
    }

    public static IServiceCollection AddPortalDbContexts(this IServiceCollection services, DatabaseSettings settings)
    {
        switch (settings.Provider)
        {
            // Pooled: a context is created per operation (several per mini-program request), and a pooled one skips
            // building its services each time. The contexts hold no state of their own, so reuse is safe.
            case DatabaseProvider.Sqlite:
                services.AddPooledDbContextFactory<SqliteDbContext>(o => ConfigureSqlite(o, settings.ConnectionString, settings.Sqlite));
                services.AddSingleton<IDbContextFactory<AppDbContext>>(sp =>
                    new UpcastFactory<SqliteDbContext>(sp.GetRequiredService<IDbContextFactory<SqliteDbContext>>()));
                break;
            case DatabaseProvider.SqlServer:
                services.AddPooledDbContextFactory<SqlServerDbContext>(o => ConfigureSqlServer(o, settings.ConnectionString));
                services.AddSingleton<IDbContextFactory<AppDbContext>>(sp =>
                    new UpcastFactory<SqlServerDbContext>(sp.GetRequiredService<IDbContextFactory<SqlServerDbContext>>()));
                break;
        }

        // Identity's stores and data protection want a scoped context; it comes from the same factory.
        services.AddScoped<AppDbContext>(sp => sp.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext());
        return services;
    }

    internal static void ConfigureSqlite(DbContextOptionsBuilder o, string connectionString, SqliteTuning? tuning = null) =>
        o.UseSqlite(connectionString, s => s.MigrationsAssembly(typeof(AppDbContext).Assembly.FullName))
            .AddInterceptors(new AuditGuard(), new SqlitePragmas(tuning ?? SqliteTuning.Default), new SqliteBusyMessage());

    internal static void ConfigureSqlServer(DbContextOptionsBuilder o, string connectionString) =>
        // No EnableRetryOnFailure: it refuses the explicit transactions that keep a change and its audit entry together.
        o.UseSqlServer(connectionString)
            .AddInterceptors(new AuditGuard());

    /// <summary>Applies migrations when the provider's setting says so, and switches SQLite to WAL.</summary>
    public static async Task MigratePortalDatabaseAsync(this IServiceProvider services, CancellationToken ct = default)
    {
        var settings = services.GetRequiredService<DatabaseSettings>();
        var log = services.GetRequiredService<ILoggerFactory>().CreateLogger("InterviewPortal.Data");
        if (settings.SqliteFilePath is { } file)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        }

        await using var db = await services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync(ct);
        if (!settings.MigrateOnStartup)
        {
            log.LogInformation("Database migration at start-up is off (Database:MigrateOnStartup=false); apply db/sqlserver/migrate.sql before starting a new version");
        }
        else
        {
            var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
            if (pending.Count > 0)
            {
                log.LogInformation("Applying {Count} database migration(s): {Migrations}", pending.Count, pending);
                await db.Database.MigrateAsync(ct);
            }
        }

        if (settings.Provider == DatabaseProvider.Sqlite && settings.SqliteFilePath is not null)
        {
            // WAL lets readers go on while one writer writes; it is a property of the file, so setting it once is enough.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
        }
    }

    private sealed class UpcastFactory<TContext>(IDbContextFactory<TContext> inner) : IDbContextFactory<AppDbContext>
        where TContext : AppDbContext
    {
        public AppDbContext CreateDbContext() => inner.CreateDbContext();

        public async Task<AppDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default) =>
            await inner.CreateDbContextAsync(cancellationToken);
    }

    /// <summary>
    /// Per-connection SQLite settings: wait for a busy writer instead of failing at once, as long as the connection
    /// string's <c>Default Timeout</c> (Microsoft.Data.Sqlite's own retry loop stops there too, so the two end together),
    /// and the page cache and memory map of <see cref="SqliteTuning"/>.
    /// They belong to the native connection, which Microsoft.Data.Sqlite pools and hands out again on every open, so they
    /// are sent once per native connection, not on every open.
    /// </summary>
    private sealed class SqlitePragmas(SqliteTuning tuning) : DbConnectionInterceptor
    {
        private static readonly ConditionalWeakTable<object, object> Configured = new();

        public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
        {
            if (IsNew(connection))
            {
                using var cmd = connection.CreateCommand();
                cmd.CommandText = Sql(connection);
                cmd.ExecuteNonQuery();
            }
        }

        public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            if (IsNew(connection))
            {
                await using var cmd = connection.CreateCommand();
                cmd.CommandText = Sql(connection);
                await cmd.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        private string Sql(DbConnection connection)
        {
            var seconds = connection is SqliteConnection { DefaultTimeout: > 0 } sqlite ? sqlite.DefaultTimeout : 30;
            return string.Create(CultureInfo.InvariantCulture, $"PRAGMA busy_timeout={seconds * 1000L}; PRAGMA synchronous=NORMAL; {tuning.Pragmas}");
        }

        private static bool IsNew(DbConnection connection) =>
            connection is not SqliteConnection { Handle: { } handle } || Configured.TryAdd(handle, Configured);
    }

    /// <summary>
    /// Begins SQLite's transactions as EF Core would (Microsoft.Data.Sqlite sends BEGIN IMMEDIATE: the write lock is
    /// taken at the start and queued for on the busy timeout, so a transaction that began can never fail later on a
    /// snapshot another writer made stale), and turns a lock still held by another connection when the timeout runs out
    /// into the user's message: "database is locked" would end a Blazor circuit, a rule's message is shown by every page.
    /// Nothing was written: the transaction never began.
    /// </summary>
    private sealed class SqliteBusyMessage : DbTransactionInterceptor
    {
        public override InterceptionResult<DbTransaction> TransactionStarting(DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result) =>
            result.HasResult ? result : InterceptionResult<DbTransaction>.SuppressWithResult(Begin(connection, eventData));

        public override ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(
            DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(TransactionStarting(connection, eventData, result));

        private static DbTransaction Begin(DbConnection connection, TransactionStartingEventData eventData)
        {
            try
            {
                return connection.BeginTransaction(eventData.IsolationLevel);
            }
            catch (SqliteException ex) when (DbErrors.IsBusy(ex))
            {
                eventData.Context?.GetService<ILoggerFactory>().CreateLogger("InterviewPortal.Data")
                    .LogWarning(ex, "SQLite's write lock was not granted within {Seconds} s; the write was refused", (connection as SqliteConnection)?.DefaultTimeout);
                throw new DomainException("DatabaseBusy");
            }
        }
    }
}
