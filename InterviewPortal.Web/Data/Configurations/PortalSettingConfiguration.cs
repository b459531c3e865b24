using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace InterviewPortal.Web.Data.Configurations;

internal sealed class PortalSettingConfiguration : IEntityTypeConfiguration<PortalSetting>
{
    public void Configure(EntityTypeBuilder<PortalSetting> b)
    {
        b.ToTable("Settings");
        b.HasKey(s => s.Key);
        b.Property(s => s.Key).HasMaxLength(128);
        b.Property(s => s.ValueJson).IsRequired();
        b.Property(s => s.UpdatedBy).HasMaxLength(64);
    }
}
