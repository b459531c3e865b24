namespace InterviewPortal.Domain.Permission;

/// <summary>A day that differs from the Monday–Friday rule: a holiday on a weekday, or a make-up working weekend day.</summary>
public sealed class CalendarDay
{
    public const int NameMaxLength = 50;

    private CalendarDay()
    {
    }

    public DateOnly Date { get; private set; }

    public CalendarDayKind Kind { get; private set; }

    public string Name { get; private set; } = "";

    public static CalendarDay Create(DateOnly date, CalendarDayKind kind, string? name)
    {
        name = name?.Trim();
        if (string.IsNullOrEmpty(name))
        {
            throw new DomainException("CalendarDayNameRequired");
        }

        if (name.Length > NameMaxLength)
        {
            throw new DomainException("PermissionFieldTooLong", NameMaxLength);
        }

        var weekend = date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
        if (kind == CalendarDayKind.MakeUpWorkday && !weekend)
        {
            throw new DomainException("CalendarMakeUpDayMustBeWeekend");
        }

        return new CalendarDay { Date = date, Kind = kind, Name = name };
    }
}

/// <summary>Working days: Monday to Friday, minus holidays, plus make-up working weekend days.</summary>
public sealed class WorkingCalendar
{
    private readonly Dictionary<DateOnly, CalendarDayKind> _days;

    public WorkingCalendar(IEnumerable<CalendarDay> days) =>
        _days = days.ToDictionary(d => d.Date, d => d.Kind);

    public bool IsWorkingDay(DateOnly date) =>
        _days.TryGetValue(date, out var kind)
            ? kind == CalendarDayKind.MakeUpWorkday
            : date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);

    /// <summary>Working days after <paramref name="start"/> up to and including <paramref name="end"/> (the day of submission does not count).</summary>
    public int WorkingDaysAfter(DateOnly start, DateOnly end)
    {
        var count = 0;
        for (var d = start.AddDays(1); d <= end; d = d.AddDays(1))
        {
            if (IsWorkingDay(d))
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>The date <paramref name="workingDays"/> working days after <paramref name="start"/>.</summary>
    public DateOnly AddWorkingDays(DateOnly start, int workingDays)
    {
        var d = start;
        for (var left = workingDays; left > 0;)
        {
            d = d.AddDays(1);
            if (IsWorkingDay(d))
            {
                left--;
            }
        }

        return d;
    }
}

/// <summary>
/// The review clock of a submission with WeChat: 3–7 working days expected, overdue after 7. The owner is reminded when it
/// becomes overdue (working day 8) and again every 2 working days (10, 12, …).
/// </summary>
public sealed record ReviewClock(DateOnly SubmittedOn, int WorkingDaysElapsed, DateOnly ExpectedFrom, DateOnly ExpectedBy, bool Overdue)
{
    public const int ExpectedMinWorkingDays = 3;
    public const int ExpectedMaxWorkingDays = 7;
    public const int ReminderEveryWorkingDays = 2;

    public static ReviewClock For(DateOnly submittedOn, DateOnly today, WorkingCalendar calendar)
    {
        var elapsed = calendar.WorkingDaysAfter(submittedOn, today);
        return new ReviewClock(
            submittedOn,
            elapsed,
            calendar.AddWorkingDays(submittedOn, ExpectedMinWorkingDays),
            calendar.AddWorkingDays(submittedOn, ExpectedMaxWorkingDays),
            elapsed > ExpectedMaxWorkingDays);
    }

    /// <summary>
    /// The reminder occasion due now (8, 10, 12, … working days), or null. A missed occasion is not made up: a job that
    /// did not run on day 8 reminds once on day 9 for occasion 8, never twice.
    /// </summary>
    public int? DueReminderOccasion =>
        Overdue ? ExpectedMaxWorkingDays + 1 + ((WorkingDaysElapsed - ExpectedMaxWorkingDays - 1) / ReminderEveryWorkingDays * ReminderEveryWorkingDays) : null;
}
