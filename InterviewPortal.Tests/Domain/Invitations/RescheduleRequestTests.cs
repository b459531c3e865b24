using InterviewPortal.Domain;
using InterviewPortal.Domain.Interviews;

namespace InterviewPortal.Tests.Domain.Invitations;

/// <summary>A candidate's reschedule request is judged by the candidate rules at the time they ask.</summary>
public sealed class RescheduleRequestTests
{
    private static readonly DateTime Now = new(2026, 11, 20, 8, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime Start = Now.AddDays(3);

    private static Interview NewInterview() =>
        Interview.Schedule(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), null, InterviewRound.Technical, Start, 60, ["ia"], null, null, "hr", Now);

    [Fact]
    public void AValidRequest_IsPending_ForTheVersionTheCandidateSaw()
    {
        var interview = NewInterview();

        var r = RescheduleRequest.Ask(interview, Start.AddDays(1), "出差", SchedulingPolicy.Default, Now);

        Assert.Equal((RescheduleRequestStatus.Pending, 1, "出差"), (r.Status, r.InterviewVersion, r.Reason));
    }

    [Theory]
    [InlineData(null, "InterviewRescheduleReasonRequired")]
    [InlineData("   ", "InterviewRescheduleReasonRequired")]
    public void AReason_IsRequired(string? reason, string key) =>
        Assert.Equal(key, Assert.Throws<DomainException>(() => RescheduleRequest.Ask(NewInterview(), Start.AddDays(1), reason, SchedulingPolicy.Default, Now)).MessageKey);

    [Fact]
    public void TooLate_TooFar_OrInThePast_IsRefused()
    {
        var interview = NewInterview();

        Assert.Equal("InterviewCandidateRescheduleTooLate", Assert.Throws<DomainException>(() => RescheduleRequest.Ask(interview, Start.AddDays(1), "x", SchedulingPolicy.Default, Start.AddHours(-23))).MessageKey);
        Assert.Equal("InterviewCandidateRescheduleOutOfWindow", Assert.Throws<DomainException>(() => RescheduleRequest.Ask(interview, Start.AddDays(31), "x", SchedulingPolicy.Default, Now)).MessageKey);
        Assert.Equal("InterviewStartInPast", Assert.Throws<DomainException>(() => RescheduleRequest.Ask(interview, Now.AddMinutes(-1), "x", SchedulingPolicy.Default, Now)).MessageKey);
        Assert.Equal("InterviewRescheduleSameSlot", Assert.Throws<DomainException>(() => RescheduleRequest.Ask(interview, Start, "x", SchedulingPolicy.Default, Now)).MessageKey);
    }

    [Fact]
    public void AnApprovedRequest_IsJudgedByWhenItWasMade_NotWhenHrApproves()
    {
        var interview = NewInterview();
        var askedAt = Start.AddHours(-30);
        var r = RescheduleRequest.Ask(interview, Start.AddDays(1), "x", SchedulingPolicy.Default, askedAt);

        // HR approves 20 h before the start: later than candidates may ask, but the request was in time.
        var change = interview.Reschedule(r.RequestedStartUtc, 60, r.Reason, "hr", byCandidate: true, SchedulingPolicy.Default, Start.AddHours(-20), r.CreatedAtUtc);
        r.Approve("hr", Start.AddHours(-20));

        Assert.True(change.ByCandidate);
        Assert.Equal(1, interview.CandidateReschedules);
        Assert.Equal(RescheduleRequestStatus.Approved, r.Status);
        Assert.Equal("RescheduleRequestAlreadyDecided", Assert.Throws<DomainException>(() => r.Decline("hr", "no", Now)).MessageKey);
    }

    [Fact]
    public void Declining_NeedsANote()
    {
        var r = RescheduleRequest.Ask(NewInterview(), Start.AddDays(1), "x", SchedulingPolicy.Default, Now);

        Assert.Equal("RescheduleDeclineNoteRequired", Assert.Throws<DomainException>(() => r.Decline("hr", " ", Now)).MessageKey);
    }
}
