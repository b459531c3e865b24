using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace InterviewPortal.Web.Data.Configurations;

internal sealed class UserInvitationConfiguration : IEntityTypeConfiguration<UserInvitation>
{
    public void Configure(EntityTypeBuilder<UserInvitation> b)
    {
        b.HasKey(i => i.Id);
        b.Property(i => i.UserId).HasMaxLength(450).IsRequired();
        b.Property(i => i.TokenHash).HasMaxLength(64).IsFixedLength().IsUnicode(false).IsRequired();
        b.Property(i => i.CreatedBy).HasMaxLength(64).IsRequired();
        b.HasIndex(i => i.TokenHash).IsUnique();
        b.HasIndex(i => i.UserId);
        b.HasOne<ApplicationUser>().WithMany().HasForeignKey(i => i.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SavedAuditFilterConfiguration : IEntityTypeConfiguration<SavedAuditFilter>
{
    public void Configure(EntityTypeBuilder<SavedAuditFilter> b)
    {
        b.HasKey(f => f.Id);
        b.Property(f => f.UserId).HasMaxLength(450).IsRequired();
        b.Property(f => f.Name).HasMaxLength(100).IsRequired();
        b.Property(f => f.Actor).HasMaxLength(256);
        b.Property(f => f.Action).HasMaxLength(64);
        b.Property(f => f.Target).HasMaxLength(128);
        b.HasIndex(f => new { f.UserId, f.Name }).IsUnique();
        b.HasOne<ApplicationUser>().WithMany().HasForeignKey(f => f.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
