using InterviewPortal.Domain.Interviews;
using InterviewPortal.Domain.Recruiting;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace InterviewPortal.Web.Data.Configurations;

internal sealed class AgencyConfiguration : IEntityTypeConfiguration<Agency>
{
    public void Configure(EntityTypeBuilder<Agency> b)
    {
        b.ToTable("Agencies");
        b.HasKey(a => a.Id);
        b.Property(a => a.Id).ValueGeneratedNever();
        b.Property(a => a.Name).HasMaxLength(100).IsRequired();
        b.Property(a => a.ContactName).HasMaxLength(100).IsRequired();
        b.Property(a => a.ContactPhone).HasMaxLength(11).IsUnicode(false);
        b.Property(a => a.ContactEmail).HasMaxLength(256);
        b.HasIndex(a => a.Name).IsUnique();
    }
}

internal sealed class PositionConfiguration : IEntityTypeConfiguration<Position>
{
    public void Configure(EntityTypeBuilder<Position> b)
    {
        b.ToTable("Positions");
        b.HasKey(p => p.Id);
        b.Property(p => p.Id).ValueGeneratedNever();
        b.Property(p => p.Title).HasMaxLength(Position.TitleMaxLength).IsRequired();
        b.Property(p => p.Department).HasMaxLength(100).IsRequired();
        b.Property(p => p.Location).HasMaxLength(100).IsRequired();
        b.Property(p => p.HiringOwnerId).HasMaxLength(450).IsRequired();
        // The default rounds are a small value list read and written with the position: one JSON column.
        b.OwnsMany(p => p.DefaultRounds, r => r.ToJson());
        b.HasIndex(p => new { p.IsOpen, p.Title });
    }
}

