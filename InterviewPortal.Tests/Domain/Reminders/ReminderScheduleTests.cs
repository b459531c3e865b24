using InterviewPortal.Domain;
using InterviewPortal.Domain.Permission;
using InterviewPortal.Domain.Reminders;

namespace InterviewPortal.Tests.Domain.Reminders;

public sealed class ReminderScheduleTests
{
    private static readonly TimeZoneInfo China = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    // Tuesday 2026-12-01 10:00 in Shanghai.
    private static readonly DateTime Now = new(2026, 12, 1, 2, 0, 0, DateTimeKind.Utc);

    private static readonly ReminderRecipient[] Everyone =
    [
        new(ReminderRecipientRole.Candidate, "cand"), new(ReminderRecipientRole.Interviewer, "ia"), new(ReminderRecipientRole.Agency, "agent"),
    ];

    private static List<Reminder> Plan(ReminderKind change, DateTime start, ReminderOffsets? offsets = null, WorkingCalendar? calendar = null) =>
        ReminderSchedule.ForInterview(Guid.Empty, 2, change, start, start.AddHours(1), Everyone, offsets ?? ReminderOffsets.Default, calendar ?? new WorkingCalendar([]), China, Now);

    [Fact]
    public void Scheduled25HoursAhead_PlansConfirmationsNow_DayBefore_HourBefore_JoinNowForTheCandidate_AndFeedbackNudges()
    {
        var start = Now.AddHours(25);

        var plan = Plan(ReminderKind.Scheduled, start);

        Assert.All(plan, r => Assert.Equal((ReminderState.Planned, 2), (r.State, r.Version)));
        Assert.Equal(
            [(ReminderKind.Scheduled, ReminderChannel.Email), (ReminderKind.Scheduled, ReminderChannel.WeChat), (ReminderKind.DayBefore, ReminderChannel.Email), (ReminderKind.DayBefore, ReminderChannel.WeChat),
             (ReminderKind.HourBefore, ReminderChannel.Email), (ReminderKind.HourBefore, ReminderChannel.WeChat), (ReminderKind.JoinNow, ReminderChannel.Email), (ReminderKind.JoinNow, ReminderChannel.WeChat)],
            plan.Where(r => r.RecipientId == "cand").OrderBy(r => r.DueAtUtc).ThenBy(r => r.Channel).Select(r => (r.Kind, r.Channel)));
        Assert.Equal([Now, start.AddHours(-24), start.AddHours(-1), start.AddMinutes(-10)], plan.Where(r => r.RecipientId == "cand" && r.Channel == ReminderChannel.Email).Select(r => r.DueAtUtc).Order());
        // Interviewers: no join-now, but the feedback nudges (end + 1 h, then 10 working days), on email and in-app.
        var panel = plan.Where(r => r.RecipientId == "ia" && r.Channel == ReminderChannel.InApp).ToList();
        Assert.Equal(3 + 11, panel.Count);
        Assert.DoesNotContain(panel, r => r.Kind == ReminderKind.JoinNow);
        Assert.Equal(start.AddHours(2), panel.Where(r => r.Kind == ReminderKind.FeedbackNudge).Min(r => r.DueAtUtc));
        // The agency hears about the schedule, nothing else.
        Assert.Equal([ReminderKind.Scheduled], plan.Where(r => r.RecipientId == "agent").Select(r => r.Kind).Distinct());
        Assert.Equal([ReminderChannel.Email, ReminderChannel.InApp], plan.Where(r => r.RecipientId == "agent").Select(r => r.Channel));
    }

    [Fact]
    public void ScheduledLessThanADayAhead_RecordsTheDayBeforeReminderAsSkipped_NotSentLate()
    {
        var plan = Plan(ReminderKind.Scheduled, Now.AddHours(20));

        Assert.All(plan.Where(r => r.Kind == ReminderKind.DayBefore), r => Assert.Equal((ReminderState.Skipped, ReminderSkipReason.PastDueWhenPlanned), (r.State, r.SkipReason)));
        Assert.All(plan.Where(r => r.Kind != ReminderKind.DayBefore), r => Assert.Equal(ReminderState.Planned, r.State));
    }

    [Fact]
    public void ACancellation_PlansOnlyTheCancellationNotices()
    {
        var plan = Plan(ReminderKind.Cancelled, Now.AddHours(30));

        Assert.All(plan, r => Assert.Equal((ReminderKind.Cancelled, Now), (r.Kind, r.DueAtUtc)));
        Assert.Equal(6, plan.Count);
    }

