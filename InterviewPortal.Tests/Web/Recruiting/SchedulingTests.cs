using Ical.Net;
using InterviewPortal.Domain;
using InterviewPortal.Domain.Identity;
using InterviewPortal.Domain.Interviews;
using InterviewPortal.Domain.Recruiting;
using InterviewPortal.Tests.TestSupport;
using InterviewPortal.Web.Features.Audit;
using InterviewPortal.Web.Features.Interviews;
using InterviewPortal.Web.Features.Recruiting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace InterviewPortal.Tests.Web.Recruiting;

[Collection(PortalHostCollection.Name)]
public sealed class SchedulingTests(PortalAppFactoryFixture app) : IClassFixture<PortalAppFactoryFixture>
{
    [Fact]
    public async Task DoubleBookingAnInterviewer_IsRefusedWithTheConflictingInterview()
    {
        var w = await RecruitingWorld.CreateAsync(app.Factory);

        // Interviewer A is busy 09:00–10:00 (their time); 10:05 is inside the 10-minute buffer.
        var result = await w.AsHrAsync(sp => sp.GetRequiredService<InterviewService>().ScheduleAsync(new ScheduleForm
        {
            CandidateId = w.CandidateB, PositionId = w.Position, StartUtc = RecruitingWorld.Tomorrow9Utc.AddMinutes(65), DurationMinutes = 30, InterviewerIds = [w.InterviewerB, w.InterviewerA],
        }));

        Assert.Null(result.InterviewId);
        Assert.Equal(w.InterviewA, result.Conflict!.InterviewId);
        Assert.Equal("张三", result.Conflict.CandidateName);
        Assert.StartsWith("ia.", result.Conflict.InterviewerName);
    }

