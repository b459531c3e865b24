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
        b.HasIndex(a => a.AtUtc);
        b.HasIndex(a => new { a.ActorId, a.AtUtc });
        b.HasIndex(a => new { a.Action, a.AtUtc });
        b.HasIndex(a => new { a.TargetType, a.TargetId });
    }
}
