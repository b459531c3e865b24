using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace InterviewPortal.Web.Data.Configurations;

internal sealed class AuditIndexEntryConfiguration : IEntityTypeConfiguration<AuditIndexEntry>
{
    public void Configure(EntityTypeBuilder<AuditIndexEntry> b)
    {
        // Not "AuditEntries…": AuditGuard refuses any UPDATE or DELETE that names the trail's table.
        b.ToTable("AuditIndex");
        // The key is the lookup: (kind, actor or target id) and the entries in sequence order.
        b.HasKey(x => new { x.Kind, x.Key, x.EntryId });
        // As long as the longest key it holds: the trail's TargetId (an ActorId is at most 64).
        b.Property(x => x.Key).HasMaxLength(128);
    }
}

internal sealed class AuditIndexProgressConfiguration : IEntityTypeConfiguration<AuditIndexProgress>
{
    public void Configure(EntityTypeBuilder<AuditIndexProgress> b)
    {
        b.ToTable("AuditIndexProgress");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).ValueGeneratedNever();
    }
}
