using InterviewPortal.Domain.Reminders;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace InterviewPortal.Web.Data.Configurations;

internal sealed class ReminderConfiguration : IEntityTypeConfiguration<Reminder>
{
    public void Configure(EntityTypeBuilder<Reminder> b)
    {
        b.ToTable("Reminders");
        b.HasKey(r => r.Id);
        b.Property(r => r.Kind).HasConversion<string>().HasMaxLength(30).IsUnicode(false);
        b.Property(r => r.Channel).HasConversion<string>().HasMaxLength(10).IsUnicode(false);
        b.Property(r => r.RecipientRole).HasConversion<string>().HasMaxLength(20).IsUnicode(false);
        b.Property(r => r.State).HasConversion<string>().HasMaxLength(10).IsUnicode(false);
        b.Property(r => r.SkipReason).HasConversion<string>().HasMaxLength(30).IsUnicode(false);
        b.Property(r => r.RecipientId).HasMaxLength(450).IsRequired();
        b.Property(r => r.LastError).HasMaxLength(Reminder.ErrorMaxLength);
        // Every write after the claim is conditional on the claim still being ours: a dispatcher whose lease ran out
        // and was taken over gets a concurrency failure instead of overwriting the other's outcome.
        b.Property(r => r.ClaimToken).IsConcurrencyToken();
        // Each message exists once: a duplicated planning (a retried transaction, a second node) fails here.
        b.HasIndex(r => new { r.SubjectId, r.Kind, r.RecipientId, r.Version, r.Occasion, r.Channel }).IsUnique();
        // The dispatcher's "what is due" read.
        b.HasIndex(r => new { r.State, r.NextAttemptAtUtc });
    }
}
