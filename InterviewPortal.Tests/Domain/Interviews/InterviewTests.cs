using InterviewPortal.Domain;
using InterviewPortal.Domain.Interviews;

namespace InterviewPortal.Tests.Domain.Interviews;

public sealed class InterviewTests
{
    private static readonly DateTime Now = new(2026, 11, 25, 2, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime Start = Now.AddDays(3);

    private static Interview Schedule(int duration = 60, params string[] interviewers) =>
        Interview.Schedule(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), null, InterviewRound.Technical, Start, duration,
            interviewers.Length == 0 ? ["i1", "i2"] : interviewers, null, null, "hr1", Now);

    [Fact]
    public void Schedule_StartsAtVersionOne_WithAnAsciiRoomIdAndHistory()
    {
        var iv = Schedule();

        Assert.Equal(InterviewStatus.Scheduled, iv.Status);
        Assert.Equal(1, iv.Version);
        Assert.Equal(Start.AddMinutes(60), iv.EndUtc);
        Assert.Matches("^iv[0-9a-f]{32}$", iv.VideoRoomId);
        Assert.Equal("Asia/Shanghai", iv.CandidateTimeZone);
        Assert.Equal(2, iv.Interviewers.Count);
        Assert.Equal(InterviewChangeKind.Scheduled, Assert.Single(iv.History).Kind);
    }

    [Theory]
    [InlineData(14)]
    [InlineData(181)]
    public void Schedule_RefusesDurationsOutside15To180(int minutes)
    {
        Assert.Equal("InterviewDurationOutOfRange", Assert.Throws<DomainException>(() => Schedule(minutes)).MessageKey);
    }

