using InterviewPortal.Domain.Permission;

namespace InterviewPortal.Domain.Reminders;

/// <summary>The reminder offsets an admin can change (domain rules, Reminders; defaults from the rules' table).</summary>
public sealed record ReminderOffsets(
    int DayBeforeHours = 24, int HourBeforeMinutes = 60, int JoinNowMinutes = 10, int FeedbackFirstMinutes = 60, int FeedbackWorkingDays = 10)
{
    public static ReminderOffsets Default { get; } = new();

    public bool IsValid =>
        DayBeforeHours is >= 2 and <= 72 && HourBeforeMinutes is >= 15 and <= 240 && JoinNowMinutes is >= 1 and <= 30
        && FeedbackFirstMinutes is >= 0 and <= 1440 && FeedbackWorkingDays is >= 0 and <= 20
        && HourBeforeMinutes < DayBeforeHours * 60 && JoinNowMinutes < HourBeforeMinutes;
}

/// <summary>Someone an interview's messages go to.</summary>
public sealed record ReminderRecipient(ReminderRecipientRole Role, string Id);

/// <summary>
/// Plans an interview's reminders when it is scheduled, rescheduled or cancelled: who gets what, when, on which
/// channels. Every row is planned for every channel the recipient's role uses; whether the channel is configured and
/// the recipient reachable is decided when it is due, and recorded, so a skip is always visible.
/// </summary>
public static class ReminderSchedule
{
    public static IReadOnlyList<ReminderChannel> ChannelsFor(ReminderRecipientRole role) =>
        role == ReminderRecipientRole.Candidate ? [ReminderChannel.Email, ReminderChannel.WeChat] : [ReminderChannel.Email, ReminderChannel.InApp];

    /// <param name="change"><see cref="ReminderKind.Scheduled"/>, <see cref="ReminderKind.Rescheduled"/> or <see cref="ReminderKind.Cancelled"/>.</param>
    /// <param name="calendarZone">The zone whose dates the working calendar counts (China).</param>
    public static List<Reminder> ForInterview(
        Guid interviewId, int version, ReminderKind change, DateTime startUtc, DateTime endUtc, IReadOnlyCollection<ReminderRecipient> recipients,
        ReminderOffsets offsets, WorkingCalendar calendar, TimeZoneInfo calendarZone, DateTime nowUtc)
    {
        if (change is not (ReminderKind.Scheduled or ReminderKind.Rescheduled or ReminderKind.Cancelled))
        {
            throw new ArgumentOutOfRangeException(nameof(change), change, "Only a schedule, reschedule or cancellation plans reminders.");
        }

        var plan = new List<Reminder>();
        void Add(ReminderKind kind, ReminderRecipient to, DateTime due, int occasion = 0, ReminderChannel[]? only = null)
        {
            foreach (var channel in only ?? ChannelsFor(to.Role))
            {
                plan.Add(Reminder.Plan(interviewId, kind, channel, to.Role, to.Id, version, occasion, due, nowUtc));
            }
        }

        foreach (var to in recipients)
        {
            Add(change, to, nowUtc);
        }

        if (change == ReminderKind.Cancelled)
        {
            return plan;
        }

        foreach (var to in recipients.Where(r => r.Role is ReminderRecipientRole.Candidate or ReminderRecipientRole.Interviewer))
        {
            // Planned even when less than a day ahead: it is then recorded as skipped (past due), not silently absent.
            Add(ReminderKind.DayBefore, to, startUtc.AddHours(-offsets.DayBeforeHours));
            Add(ReminderKind.HourBefore, to, startUtc.AddMinutes(-offsets.HourBeforeMinutes));
            if (to.Role == ReminderRecipientRole.Candidate)
            {
                Add(ReminderKind.JoinNow, to, startUtc.AddMinutes(-offsets.JoinNowMinutes));
            }
        }

        var nudges = FeedbackNudgeTimes(endUtc, offsets, calendar, calendarZone);
        foreach (var to in recipients.Where(r => r.Role == ReminderRecipientRole.Interviewer))
        {
            for (var k = 0; k < nudges.Count; k++)
            {
                Add(ReminderKind.FeedbackNudge, to, nudges[k], k);
            }
        }

        return plan;
    }

    /// <summary>End + the first offset, then the same time of day on each of the next working days, up to the set number.</summary>
    public static IReadOnlyList<DateTime> FeedbackNudgeTimes(DateTime endUtc, ReminderOffsets offsets, WorkingCalendar calendar, TimeZoneInfo zone)
    {
        var first = endUtc.AddMinutes(offsets.FeedbackFirstMinutes);
        var times = new List<DateTime> { first };
        var local = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(first, DateTimeKind.Utc), zone);
        var day = DateOnly.FromDateTime(local);
        for (var k = 1; k <= offsets.FeedbackWorkingDays; k++)
        {
            day = calendar.AddWorkingDays(day, 1);
            var at = day.ToDateTime(TimeOnly.FromDateTime(local), DateTimeKind.Unspecified);
            times.Add(TimeZoneInfo.ConvertTimeToUtc(zone.IsInvalidTime(at) ? at.AddHours(1) : at, zone));
        }

        return times;
    }
}
