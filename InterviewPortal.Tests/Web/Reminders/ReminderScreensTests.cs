using Bunit;
using InterviewPortal.Domain.Identity;
using InterviewPortal.Domain.Interviews;
using InterviewPortal.Domain.Notifications;
using InterviewPortal.Domain.Recruiting;
using InterviewPortal.Domain.Reminders;
using InterviewPortal.Tests.TestSupport;
using InterviewPortal.Web.Data;
using InterviewPortal.Web.Features.Reminders;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace InterviewPortal.Tests.Web.Reminders;

public sealed class ReminderScreensTests
{
    /// <summary>An interview at version 2 with one reminder in each state (and a replaced version-1 one).</summary>
    private static async Task<Guid> SeedAsync(PortalBunitContext ctx)
    {
        var now = DateTime.UtcNow;
        await using var db = await ctx.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        db.Users.Add(new ApplicationUser { Id = ctx.UserId, UserName = "me@example.com", Email = "me@example.com", DisplayName = "测试用户" });
        db.Users.Add(new ApplicationUser { Id = "ia", UserName = "ia@example.com", Email = "ia@example.com", DisplayName = "李面试官" });
        var position = Position.Create(Guid.NewGuid(), "后端工程师", "研发部", "上海", "ia", [], now);
        var candidate = Candidate.Create(Guid.NewGuid(), "张三", "13800138000", null, CandidateSource.Direct, null, [], null, now);
        var interview = Interview.Schedule(Guid.NewGuid(), candidate.Id, position.Id, null, InterviewRound.Technical, now.AddDays(2), 60, ["ia"], null, null, "ia", now);
        db.AddRange(position, candidate, interview);
        Reminder Row(ReminderKind kind, ReminderChannel channel, int version, Action<Reminder>? change = null)
        {
            var r = Reminder.Plan(interview.Id, kind, channel, kind == ReminderKind.JoinNow ? ReminderRecipientRole.Candidate : ReminderRecipientRole.Interviewer,
                kind == ReminderKind.JoinNow ? candidate.Id.ToString() : "ia", version, 0, now.AddHours(1), now);
            change?.Invoke(r);
            db.Reminders.Add(r);
            return r;
        }

        Row(ReminderKind.Scheduled, ReminderChannel.Email, 1, r => r.Skip(ReminderSkipReason.Replaced, now));
        Row(ReminderKind.Rescheduled, ReminderChannel.Email, 2, r => r.MarkSent(now));
        Row(ReminderKind.Rescheduled, ReminderChannel.WeChat, 2, r => r.Skip(ReminderSkipReason.ChannelNotConfigured, now, "WeChat:AppId and WeChat:AppSecret are not set"));
        Row(ReminderKind.DayBefore, ReminderChannel.Email, 2, r => r.Fail("SMTP 550: mailbox unavailable", transient: false, now));
        Row(ReminderKind.JoinNow, ReminderChannel.WeChat, 2);
        await db.SaveChangesAsync();
        return interview.Id;
    }

    [Fact]
    public async Task TheInterviewsRemindersPanel_ShowsEachReminderWithItsState_WhySkipped_AndTheError()
    {
        await using var ctx = PortalBunitContext.Create("zh-CN", Roles.HR);
        var id = await SeedAsync(ctx);

        var panel = ctx.Render<ReminderPanel>(p => p.Add(x => x.InterviewId, id));

        panel.WaitForAssertion(() => Assert.Equal(4, panel.FindAll("[data-testid=reminder-row]").Count));
        Assert.Equal(["Sent", "Skipped", "Failed", "Planned"], panel.FindAll("[data-testid=reminder-row]").Select(r => r.GetAttribute("data-state")!).OrderBy(s => s == "Sent" ? 0 : s == "Skipped" ? 1 : s == "Failed" ? 2 : 3));
        Assert.Contains("渠道未配置", panel.Markup);
        Assert.Contains("WeChat:AppId and WeChat:AppSecret are not set", panel.Markup);
        Assert.Contains("SMTP 550: mailbox unavailable", panel.Markup);
        Assert.Contains("候选人 · 张三", panel.Markup);

        panel.Find("input[data-testid=reminders-earlier], [data-testid=reminders-earlier] input").Change(true);
        Assert.Equal(5, panel.FindAll("[data-testid=reminder-row]").Count);
        Assert.Contains("已被改期或取消替代", panel.Markup);
    }

    [Fact]
    public async Task TheRemindersPanel_RendersNothingForAnInterviewer()
    {
        await using var ctx = PortalBunitContext.Create("zh-CN", Roles.Interviewer);
        var id = await SeedAsync(ctx);

        var panel = ctx.Render<ReminderPanel>(p => p.Add(x => x.InterviewId, id));

        Assert.Empty(panel.FindAll("[data-testid=reminders]"));
    }

    [Fact]
    public async Task TheAdminsAttentionList_ShowsFailedAndFixableSkips_AndRetryPlansTheReminderAgain()
    {
        await using var ctx = PortalBunitContext.Create("en-US", Roles.Admin);
        var id = await SeedAsync(ctx);

        var page = ctx.Render<RemindersPage>();

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=attention-row]").Count));
        Assert.Contains("Channel not configured", page.Markup);
        page.FindAll("[data-testid=reminder-retry]")[0].Click();

        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=attention-row]")));
        var states = await ctx.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext().Reminders.Where(r => r.SubjectId == id && r.Version == 2)
            .Select(r => r.State).ToListAsync();
        Assert.Equal(2, states.Count(s => s == ReminderState.Planned));
    }

    [Fact]
    public async Task TheNotificationsPage_ListsTheUsersNotificationsInTheirLanguage_AndMarksThemRead()
    {
        await using var ctx = PortalBunitContext.Create("en-US", Roles.Interviewer);
        await using (var db = await ctx.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync())
        {
            db.Notifications.Add(Notification.Create(ctx.UserId, "ReminderInApp_HourBefore", null, "reminder:1", DateTime.UtcNow, "张三", "后端工程师", "Technical", "2026-11-27 Fri 09:00 (Asia/Shanghai)"));
            db.Notifications.Add(Notification.Create("someone-else", "ReminderInApp_Test", null, "reminder:2", DateTime.UtcNow));
            await db.SaveChangesAsync();
        }

        var page = ctx.Render<NotificationsPage>();

        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=notification]")));
        Assert.Contains("Starting 2026-11-27 Fri 09:00 (Asia/Shanghai): interview with 张三 (后端工程师, Technical).", page.Markup);
        Assert.Equal(1, await ctx.Services.GetRequiredService<NotificationService>().UnreadCountAsync());
        page.Find("[data-testid=notifications-read-all]").Click();
        page.WaitForAssertion(() => Assert.Equal("yes", page.Find("[data-testid=notification]").GetAttribute("data-read")));
        Assert.Equal(0, await ctx.Services.GetRequiredService<NotificationService>().UnreadCountAsync());
    }
}
