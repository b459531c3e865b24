using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace InterviewPortal.Web.Data.Configurations;

internal sealed class ApplicationUserConfiguration : IEntityTypeConfiguration<ApplicationUser>
{
    public void Configure(EntityTypeBuilder<ApplicationUser> b)
    {
        b.Property(u => u.DisplayName).HasMaxLength(100).IsRequired();
        b.Property(u => u.TimeZone).HasMaxLength(64).IsRequired().HasDefaultValue(ApplicationUser.DefaultTimeZone);
        b.Property(u => u.Language).HasMaxLength(10).IsUnicode(false).IsRequired().HasDefaultValue(ApplicationUser.DefaultLanguage);
        b.HasOne<InterviewPortal.Domain.Recruiting.Agency>().WithMany().HasForeignKey(u => u.AgencyId).OnDelete(DeleteBehavior.Restrict);
    }
}
