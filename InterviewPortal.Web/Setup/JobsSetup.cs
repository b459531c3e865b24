using Hangfire;
using Hangfire.Dashboard;
using Hangfire.SqlServer;
using Hangfire.Storage.SQLite;
using InterviewPortal.Web.Features.Invitations;
using InterviewPortal.Web.Jobs;

namespace InterviewPortal.Web.Setup;

/// <summary><c>Jobs:*</c> settings.</summary>
public sealed class JobsOptions
{
    /// <summary>Run the worker in this process. Off for tests and for extra web nodes.</summary>
    public bool RunServer { get; set; } = true;

    [System.ComponentModel.DataAnnotations.Range(1, 20)]
    public int WorkerCount { get; set; } = 2;

    /// <summary>Time zone the recurring jobs' CRON expressions are read in.</summary>
    public string TimeZone { get; set; } = "Asia/Shanghai";
}

public static class JobsSetup
{
    public static void AddPortalJobs(this IHostApplicationBuilder builder, DatabaseSettings database)
    {
        var services = builder.Services;
        services.AddOptions<JobsOptions>().BindConfiguration("Jobs").ValidateDataAnnotations()
            .Validate(o => TryFindTimeZone(o.TimeZone) is not null, "Jobs:TimeZone is not a known time zone id.")
            .ValidateOnStart();

        // Built here (not through the static JobStorage.Current) so each host, and each test host, has its own storage.
        services.AddSingleton<JobStorage>(_ => CreateStorage(database));
        services.AddHangfire((sp, cfg) => cfg
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseStorage(sp.GetRequiredService<JobStorage>()));

        // Read directly: whether to register the server is decided before options exist (JobsOptions documents it).
        if (builder.Configuration.GetValue("Jobs:RunServer", true))
        {
            services.AddHangfireServer((sp, o) =>
            {
                o.WorkerCount = sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<JobsOptions>>().Value.WorkerCount;
                o.ServerName = $"{Environment.MachineName}:{Environment.ProcessId}";
                o.Queues = ["default"];
                // The delayed and recurring schedulers check every second, not every 15 s (Hangfire's default), so the
                // minute's reminder run starts at the minute, not up to 15 s into it.
                o.SchedulePollingInterval = TimeSpan.FromSeconds(1);
            });
        }

        services.AddTransient<DatabaseMaintenanceJob>();
        services.AddTransient<AuditVerificationJob>();
        services.AddTransient<PermissionReviewReminderJob>();
        services.AddTransient<SessionAttendanceJob>();
        services.AddTransient<CandidateRetentionJob>();
    }

    /// <summary>The SQLite job store sits next to the portal database, in a file of its own.</summary>
    public static string SqliteJobsFile(string portalDatabaseFile) =>
        Path.Combine(Path.GetDirectoryName(portalDatabaseFile)!, Path.GetFileNameWithoutExtension(portalDatabaseFile) + "-jobs.db");

    private static JobStorage CreateStorage(DatabaseSettings database)
    {
        if (database.Provider == DatabaseProvider.SqlServer)
        {
            return new SqlServerStorage(database.ConnectionString, new SqlServerStorageOptions
            {
                PrepareSchemaIfNecessary = true,
                SchemaName = "HangFire",
                QueuePollInterval = TimeSpan.Zero,
                SlidingInvisibilityTimeout = TimeSpan.FromMinutes(5),
            });
        }

        var file = database.SqliteFilePath is null
            ? Path.Combine(Path.GetTempPath(), $"interviewportal-jobs-{Guid.NewGuid():N}.db")
            : SqliteJobsFile(database.SqliteFilePath);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        return new SQLiteStorage(file, new SQLiteStorageOptions
        {
            QueuePollInterval = TimeSpan.FromSeconds(1),
            JournalMode = SQLiteStorageOptions.JournalModes.WAL,
        });
    }

    public static void MapPortalJobs(this WebApplication app)
    {
        app.MapHangfireDashboardWithAuthorizationPolicy(IdentitySetup.AdminPolicy, "/jobs", new DashboardOptions
        {
            DashboardTitle = "InterviewPortal",
            AppPath = "/",
            DisplayStorageConnectionString = false,
            Authorization = [],
        });
    }

    /// <summary>Registers (or updates) the recurring jobs; safe to run on every start of every node.</summary>
    public static void SchedulePortalRecurringJobs(this IServiceProvider services)
    {
        var manager = services.GetRequiredService<IRecurringJobManager>();
        var options = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<JobsOptions>>().Value;
        var recurring = new RecurringJobOptions { TimeZone = TryFindTimeZone(options.TimeZone)! };
        manager.AddOrUpdate<DatabaseMaintenanceJob>(DatabaseMaintenanceJob.Id, j => j.RunAsync(CancellationToken.None), "15 3 * * *", recurring);
        manager.AddOrUpdate<AuditVerificationJob>(AuditVerificationJob.Id, j => j.RunAsync(CancellationToken.None), "45 3 * * *", recurring);
        manager.AddOrUpdate<InvitationCodeJob>(InvitationCodeJob.SweepJobId, j => j.SweepAsync(500, CancellationToken.None), "*/5 * * * *", recurring);
        // Hourly and idempotent: a missed run (restart, downtime) is caught up within the hour, never sent twice.
        manager.AddOrUpdate<PermissionReviewReminderJob>(PermissionReviewReminderJob.Id, j => j.RunAsync(CancellationToken.None), "10 * * * *", recurring);
        manager.AddOrUpdate<RecordingRetentionJob>(RecordingRetentionJob.Id, j => j.RunAsync(CancellationToken.None), "30 3 * * *", recurring);
        manager.AddOrUpdate<CandidateRetentionJob>(CandidateRetentionJob.Id, j => j.RunAsync(CancellationToken.None), CandidateRetentionJob.Cron, recurring);
        manager.AddOrUpdate<SessionAttendanceJob>(SessionAttendanceJob.Id, j => j.RunAsync(CancellationToken.None), "* * * * *", recurring);
        manager.AddOrUpdate<ReminderDispatchJob>(ReminderDispatchJob.Id, j => j.RunAsync(CancellationToken.None), "* * * * *", recurring);
        // What fell due while the portal was down goes out now, not at the next minute's run.
        services.GetRequiredService<IBackgroundJobClient>().Enqueue<ReminderDispatchJob>(j => j.RunAsync(CancellationToken.None));
    }

    internal static TimeZoneInfo? TryFindTimeZone(string id) =>
        TimeZoneInfo.TryFindSystemTimeZoneById(id, out var tz) ? tz : null;
}
