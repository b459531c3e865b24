using InterviewPortal.Domain.Sessions;
using InterviewPortal.Web.Integrations.Zego;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace InterviewPortal.Web.Data.Configurations;

internal sealed class ZegoCallbackRecordConfiguration : IEntityTypeConfiguration<ZegoCallbackRecord>
{
    public void Configure(EntityTypeBuilder<ZegoCallbackRecord> b)
    {
        b.ToTable("ZegoCallbacks");
        b.HasKey(c => c.Id);
        b.Property(c => c.DedupKey).HasMaxLength(ZegoCallbackRecord.DedupKeyMaxLength).IsRequired();
        b.HasIndex(c => c.DedupKey).IsUnique();
        b.Property(c => c.Event).HasMaxLength(64).IsUnicode(false).IsRequired();
        b.Property(c => c.RoomId).HasMaxLength(128);
        b.Property(c => c.Body).IsRequired();
        // The processor's queue: what is not processed yet, oldest first.
        b.HasIndex(c => new { c.ProcessedAtUtc, c.Id });
    }
}

internal sealed class ZegoCallbackNonceConfiguration : IEntityTypeConfiguration<ZegoCallbackNonce>
{
    public void Configure(EntityTypeBuilder<ZegoCallbackNonce> b)
    {
        b.ToTable("ZegoCallbackNonces");
        b.HasKey(n => n.Id);
        b.Property(n => n.Nonce).HasMaxLength(64).IsUnicode(false).IsRequired();
        b.Property(n => n.Signature).HasMaxLength(40).IsUnicode(false).IsRequired();
        b.HasIndex(n => new { n.Nonce, n.Timestamp, n.Signature }).IsUnique();
        b.HasIndex(n => n.SeenAtUtc);
    }
}

internal sealed class SessionEventConfiguration : IEntityTypeConfiguration<SessionEvent>
{
    public void Configure(EntityTypeBuilder<SessionEvent> b)
    {
        b.ToTable("SessionEvents");
        b.HasKey(e => e.Id);
        b.HasIndex(e => e.SourceId).IsUnique();
        b.HasIndex(e => new { e.InterviewId, e.AtUtc });
        b.Property(e => e.RoomSessionId).HasMaxLength(20).IsUnicode(false).IsRequired();
        b.Property(e => e.PanelUserId).HasMaxLength(450);
        b.Ignore(e => e.PartyKey);
        b.Ignore(e => e.IsErrorLeave);
    }
}

internal sealed class RecordingConfiguration : IEntityTypeConfiguration<Recording>
{
    public void Configure(EntityTypeBuilder<Recording> b)
    {
        b.ToTable("Recordings");
        b.HasKey(r => r.Id);
        b.Property(r => r.ClientTaskId).HasMaxLength(64).IsUnicode(false).IsRequired();
        b.HasIndex(r => r.ClientTaskId).IsUnique();
        b.Property(r => r.RoomSessionId).HasMaxLength(20).IsUnicode(false).IsRequired();
        b.Property(r => r.TaskId).HasMaxLength(64).IsUnicode(false);
        b.HasIndex(r => r.TaskId);
        b.Property(r => r.LastError).HasMaxLength(Recording.ReasonMaxLength);
        b.HasIndex(r => new { r.InterviewId, r.Id });
        // The sweeps: by state, then the time they look at.
        b.HasIndex(r => new { r.State, r.CreatedAtUtc });
        b.HasMany(r => r.Files).WithOne().HasForeignKey(f => f.RecordingId).OnDelete(DeleteBehavior.Cascade);
        b.Navigation(r => r.Files).UsePropertyAccessMode(PropertyAccessMode.Field);
        b.Ignore(r => r.IsActive);
    }
}

internal sealed class RecordingFileConfiguration : IEntityTypeConfiguration<RecordingFile>
{
    public void Configure(EntityTypeBuilder<RecordingFile> b)
    {
        b.ToTable("RecordingFiles");
        b.HasKey(f => f.Id);
        b.Property(f => f.FileId).HasMaxLength(300).IsRequired();
        b.HasIndex(f => new { f.RecordingId, f.FileId }).IsUnique();
        b.Property(f => f.StreamId).HasMaxLength(256);
        b.Property(f => f.VideoUserId).HasMaxLength(64);
        b.Property(f => f.Url).HasMaxLength(2048);
        b.Property(f => f.Format).HasMaxLength(16).IsUnicode(false).IsRequired();
        b.Ignore(f => f.IsPlayable);
    }
}
