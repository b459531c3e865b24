using InterviewPortal.Domain;
using InterviewPortal.Domain.Interviews;
using InterviewPortal.Domain.Sessions;

namespace InterviewPortal.Tests.Domain.Sessions;

public sealed class AttendanceRulesTests
{
    private static readonly DateTime Start = new(2026, 3, 2, 1, 0, 0, DateTimeKind.Utc);
    private long _source;

    private SessionEvent E(SessionEventKind kind, double minute, SessionParty party = SessionParty.Unknown, string? panel = null, int? reason = null) =>
        SessionEvent.Create(++_source, Guid.Empty, "858012925204410111", kind, party, panel, Start.AddMinutes(minute), reasonCode: reason);

    private static InterviewStatus Run(InterviewStatus status, IEnumerable<SessionEvent> events, DateTime now, int duration = 60)
    {
        var a = AttendanceRules.Summarize(events, now);
        while (AttendanceRules.NextStatus(status, Start, duration, a, now) is { } next)
        {
            status = next;
        }

        return status;
    }

    private List<SessionEvent> Session() =>
    [
        E(SessionEventKind.RoomOpened, -2),
        E(SessionEventKind.Joined, -2, SessionParty.Interviewer, "ia"),
        E(SessionEventKind.Joined, 1, SessionParty.Candidate),
        E(SessionEventKind.StreamStarted, 1, SessionParty.Candidate),
        E(SessionEventKind.StreamStopped, 50, SessionParty.Candidate),
        E(SessionEventKind.Left, 50, SessionParty.Candidate, reason: 0),
        E(SessionEventKind.Left, 52, SessionParty.Interviewer, "ia", reason: 0),
        E(SessionEventKind.RoomClosed, 53, reason: 0),
    ];

    [Fact]
    public void ASessionWhereBothMetAndLeftNormally_IsCompleted_WithTimeInTheRoomPerParty()
    {
        var events = Session();
        Assert.Equal(InterviewStatus.Completed, Run(InterviewStatus.Scheduled, events, Start.AddMinutes(54)));
        var a = AttendanceRules.Summarize(events, Start.AddMinutes(54));
        Assert.Equal(49, a.Candidate!.TimePresent.TotalMinutes);
        Assert.Equal(54, a.Parties.Single(p => p.Key == "ia").TimePresent.TotalMinutes);
        Assert.True(a.Met);
    }

    [Fact]
    public void EventsArrivingInAnyOrder_GiveTheSameAttendance()
    {
        var events = Session();
        var reversed = Enumerable.Reverse(events).ToList();
        var a = AttendanceRules.Summarize(events, Start.AddMinutes(54));
        var b = AttendanceRules.Summarize(reversed, Start.AddMinutes(54));
        Assert.Equal(a.Parties.Select(p => (p.Key, p.TimePresent)), b.Parties.Select(p => (p.Key, p.TimePresent)));
        Assert.Equal(InterviewStatus.Completed, Run(InterviewStatus.Scheduled, reversed, Start.AddMinutes(54)));
    }

    [Fact]
    public void TheFirstJoin_StartsTheInterview()
    {
        Assert.Equal(InterviewStatus.InProgress, Run(InterviewStatus.Scheduled, [E(SessionEventKind.Joined, -3, SessionParty.Candidate)], Start.AddMinutes(-3)));
    }

    [Fact]
    public void ACandidateAbsentAt15Minutes_IsANoShow_EvenWhenThePanelJoined()
    {
        List<SessionEvent> events = [E(SessionEventKind.Joined, 0, SessionParty.Interviewer, "ia")];
        Assert.Equal(InterviewStatus.InProgress, Run(InterviewStatus.Scheduled, events, Start.AddMinutes(14)));
        Assert.Equal(InterviewStatus.NoShowCandidate, Run(InterviewStatus.Scheduled, events, Start.AddMinutes(15) + AttendanceRules.LateCallbackGrace));
    }

    [Fact]
    public void AJoinBeforeTheDeadline_ThatArrivesLate_IsNotANoShow()
    {
        // At the deadline itself the rule waits for callbacks still being retried; the candidate's join from 14:50
        // arrives at 16:00, and the interview simply goes on.
        List<SessionEvent> panelOnly = [E(SessionEventKind.Joined, 0, SessionParty.Interviewer, "ia")];
        Assert.Equal(InterviewStatus.InProgress, Run(InterviewStatus.Scheduled, panelOnly, Start.AddMinutes(15)));

        List<SessionEvent> both = [.. panelOnly, E(SessionEventKind.Joined, 14.83, SessionParty.Candidate)];
        Assert.Equal(InterviewStatus.InProgress, Run(InterviewStatus.Scheduled, both, Start.AddMinutes(16)));
    }

