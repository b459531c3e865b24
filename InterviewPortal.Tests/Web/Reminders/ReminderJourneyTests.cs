using System.Text.Json;
using Ical.Net;
using InterviewPortal.Domain;
using InterviewPortal.Domain.Interviews;
using InterviewPortal.Domain.Reminders;
using InterviewPortal.Tests.TestSupport;
using InterviewPortal.Web.Features.Interviews;
using InterviewPortal.Web.Features.Recruiting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace InterviewPortal.Tests.Web.Reminders;

/// <summary>Reminders as a new user meets them: real SMTP on loopback, the fake WeChat server, time travel on a fake clock.</summary>
[Collection(PortalHostCollection.Name)]
public sealed class ReminderJourneyTests : IAsyncLifetime
{
    private ReminderHost _host = null!;

    public async Task InitializeAsync() => _host = await ReminderHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private static Calendar Ics(MimeMessage m)
    {
        var part = Assert.Single(m.Attachments.OfType<MimePart>(), a => a.ContentType.MimeType == "text/calendar");
        using var stream = new MemoryStream();
        part.Content!.DecodeTo(stream);
        return Calendar.Load(System.Text.Encoding.UTF8.GetString(stream.ToArray()))!;
    }

    private static string Local(DateTime utc, string zone, string format = "yyyy-MM-dd HH:mm") =>
        TimeZoneInfo.ConvertTimeFromUtc(utc, TimeZoneInfo.FindSystemTimeZoneById(zone)).ToString(format, System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task ScheduledTwentyFiveHoursAhead_ConfirmationWithIcs_DayBeforeAndHourBeforeOnTime_RescheduleSendsTheUpdatedIcsAndDropsTheOldReminders()
    {
        var w = await RecruitingWorld.CreateAsync(_host.App);
        var candidate = await _host.CandidateAsync(w, "王小明", "xiaoming@example.com");
        await _host.SetUserAsync(w.InterviewerA, "en-US", "Europe/Berlin");
        var start = RecruitingWorld.ClearOfOwnInterviews(_host.Now.AddHours(25));
        var interview = await w.AsHrAsync(sp => sp.GetRequiredService<InterviewService>().ScheduleAsync(new ScheduleForm
        {
            CandidateId = candidate, PositionId = w.Position, Round = InterviewRound.Technical, StartUtc = start, DurationMinutes = 60, InterviewerIds = [w.InterviewerA],
        }));
        var id = interview.InterviewId!.Value;

        await _host.DispatchAsync();

        // The candidate: Chinese, their zone (Asia/Shanghai), the .ics as a request, version 1.
        var confirmation = Assert.Single(_host.Smtp.To("xiaoming@example.com"));
        Assert.StartsWith("面试已安排", confirmation.Subject);
        Assert.Contains(Local(start, "Asia/Shanghai", "yyyy-MM-dd"), confirmation.TextBody);
        Assert.Contains(Local(start, "Asia/Shanghai", "HH:mm") + " (Asia/Shanghai)", confirmation.TextBody);
        Assert.Contains("王小明", confirmation.HtmlBody);
        var ics = Ics(confirmation);
        Assert.Equal("REQUEST", ics.Method);
        Assert.Equal(1, ics.Events.Single().Sequence);
        Assert.Equal(start, ics.Events.Single().DtStart!.AsUtc);
        Assert.Equal(InterviewCalendar.UidFor(id), ics.Events.Single().Uid);
        // The interviewer asked for English and lives in Berlin.
        var interviewerMail = Assert.Single(_host.Smtp.To(await _host.EmailOfAsync(w.InterviewerA)), m => m.Subject!.Contains("王小明"));
        Assert.StartsWith("Interview scheduled", interviewerMail.Subject);
        Assert.Contains(Local(start, "Europe/Berlin", "HH:mm") + " (Europe/Berlin)", interviewerMail.TextBody);
        Assert.Equal("en-US", interviewerMail.Body!.Headers[HeaderId.ContentLanguage]);
        Assert.Equal("zh-CN", confirmation.Body!.Headers[HeaderId.ContentLanguage]);

        // Nothing more until T−24 h; then exactly the day-before reminder.
        await _host.At(start.AddHours(-24).AddMinutes(-1));
        Assert.Single(_host.Smtp.To("xiaoming@example.com"));
        await _host.At(start.AddHours(-24));
        Assert.Equal(["面试已安排", "明天面试提醒"], _host.Smtp.To("xiaoming@example.com").Select(m => m.Subject!.Split('：')[0]));
        await _host.At(start.AddHours(-1));
        Assert.Equal("面试将在一小时内开始", _host.Smtp.To("xiaoming@example.com").Last().Subject!.Split('：')[0]);

        // Rescheduled: the new time with an .ics that updates the same event; the old reminders are gone.
        var moved = start.AddDays(2);
        await w.AsHrAsync(sp => sp.GetRequiredService<InterviewService>().RescheduleAsync(id, moved, 60, "面试官出差", null));
        await _host.DispatchAsync();
        var update = _host.Smtp.To("xiaoming@example.com").Last();
        Assert.StartsWith("面试时间已更改", update.Subject);
        Assert.Contains(Local(moved, "Asia/Shanghai", "HH:mm"), update.TextBody);
        var updated = Ics(update);
        Assert.Equal((2, moved, InterviewCalendar.UidFor(id)), (updated.Events.Single().Sequence, updated.Events.Single().DtStart!.AsUtc, updated.Events.Single().Uid));
        var reminders = await _host.RemindersAsync(id);
        Assert.All(reminders.Where(r => r.Version == 1 && r.Kind == ReminderKind.JoinNow), r => Assert.Equal((ReminderState.Skipped, ReminderSkipReason.Replaced), (r.State, r.SkipReason)));

        // The old join-now time passes: nothing is sent for version 1. Only this interview's mail is counted (to the
        // candidate, or naming them): the recruiting world's own interviews have reminders of their own, and between
        // 23:00 and 01:10 UTC one of their day-before reminders falls in this hour.
        int Ours() => _host.Smtp.To("xiaoming@example.com").Count() + _host.Smtp.Messages.Count(m => m.Subject?.Contains("王小明") == true);
        var before = Ours();
        await _host.At(start.AddMinutes(-10));
        Assert.Equal(before, Ours());
    }

    [Fact]
    public async Task ACandidateWhoPrefersEnglish_GetsTheirMessagesInEnglish_AndAnUnsupportedLanguageIsRefused()
    {
        var w = await RecruitingWorld.CreateAsync(_host.App);
        var created = await w.AsHrAsync(sp => sp.GetRequiredService<CandidateService>().CreateAsync(new CandidateForm
        {
            Name = "Anna Schmidt", Phone = TestPhones.Next(), Email = "anna@example.com", Language = "en-US", PositionIds = [w.Position],
        }));
        var candidate = created.CreatedId!.Value;
        var start = RecruitingWorld.ClearOfOwnInterviews(_host.Now.AddHours(30));
        await w.ScheduleAsync(candidate, start, w.InterviewerA);
        await _host.DispatchAsync();
        await _host.At(start.AddHours(-24));

        var mails = _host.Smtp.To("anna@example.com");
        Assert.Equal(["Interview scheduled", "Interview tomorrow"], mails.Select(m => m.Subject!.Split(':')[0]));
        Assert.All(mails, m => Assert.Equal("en-US", m.Body!.Headers[HeaderId.ContentLanguage]));
        Assert.Contains(Local(start, "Asia/Shanghai", "HH:mm") + " (Asia/Shanghai)", mails[0].TextBody);
        var details = await w.AsHrAsync(sp => sp.GetRequiredService<CandidateService>().GetAsync(candidate));
        Assert.Equal("en-US", details!.Language);

        var refused = await Assert.ThrowsAsync<DomainException>(() => w.AsHrAsync(sp => sp.GetRequiredService<CandidateService>().CreateAsync(new CandidateForm
        {
            Name = "Jean Dupont", Phone = TestPhones.Next(), Language = "fr-FR", PositionIds = [w.Position],
        })));
        Assert.Equal("CandidateLanguageInvalid", refused.MessageKey);
        Assert.False(await _host.App.WithDbAsync(db => db.Candidates.AnyAsync(c => c.Name == "Jean Dupont")));
    }

    [Fact]
    public async Task RescheduledTwice_OnlyTheLastVersionsRemindersAreSent_AndACancelledInterviewGetsOnlyItsCancellation()
    {
        var w = await RecruitingWorld.CreateAsync(_host.App);
        var candidate = await _host.CandidateAsync(w, "赵六", "zhaoliu@example.com");
        var other = await _host.CandidateAsync(w, "钱七", "qianqi@example.com");
        var start = RecruitingWorld.ClearOfOwnInterviews(_host.Now.AddHours(30));
        var panel = await TestUsers.CreateAsync(_host.App.Services, $"ic.{Guid.NewGuid():N}@example.com", InterviewPortal.Domain.Identity.Roles.Interviewer);
        var otherPanel = await TestUsers.CreateAsync(_host.App.Services, $"id.{Guid.NewGuid():N}@example.com", InterviewPortal.Domain.Identity.Roles.Interviewer);
        var id = await w.ScheduleAsync(candidate, start, panel);
        var cancelled = await w.ScheduleAsync(other, start.AddHours(3), otherPanel);
        await _host.DispatchAsync();
        var second = await w.AsHrAsync(sp => sp.GetRequiredService<InterviewService>().RescheduleAsync(id, start.AddHours(4), 60, "第一次改期", null));
        await _host.At(_host.Now.AddMinutes(5));
        var third = await w.AsHrAsync(sp => sp.GetRequiredService<InterviewService>().RescheduleAsync(id, start.AddHours(8), 60, "第二次改期", null));
        await w.AsHrAsync(sp => sp.GetRequiredService<InterviewService>().CancelAsync(cancelled, "职位已招满"));
        Assert.Equal((id, id), (second.InterviewId, third.InterviewId));

        await _host.TravelToAsync(start.AddDays(15));

        var sent = (await _host.RemindersAsync(id)).Where(r => r.State == ReminderState.Sent).ToList();
        Assert.All(sent.Where(r => r.Kind is not (ReminderKind.Scheduled or ReminderKind.Rescheduled)), r => Assert.Equal(3, r.Version));
        Assert.Equal([(ReminderKind.Scheduled, 1), (ReminderKind.Rescheduled, 2), (ReminderKind.Rescheduled, 3)],
            sent.Where(r => r.RecipientRole == ReminderRecipientRole.Candidate && r.Channel == ReminderChannel.Email).OrderBy(r => r.Id).Select(r => (r.Kind, r.Version)).Take(3));
        var toCandidate = _host.Smtp.To("zhaoliu@example.com").Select(m => m.Subject!.Split('：')[0]).ToList();
        Assert.Equal(["面试已安排", "面试时间已更改", "面试时间已更改", "明天面试提醒", "面试将在一小时内开始", "面试即将开始，请进入"], toCandidate);
        Assert.Contains(Local(start.AddHours(8), "Asia/Shanghai", "HH:mm"), _host.Smtp.To("zhaoliu@example.com").Last().TextBody);
        // Every message went out once.
        Assert.Equal(_host.Smtp.Messages.Count, _host.Smtp.Messages.Select(m => m.MessageId).Distinct().Count());

        Assert.Equal(["面试已安排", "面试已取消"], _host.Smtp.To("qianqi@example.com").Select(m => m.Subject!.Split('：')[0]));
        Assert.Equal("CANCEL", Ics(_host.Smtp.To("qianqi@example.com").Last()).Method);
        var cancelledRows = await _host.RemindersAsync(cancelled);
        Assert.DoesNotContain(cancelledRows, r => r.State == ReminderState.Sent && r.Kind is not (ReminderKind.Scheduled or ReminderKind.Cancelled));
        Assert.DoesNotContain(cancelledRows, r => r.State == ReminderState.Planned);
    }

    [Fact]
    public async Task WeChat_CutsValuesToTheirTypeLimits_RefreshesARejectedToken_AndRecordsNotSubscribedAsSkippedWithoutRetrying()
    {
        var wechat = _host.WeChat!;
        await _host.SaveSettingsAsync(s => s with { WeChatTemplateId = ReminderHost.TemplateId, WeChatFields = "thing1=position;time2=start;phrase3=title;thing4=note" });
        var w = await RecruitingWorld.CreateAsync(_host.App);
        var candidate = await _host.CandidateAsync(w, "孙八", null, openId: "o-candidate-0001");
        wechat.Subscribe("o-candidate-0001", ReminderHost.TemplateId, times: 2);
        var start = RecruitingWorld.ClearOfOwnInterviews(_host.Now.AddHours(26));
        var id = await w.ScheduleAsync(candidate, start, w.InterviewerA);

        await _host.DispatchAsync();

        var first = Assert.Single(wechat.SubscribeMessages);
        Assert.Equal("o-candidate-0001", first.GetProperty("touser").GetString());
        Assert.Equal(ReminderHost.TemplateId, first.GetProperty("template_id").GetString());
        Assert.Equal("zh_CN", first.GetProperty("lang").GetString());
        var data = first.GetProperty("data");
        var position = data.GetProperty("thing1").GetProperty("value").GetString()!;
        Assert.True(position.Length <= 20);
        Assert.Equal(Local(start, "Asia/Shanghai"), data.GetProperty("time2").GetProperty("value").GetString());
        Assert.Equal("面试安排通", data.GetProperty("phrase3").GetProperty("value").GetString()); // 面试安排通知, cut to 5

        // WeChat rotates the token: the client drops it, fetches a new one and sends once more.
        wechat.ExpireToken();
        var tokens = wechat.Calls("stable_token");
        await _host.At(start.AddHours(-24));
        Assert.Equal(2, wechat.SubscribeMessages.Count);
        Assert.Equal(tokens + 1, wechat.Calls("stable_token"));

        // The two acceptances are used up: 43101, recorded as skipped after one attempt and never tried again.
        await _host.At(start.AddHours(-1));
        await _host.At(start.AddMinutes(-30));
        var hourBefore = (await _host.RemindersAsync(id)).Single(r => r.Kind == ReminderKind.HourBefore && r.Channel == ReminderChannel.WeChat);
        Assert.Equal((ReminderState.Skipped, ReminderSkipReason.NotSubscribed, 1), (hourBefore.State, hourBefore.SkipReason, hourBefore.Attempts));
        Assert.Contains("43101", hourBefore.LastError);
        Assert.Equal(2, wechat.SubscribeMessages.Count);
    }
}
