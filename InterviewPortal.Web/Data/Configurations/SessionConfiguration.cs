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
