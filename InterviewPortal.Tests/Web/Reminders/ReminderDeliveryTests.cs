using InterviewPortal.Domain;
using InterviewPortal.Domain.Identity;
using InterviewPortal.Domain.Reminders;
using InterviewPortal.Domain.Scorecards;
using InterviewPortal.Tests.TestSupport;
using InterviewPortal.Web.Features.Audit;
using InterviewPortal.Web.Features.Reminders;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmtpServer.Protocol;

namespace InterviewPortal.Tests.Web.Reminders;

/// <summary>Delivery guarantees: at most once across runs and instances, in-doubt recovery, retries, visible skips.</summary>
[Collection(PortalHostCollection.Name)]
public sealed class ReminderDeliveryTests : IAsyncLifetime
{
    private ReminderHost _host = null!;

    public async Task InitializeAsync() => _host = await ReminderHost.StartAsync(wechat: false);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    /// <summary>Rows due now for the interviewer of the world's interview A, told apart by occasion.</summary>
    private async Task<List<long>> SeedDueAsync(RecruitingWorld w, int count, ReminderChannel channel, int firstOccasion = 100)
    {
        var now = _host.Now;
        return await _host.App.WithDbAsync(async db =>
        {
            var rows = Enumerable.Range(firstOccasion, count)
                .Select(k => Reminder.Plan(w.InterviewA, ReminderKind.HourBefore, channel, ReminderRecipientRole.Interviewer, w.InterviewerA, 1, k, now, now)).ToList();
            db.Reminders.AddRange(rows);
            await db.SaveChangesAsync();
            return rows.Select(r => r.Id).ToList();
        });
    }

    [Fact]
    public async Task OverlappingRuns_OnTwoInstancesOfOneDatabase_SendEveryReminderExactlyOnce()
    {
        var w = await RecruitingWorld.CreateAsync(_host.App);
        await _host.DispatchAsync(); // the world's own confirmations
        var emails = await SeedDueAsync(w, 150, ReminderChannel.Email);
        var inApp = await SeedDueAsync(w, 150, ReminderChannel.InApp);
        await using var second = await ReminderHost.StartAsync(wechat: false, databaseOf: _host.App.DatabaseFile, clock: _host.Clock, smtp: _host.Smtp);
        var before = _host.Smtp.Messages.Count;

        var runs = Enumerable.Range(0, 6).Select(k => Task.Run(() => (k % 2 == 0 ? _host : second).DispatchAsync())).ToList();
        var results = await Task.WhenAll(runs);

        Assert.All(emails, id => Assert.Single(_host.Smtp.ForReminder(id)));
        Assert.Equal(emails.Count, _host.Smtp.Messages.Count - before);
        var keys = inApp.Select(InAppReminderChannel.DedupKey).ToList();
        Assert.Equal(inApp.Count, await _host.App.WithDbAsync(db => db.Notifications.CountAsync(n => keys.Contains(n.DedupKey))));
        var all = emails.Concat(inApp).ToList();
        var rows = await _host.App.WithDbAsync(db => db.Reminders.AsNoTracking().Where(r => all.Contains(r.Id)).ToListAsync());
        Assert.All(rows, r => Assert.Equal((ReminderState.Sent, 1), (r.State, r.Attempts)));
        Assert.True(results.Sum(r => r.Sent) >= all.Count);
        Assert.True(results.Count(r => r.Sent > 0) > 1, "the runs overlapped");
    }

