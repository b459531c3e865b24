using InterviewPortal.Domain.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace InterviewPortal.Web.Data.Configurations;

internal sealed class AuditRecordConfiguration : IEntityTypeConfiguration<AuditRecord>
{
    public void Configure(EntityTypeBuilder<AuditRecord> b)
    {
        b.ToTable(AuditGuard.TableName);
        b.HasKey(a => a.Id);
        // The id is the chain's sequence number, assigned by the appender, never by the database.
        b.Property(a => a.Id).ValueGeneratedNever();
        b.Property(a => a.ActorId).HasMaxLength(64);
        b.Property(a => a.ActorRole).HasMaxLength(128);
        b.Property(a => a.IpAddress).HasMaxLength(64);
        b.Property(a => a.UserAgent).HasMaxLength(512);
        b.Property(a => a.Action).HasMaxLength(64).IsRequired();
        b.Property(a => a.TargetType).HasMaxLength(64);
        b.Property(a => a.TargetId).HasMaxLength(128);
        b.Property(a => a.Summary).HasMaxLength(2000);
        b.Property(a => a.CorrelationId).HasMaxLength(64);
        b.Property(a => a.PreviousHash).HasMaxLength(64).IsFixedLength().IsUnicode(false).IsRequired();
        b.Property(a => a.Hash).HasMaxLength(64).IsFixedLength().IsUnicode(false).IsRequired();
        // Both grow at their end (the time; each action's newest), so an append writes pages it has just written. The
        // lookups by actor and by target, whose keys land anywhere in an index, are in the AuditIndex table beside the
        // trail, written after the append (decision 0015).
        b.HasIndex(a => a.AtUtc);
        b.HasIndex(a => new { a.Action, a.AtUtc });
    }
}