    [Fact]
    public void Schedule_RefusesNoInterviewerOrMoreThanSeven()
    {
        Assert.Equal("InterviewInterviewerCount", Assert.Throws<DomainException>(() => Interview.Schedule(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), null, InterviewRound.HR, Start, 30, [], null, null, "hr", Now)).MessageKey);
        Assert.Equal("InterviewInterviewerCount", Assert.Throws<DomainException>(() => Schedule(60, "1", "2", "3", "4", "5", "6", "7", "8")).MessageKey);
        Assert.Equal(7, Schedule(60, "1", "2", "3", "4", "5", "6", "7", "7").Interviewers.Count);
    }

    [Fact]
    public void Schedule_RefusesAStartInThePast_AndAnUnknownTimeZone()
    {
        Assert.Equal("InterviewStartInPast", Assert.Throws<DomainException>(() => Interview.Schedule(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), null, InterviewRound.HR, Now.AddMinutes(-1), 30, ["i"], null, null, "hr", Now)).MessageKey);
        Assert.Equal("TimeZoneUnknown", Assert.Throws<DomainException>(() => Interview.Schedule(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), null, InterviewRound.HR, Start, 30, ["i"], "Mars/Base", null, "hr", Now)).MessageKey);
    }

    [Fact]
    public void Reschedule_BumpsTheVersion_MovesThePanel_AndKeepsOldAndNewSlots()
    {
        var iv = Schedule();
        var newStart = Start.AddDays(1);

        var change = iv.Reschedule(newStart, 45, "面试官出差", "hr1", byCandidate: false, SchedulingPolicy.Default, Now);

        Assert.Equal(2, iv.Version);
        Assert.Equal(newStart, iv.StartUtc);
        Assert.Equal(45, iv.DurationMinutes);
        Assert.All(iv.Interviewers, p => Assert.Equal(newStart, p.StartUtc));
        Assert.Equal((Start, 60, newStart, 45), (change.OldStartUtc!.Value, change.OldDurationMinutes!.Value, change.NewStartUtc!.Value, change.NewDurationMinutes!.Value));
        Assert.Equal("面试官出差", change.Reason);
        Assert.Equal(Start, iv.OriginalStartUtc);
    }

    [Fact]
    public void ASeat_KeepsItsFirstFeedbackSubmission_WithTheDelayFromTheEnd_AndMeasuresItAgainIfTheSlotMoves()
    {
        var iv = Schedule();
        var seat = iv.Interviewers[0];
        var end = iv.EndUtc;

        seat.RecordFeedbackSubmitted(end.AddHours(6).AddSeconds(30));
        seat.RecordFeedbackSubmitted(end.AddHours(90)); // an amendment: the first submission stays

        Assert.Equal((end.AddHours(6).AddSeconds(30), 6 * 3600 + 30), (seat.FeedbackSubmittedAtUtc!.Value, seat.FeedbackDelaySeconds!.Value));
        iv.Reschedule(Start.AddHours(-2), 60, "提前", "hr1", byCandidate: false, SchedulingPolicy.Default, Now);
        Assert.Equal(8 * 3600 + 30, seat.FeedbackDelaySeconds);
        Assert.Equal(0, InterviewParticipant.FeedbackDelay(end, end.AddMinutes(-5))); // submitted before the end: no delay
    }

    [Fact]
    public void Reschedule_RequiresAReason()
    {
        Assert.Equal("InterviewRescheduleReasonRequired", Assert.Throws<DomainException>(() => Schedule().Reschedule(Start.AddHours(2), 60, " ", "hr", false, SchedulingPolicy.Default, Now)).MessageKey);
    }

    [Fact]
    public void CandidateReschedules_AreLimitedToTwo()
    {
        var iv = Schedule();
        iv.Reschedule(Start.AddDays(1), 60, "r1", "cand", true, SchedulingPolicy.Default, Now);
        iv.Reschedule(Start.AddDays(2), 60, "r2", "cand", true, SchedulingPolicy.Default, Now);

        var ex = Assert.Throws<DomainException>(() => iv.Reschedule(Start.AddDays(3), 60, "r3", "cand", true, SchedulingPolicy.Default, Now));

        Assert.Equal("InterviewCandidateRescheduleLimit", ex.MessageKey);
        iv.Reschedule(Start.AddDays(3), 60, "HR is exempt", "hr1", false, SchedulingPolicy.Default, Now);
        Assert.Equal(4, iv.Version);
    }

    [Fact]
    public void CandidateReschedule_MustComeAtLeast24HoursBeforeTheStart()
    {
        var iv = Schedule();
        var late = Start.AddHours(-23);

        Assert.Equal("InterviewCandidateRescheduleTooLate", Assert.Throws<DomainException>(() => iv.Reschedule(Start.AddDays(1), 60, "r", "cand", true, SchedulingPolicy.Default, late)).MessageKey);
        iv.Reschedule(Start.AddDays(1), 60, "HR may", "hr", false, SchedulingPolicy.Default, late);
    }

    [Fact]
    public void CandidateReschedule_MustStayWithin30DaysOfTheOriginalStart()
    {
        var iv = Schedule();

        Assert.Equal("InterviewCandidateRescheduleOutOfWindow", Assert.Throws<DomainException>(() => iv.Reschedule(Start.AddDays(31), 60, "r", "cand", true, SchedulingPolicy.Default, Now)).MessageKey);
        iv.Reschedule(Start.AddDays(30), 60, "r", "cand", true, SchedulingPolicy.Default, Now);
    }

    [Fact]
    public void Cancel_RequiresAReason_BumpsTheVersion_AndEndsTheInterview()
    {
        var iv = Schedule();

        Assert.Equal("InterviewCancelReasonRequired", Assert.Throws<DomainException>(() => iv.Cancel(null, "hr", Now)).MessageKey);
        iv.Cancel("候选人已接受其他offer", "hr", Now);

        Assert.Equal(InterviewStatus.Cancelled, iv.Status);
        Assert.Equal(2, iv.Version);
        Assert.Equal("InterviewNotReschedulable", Assert.Throws<DomainException>(() => iv.Reschedule(Start.AddDays(1), 60, "r", "hr", false, SchedulingPolicy.Default, Now)).MessageKey);
        Assert.Equal("InterviewNotCancellable", Assert.Throws<DomainException>(() => iv.Cancel("again", "hr", Now)).MessageKey);
    }

    [Theory]
    [InlineData(InterviewStatus.Scheduled, InterviewStatus.InProgress, true)]
    [InlineData(InterviewStatus.Scheduled, InterviewStatus.NoShowCandidate, true)]
    [InlineData(InterviewStatus.Scheduled, InterviewStatus.Completed, false)]
    [InlineData(InterviewStatus.InProgress, InterviewStatus.Completed, true)]
    [InlineData(InterviewStatus.InProgress, InterviewStatus.Cancelled, false)]
    [InlineData(InterviewStatus.Completed, InterviewStatus.InProgress, false)]
    [InlineData(InterviewStatus.Cancelled, InterviewStatus.Scheduled, false)]
    [InlineData(InterviewStatus.NoShowCandidate, InterviewStatus.Completed, false)]
    public void StatusTransitions_FollowTheDomainRules(InterviewStatus from, InterviewStatus to, bool allowed)
    {
        Assert.Equal(allowed, InterviewRules.CanChangeStatus(from, to));
    }

    [Fact]
    public void ChangeStatus_RefusesAnIllegalTransition()
    {
        var iv = Schedule();

        Assert.Equal("InterviewStatusChangeNotAllowed", Assert.Throws<DomainException>(() => iv.ChangeStatus(InterviewStatus.Completed, null, "hr", Now)).MessageKey);
        iv.ChangeStatus(InterviewStatus.InProgress, null, "system", Now);
        iv.ChangeStatus(InterviewStatus.Completed, null, "system", Now);
        Assert.Equal(InterviewStatus.Completed, iv.Status);
    }

    [Theory]
    [InlineData(0, true)]      // same time
    [InlineData(65, true)]     // 5 minutes after the end: inside the 10-minute buffer
    [InlineData(70, false)]    // exactly the buffer: free
    [InlineData(-70, false)]   // ends exactly a buffer before
    [InlineData(-65, true)]
    public void FindConflict_HonoursTheBuffer(int offsetMinutes, bool conflicts)
    {
        var existing = new InterviewSlot(Guid.NewGuid(), "i1", Start, Start.AddMinutes(60));

        var found = InterviewRules.FindConflict(Start.AddMinutes(offsetMinutes), 60, [existing], bufferMinutes: 10);

        Assert.Equal(conflicts, found is not null);
    }

    [Fact]
    public void Reasons_AreLimitedTo500Characters()
    {
        var ex = Assert.Throws<DomainException>(() => Schedule().Cancel(new string('因', 501), "hr", Now));

        Assert.Equal("ReasonTooLong", ex.MessageKey);
    }

    [Fact]
    public void PanelSlots_CarryTheInterviewsListColumns_ThroughRescheduleAndStatusChanges()
    {
        var iv = Schedule(60, "a", "b");
        iv.Reschedule(Start.AddDays(1), 45, "候选人请求", "hr", byCandidate: false, SchedulingPolicy.Default, Now);
        iv.ChangeStatus(InterviewStatus.InProgress, null, "hr", Now);

        Assert.All(iv.Interviewers, p =>
        {
            Assert.Equal((iv.CandidateId, iv.PositionId, iv.AgencyId, iv.Round), (p.CandidateId, p.PositionId, p.AgencyId, p.Round));
            Assert.Equal((iv.StartUtc, iv.EndUtc, InterviewStatus.InProgress), (p.StartUtc, p.EndUtc, p.Status));
        });
    }

    [Fact]
    public void PanelSlots_AreCancelledWithTheInterview()
    {
        var iv = Schedule(60, "a", "b");
        iv.Cancel("职位关闭", "hr", Now);

        Assert.All(iv.Interviewers, p => Assert.Equal(InterviewStatus.Cancelled, p.Status));
    }
}
