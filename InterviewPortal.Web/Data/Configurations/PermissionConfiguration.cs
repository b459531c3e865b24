using InterviewPortal.Domain.Notifications;
using InterviewPortal.Domain.Permission;
using InterviewPortal.Web.Features.Permission;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace InterviewPortal.Web.Data.Configurations;

internal sealed class ServiceCategoryConfiguration : IEntityTypeConfiguration<ServiceCategory>
{
    public void Configure(EntityTypeBuilder<ServiceCategory> b)
    {
        b.ToTable("PermissionCategories");
        b.HasKey(c => c.Id);
        b.Property(c => c.Id).ValueGeneratedNever();
        b.Property(c => c.Level1).HasMaxLength(ServiceCategory.LevelMaxLength).IsRequired();
        b.Property(c => c.Level2).HasMaxLength(ServiceCategory.LevelMaxLength);
        b.Property(c => c.Level3).HasMaxLength(ServiceCategory.LevelMaxLength);
        b.Property(c => c.RequiredQualifications).HasMaxLength(ServiceCategory.TextMaxLength).IsRequired();
        b.Property(c => c.OptionalQualifications).HasMaxLength(ServiceCategory.TextMaxLength);
        b.Property(c => c.Scenarios).HasMaxLength(ServiceCategory.TextMaxLength).IsRequired();
        b.Property(c => c.Note).HasMaxLength(ServiceCategory.TextMaxLength);
        b.Property(c => c.Version).IsConcurrencyToken();
        b.Ignore(c => c.Path);
        b.HasOne<ServiceCategory>().WithMany().HasForeignKey(c => c.EligibleAlternativeId).OnDelete(DeleteBehavior.Restrict);
        b.HasData(PermissionSeed.Categories());
    }
}

internal sealed class CalendarDayConfiguration : IEntityTypeConfiguration<CalendarDay>
{
    public void Configure(EntityTypeBuilder<CalendarDay> b)
    {
        b.ToTable("HolidayCalendar");
        b.HasKey(d => d.Date);
        b.Property(d => d.Kind).HasConversion<string>().HasMaxLength(20).IsUnicode(false);
        b.Property(d => d.Name).HasMaxLength(CalendarDay.NameMaxLength).IsRequired();
        b.HasData(PermissionSeed.Calendar());
    }
}

internal sealed class PermissionApplicationConfiguration : IEntityTypeConfiguration<PermissionApplication>
{
    public void Configure(EntityTypeBuilder<PermissionApplication> b)
    {
        b.ToTable("PermissionApplications");
        b.HasKey(a => a.Id);
        b.Property(a => a.Id).ValueGeneratedNever();
        b.Property(a => a.AppId).HasMaxLength(32).IsUnicode(false).IsRequired();
        b.HasIndex(a => a.AppId).IsUnique();
        b.Property(a => a.ProductName).HasMaxLength(PermissionApplication.ProductNameMaxLength).IsRequired();
        b.Property(a => a.OwnerId).HasMaxLength(450).IsRequired();
        b.Property(a => a.State).HasConversion<string>().HasMaxLength(20).IsUnicode(false);
        b.Property(a => a.CategoryPath).HasMaxLength(200);
        b.Property(a => a.LicenceCompanyName).HasMaxLength(PermissionApplication.CompanyNameMaxLength);
        b.Property(a => a.IcpNumber).HasMaxLength(40);
        b.Property(a => a.IcpEntityName).HasMaxLength(PermissionApplication.CompanyNameMaxLength);
        b.Property(a => a.BusinessDescription).HasMaxLength(PermissionApplication.DescriptionMaxLength);
        b.Property(a => a.LivePlayerSwitchedBy).HasMaxLength(450);
        b.Property(a => a.LivePusherSwitchedBy).HasMaxLength(450);
        b.HasOne<ServiceCategory>().WithMany().HasForeignKey(a => a.CategoryId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(a => a.Submissions).WithOne().HasForeignKey(s => s.ApplicationId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(a => a.Materials).WithOne().HasForeignKey(m => m.ApplicationId).OnDelete(DeleteBehavior.Cascade);
        b.Navigation(a => a.Submissions).UsePropertyAccessMode(PropertyAccessMode.Field);
        b.Navigation(a => a.Materials).UsePropertyAccessMode(PropertyAccessMode.Field);
        b.Ignore(a => a.Current);
        b.Ignore(a => a.CurrentMaterials);
        b.Ignore(a => a.InReviewSinceUtc);
        b.HasIndex(a => a.State);
    }
}

internal sealed class PermissionSubmissionConfiguration : IEntityTypeConfiguration<PermissionSubmission>
{
    public void Configure(EntityTypeBuilder<PermissionSubmission> b)
    {
        b.ToTable("PermissionSubmissions");
        b.HasKey(s => s.Id);
        b.HasIndex(s => new { s.ApplicationId, s.Number }).IsUnique();
        b.Property(s => s.Outcome).HasConversion<string>().HasMaxLength(20).IsUnicode(false);
        b.Property(s => s.RejectionReason).HasConversion<string>().HasMaxLength(30).IsUnicode(false);
        b.Property(s => s.RejectionNote).HasMaxLength(PermissionApplication.RejectionNoteMaxLength);
        b.Property(s => s.SubmittedBy).HasMaxLength(450);
        b.Property(s => s.DecidedBy).HasMaxLength(450);
        b.Property(s => s.CategoryPath).HasMaxLength(200);
        b.Property(s => s.LicenceCompanyName).HasMaxLength(PermissionApplication.CompanyNameMaxLength);
        b.Property(s => s.IcpNumber).HasMaxLength(40);
        b.Property(s => s.IcpEntityName).HasMaxLength(PermissionApplication.CompanyNameMaxLength);
        b.Property(s => s.BusinessDescription).HasMaxLength(PermissionApplication.DescriptionMaxLength);
        b.Property(s => s.MaterialIds).HasMaxLength(2000).IsUnicode(false);
    }
}

internal sealed class PermissionMaterialConfiguration : IEntityTypeConfiguration<PermissionMaterial>
{
    public void Configure(EntityTypeBuilder<PermissionMaterial> b)
    {
        b.ToTable("PermissionMaterials");
        b.HasKey(m => m.Id);
        b.Property(m => m.Id).ValueGeneratedNever();
        b.Property(m => m.Kind).HasConversion<string>().HasMaxLength(30).IsUnicode(false);
        b.Property(m => m.FileName).HasMaxLength(200).IsRequired();
        b.Property(m => m.ContentType).HasMaxLength(20).IsUnicode(false).IsRequired();
        b.Property(m => m.Sha256).HasMaxLength(64).IsUnicode(false).IsRequired();
        b.Property(m => m.UploadedBy).HasMaxLength(450).IsRequired();
        b.HasIndex(m => new { m.ApplicationId, m.Kind });
    }
}

internal sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> b)
    {
        b.ToTable("Notifications");
        b.HasKey(n => n.Id);
        b.Property(n => n.UserId).HasMaxLength(450).IsRequired();
        b.Property(n => n.MessageKey).HasMaxLength(100).IsUnicode(false).IsRequired();
        b.Property(n => n.Arguments).HasMaxLength(2000).IsRequired();
        b.Property(n => n.Link).HasMaxLength(400);
        b.Property(n => n.DedupKey).HasMaxLength(Notification.DedupKeyMaxLength).IsUnicode(false).IsRequired();
        b.HasIndex(n => n.DedupKey).IsUnique();
        b.HasIndex(n => new { n.UserId, n.ReadAtUtc, n.CreatedAtUtc });
    }
}
