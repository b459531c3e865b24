using InterviewPortal.Domain.Interviews;
using InterviewPortal.Domain.Scorecards;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace InterviewPortal.Web.Data.Configurations;

internal sealed class CompetencyConfiguration : IEntityTypeConfiguration<Competency>
{
    public void Configure(EntityTypeBuilder<Competency> b)
    {
        b.ToTable("Competencies");
        b.HasKey(c => c.Id);
        b.Property(c => c.Id).ValueGeneratedNever();
        b.Property(c => c.Name).HasMaxLength(Competency.NameMaxLength).IsRequired();
        b.Property(c => c.Description).HasMaxLength(Competency.DescriptionMaxLength);
        b.HasIndex(c => new { c.Round, c.Order });
        b.HasData(CompetencyDefaults.All());
    }
}

internal sealed class ScorecardConfiguration : IEntityTypeConfiguration<Scorecard>
{
    public void Configure(EntityTypeBuilder<Scorecard> b)
    {
        b.ToTable("Scorecards");
        b.HasKey(s => s.Id);
        b.Property(s => s.Id).ValueGeneratedNever();
        b.Property(s => s.InterviewerId).HasMaxLength(450).IsRequired();
        b.Property(s => s.Status).HasConversion<string>().HasMaxLength(20).IsUnicode(false);
        b.Property(s => s.Recommendation).HasConversion<string>().HasMaxLength(20).IsUnicode(false);
        b.Property(s => s.Strengths).HasMaxLength(Scorecard.TextMaxLength);
        b.Property(s => s.Concerns).HasMaxLength(Scorecard.TextMaxLength);
        b.Ignore(s => s.IsSubmitted);
        b.HasOne<Interview>().WithMany().HasForeignKey(s => s.InterviewId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(s => s.Ratings).WithOne().HasForeignKey(r => r.ScorecardId).OnDelete(DeleteBehavior.Cascade);
        b.Navigation(s => s.Ratings).UsePropertyAccessMode(PropertyAccessMode.Field);
        // One row per version; two tabs starting the same version at once: the second insert fails.
        b.HasIndex(s => new { s.InterviewId, s.InterviewerId, s.Version }).IsUnique();
        // Scorecard timeliness: a seat's first version and when it was submitted, from the index alone.
        b.HasIndex(s => new { s.InterviewId, s.InterviewerId, s.Version, s.Status, s.SubmittedAtUtc }).HasDatabaseName("IX_Scorecards_Timeliness");
        // "Feedback pending" counts: an interviewer's submitted cards.
        b.HasIndex(s => new { s.InterviewerId, s.Status, s.InterviewId });
    }
}

internal sealed class ScorecardRatingConfiguration : IEntityTypeConfiguration<ScorecardRating>
{
    public void Configure(EntityTypeBuilder<ScorecardRating> b)
    {
        b.ToTable("ScorecardRatings");
        b.HasKey(r => r.Id);
        b.Property(r => r.CompetencyName).HasMaxLength(Competency.NameMaxLength).IsRequired();
        b.Property(r => r.Evidence).HasMaxLength(Scorecard.EvidenceMaxLength);
        b.HasIndex(r => new { r.ScorecardId, r.CompetencyId }).IsUnique();
    }
}