internal sealed class CandidateConfiguration : IEntityTypeConfiguration<Candidate>
{
    public void Configure(EntityTypeBuilder<Candidate> b)
    {
        b.ToTable("Candidates");
        b.HasKey(c => c.Id);
        b.Property(c => c.Id).ValueGeneratedNever();
        b.Property(c => c.Name).HasMaxLength(Candidate.NameMaxLength).IsRequired();
        b.Property(c => c.Phone).HasMaxLength(11).IsUnicode(false).IsRequired();
        b.Property(c => c.Email).HasMaxLength(Candidate.EmailMaxLength);
        b.Property(c => c.Language).HasMaxLength(10).IsUnicode(false);
        b.Property(c => c.CreatedBy).HasMaxLength(450);
        b.Property(c => c.WeChatOpenId).HasMaxLength(Candidate.OpenIdMaxLength).IsUnicode(false);
        b.HasIndex(c => c.WeChatOpenId);
        b.HasOne<Agency>().WithMany().HasForeignKey(c => c.AgencyId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(c => c.History).WithOne().HasForeignKey(h => h.CandidateId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(c => c.Positions).WithOne().HasForeignKey(p => p.CandidateId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(c => c.NameGrams).WithOne().HasForeignKey(g => g.CandidateId).OnDelete(DeleteBehavior.Cascade);
        b.Navigation(c => c.History).UsePropertyAccessMode(PropertyAccessMode.Field);
        b.Navigation(c => c.Positions).UsePropertyAccessMode(PropertyAccessMode.Field);
        b.Navigation(c => c.NameGrams).UsePropertyAccessMode(PropertyAccessMode.Field);
        b.HasIndex(c => c.Phone);
        b.HasIndex(c => c.Email);
        // The list (newest first): each index leads with what narrows it, then the order, then the columns the other
        // filters read, so counting and paging decide every row from the index alone (docs/perf.md).
        b.HasIndex(c => new { c.CreatedAtUtc, c.Id, c.Stage, c.AgencyId }).HasDatabaseName("IX_Candidates_CreatedAtUtc");
        b.HasIndex(c => new { c.Stage, c.CreatedAtUtc, c.Id, c.AgencyId }).HasDatabaseName("IX_Candidates_Stage_CreatedAtUtc");
        b.HasIndex(c => new { c.AgencyId, c.CreatedAtUtc, c.Id, c.Stage }).HasDatabaseName("IX_Candidates_AgencyId_CreatedAtUtc");
        // An agency's candidates in one stage (every agency user's stage filter): both equalities, then the order. Without
        // it SQLite walks the whole stage in date order checking the agency, thousands of rows for a small agency.
        b.HasIndex(c => new { c.AgencyId, c.Stage, c.CreatedAtUtc, c.Id }).HasDatabaseName("IX_Candidates_AgencyId_Stage_CreatedAtUtc");
        // Retention: the not-yet-anonymised candidates of an exit stage, oldest entry first. Led by the anonymisation
        // time so no list query (which never filters on it) is tempted by it.
        b.HasIndex(c => new { c.AnonymisedAtUtc, c.Stage, c.StageEnteredAtUtc }).HasDatabaseName("IX_Candidates_Retention");
        b.HasIndex(c => c.FilesPendingDeletion);
    }
}

internal sealed class CandidateNameGramConfiguration : IEntityTypeConfiguration<CandidateNameGram>
{
    public void Configure(EntityTypeBuilder<CandidateNameGram> b)
    {
        b.ToTable("CandidateNameGrams");
        // Keyed by the piece first: a name search reads one key's candidates.
        b.HasKey(g => new { g.Gram, g.CandidateId });
        b.Property(g => g.Gram).HasMaxLength(CandidateNameGram.MaxLength);
        b.HasIndex(g => g.CandidateId);
    }
}

internal sealed class StageChangeConfiguration : IEntityTypeConfiguration<StageChange>
{
    public void Configure(EntityTypeBuilder<StageChange> b)
    {
        b.ToTable("CandidateStageChanges");
        b.HasKey(h => h.Id);
        b.Property(h => h.By).HasMaxLength(450);
        b.Property(h => h.Reason).HasMaxLength(500);
        b.HasIndex(h => new { h.CandidateId, h.AtUtc });
        // Time in stage and time to hire: the moves of a date range, with what they moved between and how long the left
        // stage lasted.
        b.HasIndex(h => new { h.AtUtc, h.To, h.From, h.CandidateId, h.SecondsInFrom }).HasDatabaseName("IX_CandidateStageChanges_AtUtc");
    }
}

internal sealed class CandidatePositionConfiguration : IEntityTypeConfiguration<CandidatePosition>
{
    public void Configure(EntityTypeBuilder<CandidatePosition> b)
    {
        b.ToTable("CandidatePositions");
        b.HasKey(p => new { p.CandidateId, p.PositionId });
        b.HasOne<Position>().WithMany().HasForeignKey(p => p.PositionId).OnDelete(DeleteBehavior.Restrict);
        // A position's applicants without visiting their rows.
        b.HasIndex(p => new { p.PositionId, p.CandidateId });
    }
}

internal sealed class InterviewConfiguration : IEntityTypeConfiguration<Interview>
{
    public void Configure(EntityTypeBuilder<Interview> b)
    {
        b.ToTable("Interviews");
        b.HasKey(i => i.Id);
        b.Property(i => i.Id).ValueGeneratedNever();
        b.Property(i => i.CandidateTimeZone).HasMaxLength(64).IsRequired();
        b.Property(i => i.NotesForInterviewers).HasMaxLength(2000);
        b.Property(i => i.VideoRoomId).HasMaxLength(64).IsUnicode(false).IsRequired();
        b.Property(i => i.CancelReason).HasMaxLength(500);
        b.Property(i => i.Version).IsConcurrencyToken();
        b.HasOne<Domain.Recruiting.Candidate>().WithMany().HasForeignKey(i => i.CandidateId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Position>().WithMany().HasForeignKey(i => i.PositionId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Agency>().WithMany().HasForeignKey(i => i.AgencyId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(i => i.Interviewers).WithOne().HasForeignKey(p => p.InterviewId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(i => i.History).WithOne().HasForeignKey(h => h.InterviewId).OnDelete(DeleteBehavior.Cascade);
        b.Navigation(i => i.Interviewers).UsePropertyAccessMode(PropertyAccessMode.Field);
        b.Navigation(i => i.History).UsePropertyAccessMode(PropertyAccessMode.Field);
        b.HasIndex(i => i.VideoRoomId).IsUnique();
        // The list: each index leads with what narrows it (dates, a status, a position, an agency, a candidate), then
        // the list's order (StartUtc, Id), then every other column a filter reads, so counting and paging decide each
        // row from the index and read the table only for the rows shown (docs/perf.md). A round is a fifth of all
        // interviews, never the best way in: it is read from these. Counting the whole list walks the small Status index.
        b.HasIndex(i => new { i.StartUtc, i.Id, i.Status, i.Round, i.PositionId, i.AgencyId, i.CandidateId }).HasDatabaseName("IX_Interviews_StartUtc");
        // Also what the recording coverage report reads (the latest consent, whether a recording started): it counts the
        // interviews of a few statuses over a range, which SQLite reads from this index.
        b.HasIndex(i => new { i.Status, i.StartUtc, i.Id, i.Round, i.PositionId, i.AgencyId, i.CandidateId, i.RecordingConsent, i.RecordingStarted }).HasDatabaseName("IX_Interviews_Status_StartUtc");
        b.HasIndex(i => new { i.PositionId, i.StartUtc, i.Id, i.Status, i.Round, i.AgencyId, i.CandidateId }).HasDatabaseName("IX_Interviews_PositionId_StartUtc");
        b.HasIndex(i => new { i.AgencyId, i.StartUtc, i.Id, i.Status, i.Round, i.PositionId, i.CandidateId }).HasDatabaseName("IX_Interviews_AgencyId_StartUtc");
        b.HasIndex(i => new { i.CandidateId, i.StartUtc, i.Id, i.Status, i.Round, i.PositionId, i.AgencyId }).HasDatabaseName("IX_Interviews_CandidateId_StartUtc");
        b.HasIndex(i => i.Status).HasDatabaseName("IX_Interviews_Status");
        // The reschedule report: moves are read from the version and the candidate's count, so a date range is counted
        // from the index alone.
        b.HasIndex(i => new { i.StartUtc, i.Round, i.Status, i.Version, i.CandidateReschedules, i.PositionId, i.AgencyId })
            .HasDatabaseName("IX_Interviews_StartUtc_Reschedules");
    }
}

internal sealed class InterviewParticipantConfiguration : IEntityTypeConfiguration<InterviewParticipant>
{
    public void Configure(EntityTypeBuilder<InterviewParticipant> b)
    {
        b.ToTable("InterviewInterviewers");
        b.HasKey(p => new { p.InterviewId, p.UserId });
        b.Property(p => p.UserId).HasMaxLength(450);
        b.HasOne<ApplicationUser>().WithMany().HasForeignKey(p => p.UserId).OnDelete(DeleteBehavior.Restrict);
        // Conflict checks, "my interviews", an interviewer's list and the calendar: one person's slots by time, with the
        // interview's list columns (copied by the Domain), so those lists are read from this index alone.
        b.HasIndex(p => new { p.UserId, p.StartUtc, p.InterviewId, p.Status, p.Round, p.PositionId, p.AgencyId, p.CandidateId })
            .HasDatabaseName("IX_InterviewInterviewers_UserId_StartUtc");
        // Reports over a date range for everyone (interviewer load, scorecard timeliness, feedback owed): every seat of the
        // range, with the filters' columns, the end and the first scorecard's delay, from the index alone.
        b.HasIndex(p => new { p.StartUtc, p.UserId, p.Status, p.Round, p.PositionId, p.AgencyId, p.InterviewId, p.EndUtc, p.FeedbackDelaySeconds })
            .HasDatabaseName("IX_InterviewInterviewers_StartUtc");
    }
}

internal sealed class InterviewChangeConfiguration : IEntityTypeConfiguration<InterviewChange>
{
    public void Configure(EntityTypeBuilder<InterviewChange> b)
    {
        b.ToTable("InterviewChanges");
        b.HasKey(h => h.Id);
        b.Property(h => h.By).HasMaxLength(450).IsRequired();
        b.Property(h => h.Reason).HasMaxLength(500);
        b.HasIndex(h => new { h.InterviewId, h.Version });
    }
}

internal sealed class CandidateFileConfiguration : IEntityTypeConfiguration<CandidateFile>
{
    public void Configure(EntityTypeBuilder<CandidateFile> b)
    {
        b.ToTable("CandidateFiles");
        b.HasKey(f => f.Id);
        b.Property(f => f.Id).ValueGeneratedNever();
        b.Property(f => f.FileName).HasMaxLength(200).IsRequired();
        b.Property(f => f.Sha256).HasMaxLength(64).IsFixedLength().IsUnicode(false).IsRequired();
        b.Property(f => f.UploadedBy).HasMaxLength(450).IsRequired();
        b.HasOne<Candidate>().WithMany().HasForeignKey(f => f.CandidateId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(f => new { f.CandidateId, f.UploadedAtUtc });
    }
}

internal sealed class CandidateNoteConfiguration : IEntityTypeConfiguration<CandidateNote>
{
    public void Configure(EntityTypeBuilder<CandidateNote> b)
    {
        b.ToTable("CandidateNotes");
        b.HasKey(n => n.Id);
        b.Property(n => n.Text).HasMaxLength(CandidateNote.MaxLength).IsRequired();
        b.Property(n => n.AuthorId).HasMaxLength(450).IsRequired();
        b.HasOne<Candidate>().WithMany().HasForeignKey(n => n.CandidateId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(n => new { n.CandidateId, n.CreatedAtUtc });
    }
}