    [Fact]
    public async Task ADispatcherThatStoppedMidSend_LeavesEmailFailedAsOutcomeUnknown_AndInAppIsSentOnce()
    {
        var w = await RecruitingWorld.CreateAsync(_host.App);
        var email = (await SeedDueAsync(w, 1, ReminderChannel.Email)).Single();
        var inApp = (await SeedDueAsync(w, 1, ReminderChannel.InApp)).Single();
        var leaseEnded = _host.Now.AddMinutes(-1);
        await _host.App.WithDbAsync(db => db.Reminders.Where(r => r.Id == email || r.Id == inApp).ExecuteUpdateAsync(s => s
            .SetProperty(r => r.State, ReminderState.Sending).SetProperty(r => r.Attempts, 1)
            .SetProperty(r => r.ClaimToken, Guid.NewGuid()).SetProperty(r => r.ClaimedUntilUtc, leaseEnded)));

        await _host.DispatchAsync();
        await _host.DispatchAsync();

        var rows = await _host.App.WithDbAsync(db => db.Reminders.AsNoTracking().Where(r => r.Id == email || r.Id == inApp).ToDictionaryAsync(r => r.Id));
        Assert.Equal((ReminderState.Failed, ReminderDispatcher.OutcomeUnknown), (rows[email].State, rows[email].LastError));
        Assert.Empty(_host.Smtp.ForReminder(email));
        Assert.Equal(ReminderState.Sent, rows[inApp].State);
        var key = InAppReminderChannel.DedupKey(inApp);
        Assert.Equal(1, await _host.App.WithDbAsync(db => db.Notifications.CountAsync(n => n.DedupKey == key)));
    }

