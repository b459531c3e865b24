using InterviewPortal.Domain.Interviews;
using InterviewPortal.Domain.Invitations;
using InterviewPortal.Domain.Recruiting;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace InterviewPortal.Web.Data.Configurations;

internal sealed class InvitationConfiguration : IEntityTypeConfiguration<Invitation>
{
    public void Configure(EntityTypeBuilder<Invitation> b)
    {
        b.ToTable("Invitations");
        b.HasKey(i => i.Id);
        b.Property(i => i.Id).ValueGeneratedNever();
        b.Property(i => i.TokenHash).HasMaxLength(64).IsFixedLength().IsUnicode(false).IsRequired();
        b.Property(i => i.ProtectedToken).HasMaxLength(200).IsUnicode(false).IsRequired();
        b.Property(i => i.CreatedBy).HasMaxLength(450).IsRequired();
        b.Property(i => i.CodeError).HasMaxLength(500);
        b.HasOne<Interview>().WithMany().HasForeignKey(i => i.InterviewId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Candidate>().WithMany().HasForeignKey(i => i.CandidateId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(i => i.TokenHash).IsUnique();
        b.HasIndex(i => new { i.InterviewId, i.CreatedAtUtc });
        // Pending codes for the generator job, and the join-mode hand-over's count of pending invitations.
        b.HasIndex(i => new { i.RevokedAtUtc, i.ExpiresAtUtc });
    }
}

internal sealed class MiniProgramSessionConfiguration : IEntityTypeConfiguration<MiniProgramSession>
{
    public void Configure(EntityTypeBuilder<MiniProgramSession> b)
    {
        b.ToTable("MiniProgramSessions");
        b.HasKey(s => s.Id);
        b.Property(s => s.Id).ValueGeneratedNever();
        b.Property(s => s.TokenHash).HasMaxLength(64).IsFixedLength().IsUnicode(false).IsRequired();
        b.Property(s => s.OpenId).HasMaxLength(Candidate.OpenIdMaxLength).IsUnicode(false).IsRequired();
        b.HasIndex(s => s.TokenHash).IsUnique();
        b.HasIndex(s => s.ExpiresAtUtc);
    }
}

internal sealed class ConsentRecordConfiguration : IEntityTypeConfiguration<ConsentRecord>
{
    public void Configure(EntityTypeBuilder<ConsentRecord> b)
    {
        b.ToTable("ConsentRecords");
        b.HasKey(c => c.Id);
        b.Property(c => c.NoticeVersion).HasMaxLength(ConsentRecord.NoticeVersionMaxLength).IsUnicode(false).IsRequired();
        b.Property(c => c.RecordedBy).HasMaxLength(450);
        b.HasOne<Candidate>().WithMany().HasForeignKey(c => c.CandidateId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(c => new { c.CandidateId, c.Kind, c.AtUtc });
        // The recording-coverage report reads each interview's latest recording answer.
        b.HasIndex(c => new { c.InterviewId, c.Kind, c.AtUtc, c.Granted }).HasDatabaseName("IX_ConsentRecords_InterviewId_Kind_AtUtc");
    }
}

internal sealed class RescheduleRequestConfiguration : IEntityTypeConfiguration<RescheduleRequest>
{
    public void Configure(EntityTypeBuilder<RescheduleRequest> b)
    {
        b.ToTable("RescheduleRequests");
        b.HasKey(r => r.Id);
        b.Property(r => r.Id).ValueGeneratedNever();
        b.Property(r => r.Reason).HasMaxLength(Interview.ReasonMaxLength).IsRequired();
        b.Property(r => r.DecisionNote).HasMaxLength(Interview.ReasonMaxLength);
        b.Property(r => r.DecidedBy).HasMaxLength(450);
        b.HasOne<Interview>().WithMany().HasForeignKey(r => r.InterviewId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(r => new { r.InterviewId, r.CreatedAtUtc });
        b.HasIndex(r => new { r.Status, r.CreatedAtUtc });
    }
}