    [Fact]
    public void Offsets_AreTakenFromTheSettings()
    {
        var start = Now.AddDays(3);

        var plan = Plan(ReminderKind.Rescheduled, start, new ReminderOffsets(DayBeforeHours: 48, HourBeforeMinutes: 120, JoinNowMinutes: 5, FeedbackFirstMinutes: 30, FeedbackWorkingDays: 2));

        var candidate = plan.Where(r => r.RecipientId == "cand" && r.Channel == ReminderChannel.Email).ToDictionary(r => r.Kind, r => r.DueAtUtc);
        Assert.Equal((start.AddHours(-48), start.AddHours(-2), start.AddMinutes(-5)), (candidate[ReminderKind.DayBefore], candidate[ReminderKind.HourBefore], candidate[ReminderKind.JoinNow]));
        Assert.Equal(3, plan.Count(r => r.RecipientId == "ia" && r.Kind == ReminderKind.FeedbackNudge && r.Channel == ReminderChannel.Email));
    }

    [Fact]
    public void FeedbackNudges_FallOnWorkingDaysOnly_SkippingWeekendsAndHolidays_AtTheFirstNudgesTimeOfDay()
    {
        // Ends Friday 2026-12-04 17:00 Shanghai; Monday 12-07 is a holiday, Sunday 12-13 a make-up working day.
        var end = new DateTime(2026, 12, 4, 9, 0, 0, DateTimeKind.Utc);
        var calendar = new WorkingCalendar([CalendarDay.Create(new DateOnly(2026, 12, 7), CalendarDayKind.Holiday, "假日"), CalendarDay.Create(new DateOnly(2026, 12, 13), CalendarDayKind.MakeUpWorkday, "调休")]);

        var times = ReminderSchedule.FeedbackNudgeTimes(end, ReminderOffsets.Default with { FeedbackWorkingDays = 5 }, calendar, China);

        var local = times.Select(t => TimeZoneInfo.ConvertTimeFromUtc(t, China)).ToList();
        Assert.Equal(["12-04 18:00", "12-08 18:00", "12-09 18:00", "12-10 18:00", "12-11 18:00", "12-13 18:00"], local.Select(t => t.ToString("MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 4)]
    [InlineData(4, 8)]
    public void TransientFailures_WaitLongerEachTime(int attempts, int minutes) =>
        Assert.Equal(TimeSpan.FromMinutes(minutes), Reminder.Backoff(attempts));

    [Fact]
    public void AFailure_IsRetriedUntilTheFifthAttempt_APermanentOneEndsAtOnce_AndOnlyFailedOrFixableSkipsCanBeRetried()
    {
        var r = Reminder.Plan(Guid.Empty, ReminderKind.HourBefore, ReminderChannel.Email, ReminderRecipientRole.Interviewer, "ia", 1, 0, Now, Now);
        Claim(r);
        for (var k = 1; k < Reminder.MaxAttempts; k++)
        {
            r.BeginAttempt(Now.AddMinutes(2));
            r.Fail("451", transient: true, Now);
            Assert.Equal((ReminderState.Planned, k), (r.State, r.Attempts));
            Claim(r);
        }

        r.BeginAttempt(Now.AddMinutes(2));
        r.Fail("451", transient: true, Now);
        Assert.Equal(ReminderState.Failed, r.State);

        var permanent = Reminder.Plan(Guid.Empty, ReminderKind.HourBefore, ReminderChannel.Email, ReminderRecipientRole.Interviewer, "ia", 1, 1, Now, Now);
        Claim(permanent);
        permanent.BeginAttempt(Now.AddMinutes(2));
        permanent.Fail("550", transient: false, Now);
        Assert.Equal((ReminderState.Failed, 1), (permanent.State, permanent.Attempts));
        permanent.Retry(Now);
        Assert.Equal((ReminderState.Planned, 0), (permanent.State, permanent.Attempts));

        var replaced = Reminder.Plan(Guid.Empty, ReminderKind.HourBefore, ReminderChannel.Email, ReminderRecipientRole.Interviewer, "ia", 1, 2, Now, Now);
        replaced.Skip(ReminderSkipReason.Replaced, Now);
        Assert.Throws<DomainException>(() => replaced.Retry(Now));
    }

    [Theory]
    [InlineData(24, 60, 10, 60, 10, true)]
    [InlineData(1, 60, 10, 60, 10, false)]
    [InlineData(24, 60, 60, 60, 10, false)]
    [InlineData(24, 60, 10, 60, 21, false)]
    public void Offsets_AreValidatedAsAnAdminEntersThem(int day, int hour, int join, int feedback, int days, bool valid) =>
        Assert.Equal(valid, new ReminderOffsets(day, hour, join, feedback, days).IsValid);

    private static void Claim(Reminder r) =>
        typeof(Reminder).GetProperty(nameof(Reminder.ClaimToken))!.SetValue(r, Guid.NewGuid());
}