    [Fact]
    public async Task AClaimedButUnsentReminder_OfAStoppedInstance_IsSentByAnotherWhenTheClaimLapses()
    {
        var w = await RecruitingWorld.CreateAsync(_host.App);
        var id = (await SeedDueAsync(w, 1, ReminderChannel.Email)).Single();
        var claimedUntil = _host.Now.Add(ReminderDispatcher.ClaimLease);
        await _host.App.WithDbAsync(db => db.Reminders.Where(r => r.Id == id)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.ClaimToken, Guid.NewGuid()).SetProperty(r => r.ClaimedUntilUtc, claimedUntil)));

        var first = await _host.DispatchAsync();
        Assert.Empty(_host.Smtp.ForReminder(id));
        Assert.Equal(claimedUntil, first.FollowUpAtUtc);
        var followUp = await _host.At(claimedUntil.AddSeconds(1));

        Assert.Single(_host.Smtp.ForReminder(id));
        Assert.Null(followUp.FollowUpAtUtc);
    }

    [Fact]
    public async Task TheDispatchJob_WhenAnotherSenderHoldsDueReminders_SchedulesItsNextRunForTheEndOfThatLease_NotTheNextMinute()
    {
        var w = await RecruitingWorld.CreateAsync(_host.App);
        await _host.DispatchAsync(); // the world's own confirmations
        var id = (await SeedDueAsync(w, 1, ReminderChannel.Email)).Single();
        var claimedUntil = _host.Now.AddSeconds(12);
        await _host.App.WithDbAsync(db => db.Reminders.Where(r => r.Id == id)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.ClaimToken, Guid.NewGuid()).SetProperty(r => r.ClaimedUntilUtc, claimedUntil)));
        var monitoring = _host.App.Services.GetRequiredService<Hangfire.JobStorage>().GetMonitoringApi();
        var before = monitoring.ScheduledJobs(0, 1000).Select(j => j.Key).ToHashSet();

        await using (var scope = _host.App.Services.CreateAsyncScope())
        {
            await ActivatorUtilities.CreateInstance<InterviewPortal.Web.Jobs.ReminderDispatchJob>(scope.ServiceProvider).RunAsync(CancellationToken.None);
        }

        var scheduled = monitoring.ScheduledJobs(0, 1000).Where(j => !before.Contains(j.Key)).ToList();
        var job = Assert.Single(scheduled);
        Assert.Equal(nameof(InterviewPortal.Web.Jobs.ReminderDispatchJob), job.Value.Job.Type.Name);
        Assert.Equal(claimedUntil + InterviewPortal.Web.Jobs.ReminderDispatchJob.FollowUpMargin, job.Value.EnqueueAt);

        // With nothing held elsewhere, a run schedules nothing.
        await _host.At(claimedUntil.AddSeconds(1));
        Assert.Single(_host.Smtp.ForReminder(id));
        await using (var scope = _host.App.Services.CreateAsyncScope())
        {
            await ActivatorUtilities.CreateInstance<InterviewPortal.Web.Jobs.ReminderDispatchJob>(scope.ServiceProvider).RunAsync(CancellationToken.None);
        }

        Assert.Single(monitoring.ScheduledJobs(0, 1000), j => !before.Contains(j.Key));
    }

    [Fact]
    public async Task TransientSmtpRefusals_AreRetriedWithBackoff_TheFifthIsFinal_AndAnAdminRetryIsAudited()
    {
        var w = await RecruitingWorld.CreateAsync(_host.App);
        await _host.DispatchAsync(); // the world's own confirmations
        var id = (await SeedDueAsync(w, 1, ReminderChannel.Email)).Single();
        for (var k = 0; k < 5; k++)
        {
            _host.Smtp.Refuse((SmtpReplyCode)451);
        }

        var waits = new List<TimeSpan>();
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            await _host.DispatchAsync();
            var row = await _host.App.WithDbAsync(db => db.Reminders.AsNoTracking().SingleAsync(r => r.Id == id));
            Assert.Equal(attempt, row.Attempts);
            Assert.Contains("451", row.LastError);
            if (attempt < 5)
            {
                Assert.Equal(ReminderState.Planned, row.State);
                waits.Add(row.NextAttemptAtUtc - _host.Now);
                await _host.At(row.NextAttemptAtUtc);
            }
            else
            {
                Assert.Equal(ReminderState.Failed, row.State);
            }
        }

        Assert.Equal([TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(4), TimeSpan.FromMinutes(8)], waits);
        Assert.Empty(_host.Smtp.ForReminder(id));

        var admin = await TestUsers.CreateAsync(_host.App.Services, $"admin.{Guid.NewGuid():N}@example.com", Roles.Admin);
        await using (var scope = _host.App.Services.CreateAsyncScope())
        {
            using var _ = AdminActor.As(scope.ServiceProvider, admin, Roles.Admin);
            var service = scope.ServiceProvider.GetRequiredService<ReminderService>();
            Assert.Contains(await service.NeedingAttentionAsync(), r => r.Id == id && r.CanRetry);
            await service.RetryAsync(id);
        }

        await _host.DispatchAsync();
        Assert.Single(_host.Smtp.ForReminder(id));
        Assert.True(await _host.App.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Action == AuditActions.ReminderRetried && a.TargetId == id.ToString() && a.ActorId == admin)));
    }

    [Fact]
    public async Task APermanentRefusal_FailsAtOnce_WithTheServersAnswer()
    {
        var w = await RecruitingWorld.CreateAsync(_host.App);
        await _host.DispatchAsync();
        var id = (await SeedDueAsync(w, 1, ReminderChannel.Email)).Single();
        _host.Smtp.Refuse((SmtpReplyCode)550);

        await _host.DispatchAsync();

        var row = await _host.App.WithDbAsync(db => db.Reminders.AsNoTracking().SingleAsync(r => r.Id == id));
        Assert.Equal((ReminderState.Failed, 1), (row.State, row.Attempts));
        Assert.Contains("550", row.LastError);
    }

    [Fact]
    public async Task WeChatNotConfigured_AndEmailSwitchedOff_AreSkippedVisiblyOnTheInterviewsReminders_WhichOnlyRecruitersRead()
    {
        var w = await RecruitingWorld.CreateAsync(_host.App);
        await _host.SaveSettingsAsync(s => s with { EmailEnabled = false });
        // Clear of the world's own interviews (interviewer B's is at 04:00 UTC two days ahead: "now + 40 h" met it when the
        // suite ran between 11:00 and 13:00 UTC) and always more than a day ahead.
        var id = await w.ScheduleAsync(await _host.CandidateAsync(w, "周九", "zhoujiu@example.com", "o-zhou"), RecruitingWorld.Tomorrow9Utc.AddHours(8), w.InterviewerB);

        await _host.DispatchAsync();

        var rows = await w.AsHrAsync(sp => sp.GetRequiredService<ReminderService>().ForInterviewAsync(id));
        var wechat = rows.Single(r => r.Kind == ReminderKind.Scheduled && r.Channel == ReminderChannel.WeChat);
        Assert.Equal((ReminderState.Skipped, ReminderSkipReason.ChannelNotConfigured, "周九"), (wechat.State, wechat.SkipReason, wechat.RecipientName));
        Assert.Contains("WeChat:AppId", wechat.LastError);
        Assert.All(rows.Where(r => r.Kind == ReminderKind.Scheduled && r.Channel == ReminderChannel.Email),
            r => Assert.Equal((ReminderState.Skipped, ReminderSkipReason.ChannelDisabled), (r.State, r.SkipReason)));
        Assert.Equal(ReminderState.Sent, rows.Single(r => r.Kind == ReminderKind.Scheduled && r.Channel == ReminderChannel.InApp && r.RecipientRole == ReminderRecipientRole.Interviewer).State);
        Assert.Empty(_host.Smtp.To("zhoujiu@example.com"));
        await Assert.ThrowsAsync<DomainException>(() => w.AsAsync(w.InterviewerB, [Roles.Interviewer], null, sp => sp.GetRequiredService<ReminderService>().ForInterviewAsync(id)));
    }

    [Fact]
    public async Task FeedbackNudges_GoToInterviewersWithoutASubmittedScorecard_AndStopOnceTheyHaveSubmitted()
    {
        var w = await RecruitingWorld.CreateAsync(_host.App);
        var start = _host.Now.AddHours(3);
        var id = await w.ScheduleAsync(await _host.CandidateAsync(w, "吴十", null), start, w.InterviewerA, w.InterviewerB);
        var end = start.AddHours(1);

        await _host.TravelToAsync(end.AddHours(1));
        var interviewerB = await _host.EmailOfAsync(w.InterviewerB);
        Assert.Single(_host.Smtp.To(interviewerB), m => m.Subject!.StartsWith("请提交面试评分") && m.Subject.Contains("吴十"));

        // B submits; A does not.
        await _host.App.WithDbAsync(async db =>
        {
            var competencies = await db.Competencies.Where(c => c.Round == InterviewPortal.Domain.Interviews.InterviewRound.Technical).ToListAsync();
            var card = Scorecard.Start(Guid.NewGuid(), id, w.InterviewerB, competencies, _host.Now);
            card.Edit([], Recommendation.Yes, "扎实", null, _host.Now);
            card.Submit(_host.Now);
            db.Scorecards.Add(card);
            return await db.SaveChangesAsync();
        });
        await _host.TravelToAsync(end.AddDays(20));

        var nudges = (await _host.RemindersAsync(id)).Where(r => r.Kind == ReminderKind.FeedbackNudge && r.Channel == ReminderChannel.Email).ToList();
        Assert.Equal(11, nudges.Count(r => r.RecipientId == w.InterviewerA && r.State == ReminderState.Sent));
        Assert.Equal(10, nudges.Count(r => r.RecipientId == w.InterviewerB && r.SkipReason == ReminderSkipReason.FeedbackSubmitted));
        Assert.Single(_host.Smtp.To(interviewerB), m => m.Subject!.StartsWith("请提交面试评分") && m.Subject.Contains("吴十"));
        // Daily on working days only: no two nudges on one day, none on a weekend.
        var days = nudges.Where(r => r.RecipientId == w.InterviewerA && r.Occasion > 0)
            .Select(r => TimeZoneInfo.ConvertTimeFromUtc(r.DueAtUtc, TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"))).ToList();
        Assert.Equal(days.Count, days.Select(d => d.Date).Distinct().Count());
        Assert.DoesNotContain(days, d => d.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday);
    }
}