    [Fact]
    public async Task HR_CanOverrideAConflictWithAReason_AndTheOverrideIsRecorded()
    {
        var w = await RecruitingWorld.CreateAsync(app.Factory);

        var result = await w.AsHrAsync(sp => sp.GetRequiredService<InterviewService>().ScheduleAsync(new ScheduleForm
        {
            CandidateId = w.CandidateB, PositionId = w.Position, StartUtc = RecruitingWorld.Tomorrow9Utc, DurationMinutes = 60, InterviewerIds = [w.InterviewerA],
            OverrideReason = "面试官同意连续面试",
            AcknowledgedConflictId = w.InterviewA,
        }));

        Assert.NotNull(result.InterviewId);
        var details = await w.AsHrAsync(sp => sp.GetRequiredService<InterviewService>().GetAsync(result.InterviewId!.Value));
        Assert.Contains(details!.History, h => h.Kind == InterviewChangeKind.DoubleBookingOverridden && h.Reason == "面试官同意连续面试");
        Assert.True(await app.Factory.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Action == AuditActions.InterviewDoubleBookingOverridden && a.TargetId == result.InterviewId.ToString())));
    }

    [Fact]
    public async Task Scheduling_MovesTheCandidateToInterviewing()
    {
        var w = await RecruitingWorld.CreateAsync(app.Factory);

        var candidate = await w.AsHrAsync(sp => sp.GetRequiredService<CandidateService>().GetAsync(w.CandidateA));

        Assert.Equal(PipelineStage.Interviewing, candidate!.Stage);
        Assert.Equal([PipelineStage.Applied, PipelineStage.Interviewing], candidate.History.Select(h => h.To));
    }

    [Fact]
    public async Task Reschedule_KeepsTheInterview_BumpsTheVersion_AndTheInviteUpdatesTheSameEvent()
    {
        var w = await RecruitingWorld.CreateAsync(app.Factory);
        var first = await w.AsHrAsync(sp => sp.GetRequiredService<InterviewService>().GetInviteAsync(w.InterviewA));

        var moved = await w.AsHrAsync(sp => sp.GetRequiredService<InterviewService>().RescheduleAsync(w.InterviewA, RecruitingWorld.Tomorrow9Utc.AddDays(1), 45, "候选人出差", null));
        var second = await w.AsHrAsync(sp => sp.GetRequiredService<InterviewService>().GetInviteAsync(w.InterviewA));
        await w.AsHrAsync(sp => sp.GetRequiredService<InterviewService>().CancelAsync(w.InterviewA, "职位已关闭"));
        var third = await w.AsHrAsync(sp => sp.GetRequiredService<InterviewService>().GetInviteAsync(w.InterviewA));

        Assert.Equal(w.InterviewA, moved.InterviewId);
        var (a, b, c) = (Calendar.Load(first!.Value.Content)!, Calendar.Load(second!.Value.Content)!, Calendar.Load(third!.Value.Content)!);
        Assert.Equal(a.Events.Single().Uid, b.Events.Single().Uid);
        Assert.Equal(a.Events.Single().Uid, c.Events.Single().Uid);
        Assert.Equal((1, 2, 3), (a.Events.Single().Sequence, b.Events.Single().Sequence, c.Events.Single().Sequence));
        Assert.Equal(("REQUEST", "REQUEST", "CANCEL"), (a.Method, b.Method, c.Method));
        Assert.Equal(RecruitingWorld.Tomorrow9Utc.AddDays(1), b.Events.Single().DtStart!.AsUtc);
        Assert.Equal(45, (b.Events.Single().DtEnd!.AsUtc - b.Events.Single().DtStart!.AsUtc).TotalMinutes);
        Assert.Contains("VTIMEZONE", second.Value.Content);
        Assert.Contains("Asia/Shanghai", second.Value.Content);
        var details = await w.AsHrAsync(sp => sp.GetRequiredService<InterviewService>().GetAsync(w.InterviewA));
        var rescheduled = details!.History.Single(h => h.Kind == InterviewChangeKind.Rescheduled);
        Assert.Equal((RecruitingWorld.Tomorrow9Utc, 60, RecruitingWorld.Tomorrow9Utc.AddDays(1), 45), (rescheduled.OldStartUtc!.Value, rescheduled.OldDurationMinutes!.Value, rescheduled.NewStartUtc!.Value, rescheduled.NewDurationMinutes!.Value));
        Assert.Equal("候选人出差", rescheduled.Reason);
        Assert.Equal(InterviewStatus.Cancelled, details.Status);
    }

    [Fact]
    public async Task Rescheduling_IntoAnotherInterviewOfTheSamePanelist_IsRefused()
    {
        var w = await RecruitingWorld.CreateAsync(app.Factory);
        var second = await w.ScheduleAsync(w.CandidateB, RecruitingWorld.Tomorrow9Utc.AddHours(6), w.InterviewerA);

        var result = await w.AsHrAsync(sp => sp.GetRequiredService<InterviewService>().RescheduleAsync(second, RecruitingWorld.Tomorrow9Utc.AddMinutes(30), 60, "提前", null));

        Assert.Equal(w.InterviewA, result.Conflict!.InterviewId);
        var unchanged = await w.AsHrAsync(sp => sp.GetRequiredService<InterviewService>().GetAsync(second));
        Assert.Equal(1, unchanged!.Version);
        Assert.Equal(RecruitingWorld.Tomorrow9Utc.AddHours(6), unchanged.StartUtc);
    }

    [Fact]
    public async Task CancelledInterviews_NoLongerBlockTheirPanel()
    {
        var w = await RecruitingWorld.CreateAsync(app.Factory);
        await w.AsHrAsync(sp => sp.GetRequiredService<InterviewService>().CancelAsync(w.InterviewA, "候选人放弃"));

        var again = await w.ScheduleAsync(w.CandidateB, RecruitingWorld.Tomorrow9Utc, w.InterviewerA);

        Assert.NotEqual(Guid.Empty, again);
    }

    [Fact]
    public async Task Scheduling_RefusesADisabledOrNonInterviewerPanelist()
    {
        var w = await RecruitingWorld.CreateAsync(app.Factory);
        var agencyUser = w.AgencyUserA;

        var ex = await Assert.ThrowsAsync<DomainException>(() => w.AsHrAsync(sp => sp.GetRequiredService<InterviewService>().ScheduleAsync(new ScheduleForm
        {
            CandidateId = w.CandidateA, PositionId = w.Position, StartUtc = RecruitingWorld.Tomorrow9Utc.AddDays(3), InterviewerIds = [agencyUser],
        })));

        Assert.Equal("InterviewInterviewerNotEligible", ex.MessageKey);
    }

    [Fact]
    public async Task InterviewList_FiltersByInterviewerStatusAndCandidateName()
    {
        var w = await RecruitingWorld.CreateAsync(app.Factory);
        var service = (IServiceProvider sp) => sp.GetRequiredService<InterviewService>();

        var byInterviewer = await w.AsHrAsync(sp => service(sp).ListAsync(new InterviewFilter(InterviewerId: w.InterviewerB), 0, 50));
        var byName = await w.AsHrAsync(sp => service(sp).ListAsync(new InterviewFilter(Search: "张三", AgencyId: w.AgencyA), 0, 50));
        var cancelled = await w.AsHrAsync(sp => service(sp).ListAsync(new InterviewFilter(Status: InterviewStatus.Cancelled, AgencyId: w.AgencyA), 0, 50));

        Assert.Contains(byInterviewer.Rows, r => r.Id == w.InterviewB);
        Assert.DoesNotContain(byInterviewer.Rows, r => r.Id == w.InterviewA);
        Assert.Equal([w.InterviewA], byName.Rows.Select(r => r.Id));
        Assert.Empty(cancelled.Rows);
    }

    [Fact]
    public async Task Calendar_ShowsOneInterviewersWeek_WithoutCancelledInterviews()
    {
        var w = await RecruitingWorld.CreateAsync(app.Factory);
        var extra = await w.ScheduleAsync(w.CandidateB, RecruitingWorld.Tomorrow9Utc.AddDays(1), w.InterviewerA);
        await w.AsHrAsync(sp => sp.GetRequiredService<InterviewService>().CancelAsync(extra, "不再需要"));
        var from = RecruitingWorld.Tomorrow9Utc.Date.AddDays(-1);

        var week = await w.AsHrAsync(sp => sp.GetRequiredService<InterviewService>().CalendarAsync(from, from.AddDays(7), w.InterviewerA, mine: false));
        var own = await w.AsAsync(w.InterviewerB, [Roles.Interviewer], null, sp => sp.GetRequiredService<InterviewService>().CalendarAsync(from, from.AddDays(7), null, mine: true));

        var item = Assert.Single(week);
        Assert.Equal((w.InterviewA, "张三"), (item.Id, item.CandidateName));
        Assert.Equal([w.InterviewB], own.Select(i => i.Id));
    }

    [Fact]
    public async Task AnOverrideCoversOnlyTheConflictHrWasShown()
    {
        var w = await RecruitingWorld.CreateAsync(app.Factory);

        var result = await w.AsHrAsync(sp => sp.GetRequiredService<InterviewService>().ScheduleAsync(new ScheduleForm
        {
            CandidateId = w.CandidateB, PositionId = w.Position, StartUtc = RecruitingWorld.Tomorrow9Utc, DurationMinutes = 60, InterviewerIds = [w.InterviewerA],
            OverrideReason = "以为是另一场冲突", AcknowledgedConflictId = Guid.NewGuid(),
        }));

        Assert.Null(result.InterviewId);
        Assert.Equal(w.InterviewA, result.Conflict!.InterviewId);
    }

    [Fact]
    public async Task ARejectedCandidate_CannotBeScheduled()
    {
        var w = await RecruitingWorld.CreateAsync(app.Factory);
        await w.AsHrAsync(sp => sp.GetRequiredService<CandidateService>().MoveStageAsync(w.CandidateA, PipelineStage.Rejected, "不合适"));

        var ex = await Assert.ThrowsAsync<DomainException>(() => w.AsHrAsync(sp => sp.GetRequiredService<InterviewService>().ScheduleAsync(new ScheduleForm
        {
            CandidateId = w.CandidateA, PositionId = w.Position, StartUtc = RecruitingWorld.Tomorrow9Utc.AddDays(5), InterviewerIds = [w.InterviewerB],
        })));

        Assert.Equal("InterviewCandidateNotActive", ex.MessageKey);
    }
}
