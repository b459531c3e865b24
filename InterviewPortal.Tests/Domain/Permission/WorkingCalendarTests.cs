using InterviewPortal.Domain;
using InterviewPortal.Domain.Permission;
using InterviewPortal.Web.Features.Permission;

namespace InterviewPortal.Tests.Domain.Permission;

/// <summary>The seeded 2026 calendar (State Council notice of 2025-11-04) drives the review clock.</summary>
public sealed class WorkingCalendarTests
{
    private static readonly WorkingCalendar Calendar = new(PermissionSeed.Calendar());

    [Theory]
    [InlineData("2026-10-01", false)] // National Day, Thursday
    [InlineData("2026-10-07", false)] // last day of the 7-day break, Wednesday
    [InlineData("2026-10-08", true)]
    [InlineData("2026-10-10", true)]  // make-up Saturday
    [InlineData("2026-09-20", true)]  // make-up Sunday
    [InlineData("2026-09-25", false)] // Mid-Autumn, Friday
    [InlineData("2026-10-17", false)] // an ordinary Saturday
    [InlineData("2026-02-14", true)]  // Spring Festival make-up Saturday
    [InlineData("2026-02-23", false)] // last day of the Spring Festival break, Monday
    public void Days_FollowTheStateCouncilNotice(string date, bool working) =>
        Assert.Equal(working, Calendar.IsWorkingDay(DateOnly.Parse(date)));

    [Fact]
    public void AReviewSubmittedBeforeNationalDay_CountsOnlyWorkingDays_IncludingTheMakeUpSaturday()
    {
        // Submitted Wednesday 30 September; the holiday runs 1–7 October; Saturday 10 October is a working day.
        var submitted = new DateOnly(2026, 9, 30);

        Assert.Equal(0, Calendar.WorkingDaysAfter(submitted, new DateOnly(2026, 10, 7)));
        Assert.Equal(3, Calendar.WorkingDaysAfter(submitted, new DateOnly(2026, 10, 10))); // Thu 8, Fri 9, Sat 10
        Assert.Equal(3, Calendar.WorkingDaysAfter(submitted, new DateOnly(2026, 10, 11))); // Sunday adds nothing

        var clock = ReviewClock.For(submitted, new DateOnly(2026, 10, 12), Calendar);
        Assert.Equal(4, clock.WorkingDaysElapsed);
        Assert.Equal(new DateOnly(2026, 10, 10), clock.ExpectedFrom); // 3rd working day is the make-up Saturday
        Assert.Equal(new DateOnly(2026, 10, 15), clock.ExpectedBy);   // 7th: Thu 8, Fri 9, Sat 10, Mon 12, Tue 13, Wed 14, Thu 15
        Assert.False(clock.Overdue);
    }

    [Fact]
    public void OverdueStarts_OnTheEighthWorkingDay_AndRemindersFallEveryTwoWorkingDays()
    {
        var submitted = new DateOnly(2026, 9, 30);

        Assert.False(ReviewClock.For(submitted, new DateOnly(2026, 10, 15), Calendar).Overdue);          // day 7
        var day8 = ReviewClock.For(submitted, new DateOnly(2026, 10, 16), Calendar);
        Assert.True(day8.Overdue);
        Assert.Equal(8, day8.DueReminderOccasion);
        Assert.Equal(8, ReviewClock.For(submitted, new DateOnly(2026, 10, 18), Calendar).DueReminderOccasion); // weekend: still occasion 8
        Assert.Equal(8, ReviewClock.For(submitted, new DateOnly(2026, 10, 19), Calendar).DueReminderOccasion); // day 9
        Assert.Equal(10, ReviewClock.For(submitted, new DateOnly(2026, 10, 20), Calendar).DueReminderOccasion); // day 10
        Assert.Null(ReviewClock.For(submitted, new DateOnly(2026, 10, 15), Calendar).DueReminderOccasion);
    }

    [Fact]
    public void AMakeUpWorkday_MustBeAWeekendDay() =>
        Assert.Equal("CalendarMakeUpDayMustBeWeekend", Assert.Throws<DomainException>(() => CalendarDay.Create(new DateOnly(2026, 10, 9), CalendarDayKind.MakeUpWorkday, "x")).MessageKey);

    [Fact]
    public void TheSeededCalendar_Has2026sSixMakeUpDays_AndNoneYetFor2027()
    {
        var days = PermissionSeed.Calendar();

        Assert.Equal(
            ["2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"],
            days.Where(d => d.Kind == CalendarDayKind.MakeUpWorkday).Select(d => d.Date.ToString("yyyy-MM-dd")).Order());
        Assert.DoesNotContain(days, d => d.Date.Year == 2027 && d.Kind == CalendarDayKind.MakeUpWorkday);
        Assert.Contains(days, d => d.Date == new DateOnly(2027, 2, 5)); // 除夕 2027 (Friday)
    }
}