    [Fact]
    public void AShortInterview_ClassifiesNoShowsAtHalfItsDuration()
    {
        Assert.Equal(Start.AddMinutes(10), AttendanceRules.NoShowDeadline(Start, 20));
        List<SessionEvent> events = [E(SessionEventKind.Joined, 0, SessionParty.Candidate)];
        Assert.Equal(InterviewStatus.NoShowInterviewer, Run(InterviewStatus.Scheduled, events, Start.AddMinutes(10) + AttendanceRules.LateCallbackGrace, duration: 20));
    }

    [Fact]
    public void NobodyAtAll_IsACandidateNoShow()
    {
        Assert.Equal(InterviewStatus.NoShowCandidate, Run(InterviewStatus.Scheduled, [], Start.AddMinutes(15) + AttendanceRules.LateCallbackGrace));
    }

    [Fact]
    public void ACandidateDroppingWithAnErrorBeforeTheEnd_IsATechnicalFailure()
    {
        List<SessionEvent> events =
        [
            E(SessionEventKind.Joined, 0, SessionParty.Interviewer, "ia"),
            E(SessionEventKind.Joined, 1, SessionParty.Candidate),
            E(SessionEventKind.Left, 10, SessionParty.Candidate, reason: 2),
            E(SessionEventKind.Left, 20, SessionParty.Interviewer, "ia", reason: 0),
            E(SessionEventKind.RoomClosed, 21),
        ];
        Assert.Equal(InterviewStatus.TechnicalFailure, Run(InterviewStatus.Scheduled, events, Start.AddMinutes(22)));
    }

    [Fact]
    public void ADropThatReconnects_IsCountedAndStillCompletes()
    {
        List<SessionEvent> events =
        [
            E(SessionEventKind.Joined, 0, SessionParty.Interviewer, "ia"),
            E(SessionEventKind.Joined, 1, SessionParty.Candidate),
            E(SessionEventKind.Left, 10, SessionParty.Candidate, reason: 2),
            E(SessionEventKind.Joined, 11, SessionParty.Candidate),
            E(SessionEventKind.Left, 58, SessionParty.Candidate, reason: 0),
            E(SessionEventKind.Left, 59, SessionParty.Interviewer, "ia", reason: 0),
            E(SessionEventKind.RoomClosed, 59),
        ];
        var a = AttendanceRules.Summarize(events, Start.AddMinutes(60));
        Assert.Equal(1, a.Candidate!.Reconnects);
        Assert.Equal(InterviewStatus.Completed, Run(InterviewStatus.Scheduled, events, Start.AddMinutes(60)));
    }

    [Fact]
    public void TheMissingParty_IsEscalatedFrom5MinutesAfterTheStart()
    {
        List<SessionEvent> events = [E(SessionEventKind.Joined, 0, SessionParty.Interviewer, "ia")];
        var a = AttendanceRules.Summarize(events, Start.AddMinutes(5));
        Assert.Empty(AttendanceRules.Missing(InterviewStatus.InProgress, Start, a, Start.AddMinutes(4)));
        Assert.Equal([SessionParty.Candidate], AttendanceRules.Missing(InterviewStatus.InProgress, Start, a, Start.AddMinutes(5)));
    }

    [Fact]
    public void HrOverride_NeedsAReason_AndMovesOnlyBetweenOutcomes()
    {
        var iv = Interview.Schedule(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), null, InterviewRound.Technical, Start, 60, ["ia"], null, null, "hr", Start.AddDays(-1));
        Assert.Equal("InterviewStatusChangeNotAllowed", Assert.Throws<DomainException>(() => iv.OverrideAttendance(InterviewStatus.Completed, "x", "hr", Start)).MessageKey);
        iv.ChangeStatus(InterviewStatus.NoShowCandidate, null, "session-log", Start.AddMinutes(15));
        Assert.Equal("InterviewOverrideReasonRequired", Assert.Throws<DomainException>(() => iv.OverrideAttendance(InterviewStatus.Completed, " ", "hr", Start)).MessageKey);
        var change = iv.OverrideAttendance(InterviewStatus.Completed, "候选人用手机号登录，记录在案", "hr", Start.AddHours(1));
        Assert.Equal(InterviewStatus.Completed, iv.Status);
        Assert.Equal(InterviewChangeKind.AttendanceOverridden, change.Kind);
        Assert.Equal(InterviewStatus.NoShowCandidate, change.FromStatus);
    }
}
