using InterviewPortal.Domain.Audit;
using InterviewPortal.Domain.Interviews;
using InterviewPortal.Domain.Invitations;
using InterviewPortal.Domain.Notifications;
using InterviewPortal.Domain.Permission;
using InterviewPortal.Domain.Recruiting;
using InterviewPortal.Domain.Reminders;
using InterviewPortal.Domain.Scorecards;
using InterviewPortal.Domain.Sessions;
using InterviewPortal.Web.Integrations.Zego;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace InterviewPortal.Web.Data;

/// <summary>
/// The portal's model, shared by both providers. Each provider has its own subclass so that each keeps its own
/// migration set (EF Core's documented way of targeting two providers).
/// </summary>
public abstract class AppDbContext(DbContextOptions options)
    : IdentityDbContext<ApplicationUser>(options), IDataProtectionKeyContext
{
    public DbSet<AuditRecord> AuditEntries => Set<AuditRecord>();

    public DbSet<AuditIndexEntry> AuditIndex => Set<AuditIndexEntry>();

    public DbSet<AuditIndexProgress> AuditIndexProgress => Set<AuditIndexProgress>();

    public DbSet<PortalSetting> Settings => Set<PortalSetting>();

    public DbSet<Agency> Agencies => Set<Agency>();

    public DbSet<Position> Positions => Set<Position>();

    public DbSet<Candidate> Candidates => Set<Candidate>();

    public DbSet<StageChange> CandidateStageChanges => Set<StageChange>();

    public DbSet<CandidatePosition> CandidatePositions => Set<CandidatePosition>();

    public DbSet<CandidateNameGram> CandidateNameGrams => Set<CandidateNameGram>();

    public DbSet<CandidateFile> CandidateFiles => Set<CandidateFile>();

    public DbSet<CandidateNote> CandidateNotes => Set<CandidateNote>();

    public DbSet<Interview> Interviews => Set<Interview>();

    public DbSet<InterviewParticipant> InterviewInterviewers => Set<InterviewParticipant>();

    public DbSet<InterviewChange> InterviewChanges => Set<InterviewChange>();

    public DbSet<Invitation> Invitations => Set<Invitation>();

    public DbSet<MiniProgramSession> MiniProgramSessions => Set<MiniProgramSession>();

    public DbSet<ConsentRecord> ConsentRecords => Set<ConsentRecord>();

    public DbSet<RescheduleRequest> RescheduleRequests => Set<RescheduleRequest>();
    public DbSet<ServiceCategory> PermissionCategories => Set<ServiceCategory>();

    public DbSet<CalendarDay> HolidayCalendar => Set<CalendarDay>();

    public DbSet<PermissionApplication> PermissionApplications => Set<PermissionApplication>();

    public DbSet<PermissionSubmission> PermissionSubmissions => Set<PermissionSubmission>();

    public DbSet<PermissionMaterial> PermissionMaterials => Set<PermissionMaterial>();

    public DbSet<Notification> Notifications => Set<Notification>();

    public DbSet<Reminder> Reminders => Set<Reminder>();

    public DbSet<ZegoCallbackRecord> ZegoCallbacks => Set<ZegoCallbackRecord>();

    public DbSet<ZegoCallbackNonce> ZegoCallbackNonces => Set<ZegoCallbackNonce>();

    public DbSet<SessionEvent> SessionEvents => Set<SessionEvent>();

    public DbSet<Recording> Recordings => Set<Recording>();

    public DbSet<RecordingFile> RecordingFiles => Set<RecordingFile>();

    public DbSet<Competency> Competencies => Set<Competency>();

    public DbSet<Scorecard> Scorecards => Set<Scorecard>();

    public DbSet<ScorecardRating> ScorecardRatings => Set<ScorecardRating>();

    public DbSet<UserInvitation> UserInvitations => Set<UserInvitation>();

    public DbSet<SavedAuditFilter> SavedAuditFilters => Set<SavedAuditFilter>();

    public DbSet<DataProtectionKey> DataProtectionKeys { get; set; } = null!;

    // Fixed rather than read from IdentityOptions, so design-time tools and every host build the same model.
    protected override Version SchemaVersion => IdentitySchemaVersions.Version2;

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly, t => t.Namespace == typeof(AppDbContext).Namespace + ".Configurations");
        SqlText.Register(builder, Database.IsSqlServer());
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        AuditGuard.RefuseChanges(ChangeTracker);
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        AuditGuard.RefuseChanges(ChangeTracker);
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }
}

public sealed class SqliteDbContext(DbContextOptions<SqliteDbContext> options) : AppDbContext(options);

public sealed class SqlServerDbContext(DbContextOptions<SqlServerDbContext> options) : AppDbContext(options);
