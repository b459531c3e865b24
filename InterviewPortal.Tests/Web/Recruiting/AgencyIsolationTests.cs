using InterviewPortal.Domain;
using InterviewPortal.Domain.Identity;
using InterviewPortal.Domain.Recruiting;
using InterviewPortal.Tests.TestSupport;
using InterviewPortal.Web.Features.Interviews;
using InterviewPortal.Web.Features.Recruiting;
using Microsoft.Extensions.DependencyInjection;

namespace InterviewPortal.Tests.Web.Recruiting;

/// <summary>An agency user reaches only their agency's candidates and interviews, through every service they can call.</summary>
[Collection(PortalHostCollection.Name)]
public sealed class AgencyIsolationTests(PortalAppFactoryFixture app) : IClassFixture<PortalAppFactoryFixture>
{
    private Task<T> AsAgencyAAsync<T>(RecruitingWorld w, Func<IServiceProvider, Task<T>> work) => w.AsAsync(w.AgencyUserA, [Roles.Agency], w.AgencyA, work);

    [Fact]
    public async Task Lists_ShowOnlyTheAgencysOwnCandidatesAndInterviews()
    {
        var w = await RecruitingWorld.CreateAsync(app.Factory);

        var candidates = await AsAgencyAAsync(w, sp => sp.GetRequiredService<CandidateService>().ListAsync(new CandidateFilter(), 0, 100));
        var interviews = await AsAgencyAAsync(w, sp => sp.GetRequiredService<InterviewService>().ListAsync(new InterviewFilter(), 0, 100));
        var otherAgencyFilter = await AsAgencyAAsync(w, sp => sp.GetRequiredService<CandidateService>().ListAsync(new CandidateFilter(AgencyId: w.AgencyB), 0, 100));

        Assert.Contains(candidates.Rows, c => c.Id == w.CandidateA);
        Assert.DoesNotContain(candidates.Rows, c => c.Id == w.CandidateB);
        Assert.All(interviews.Rows, i => Assert.NotEqual(w.InterviewB, i.Id));
        Assert.Contains(interviews.Rows, i => i.Id == w.InterviewA);
        Assert.Empty(otherAgencyFilter.Rows);
    }

    [Fact]
    public async Task EveryLookupByAnotherAgencysId_FindsNothing()
    {
        var w = await RecruitingWorld.CreateAsync(app.Factory);

        Assert.Null(await AsAgencyAAsync(w, sp => sp.GetRequiredService<CandidateService>().GetAsync(w.CandidateB)));
        Assert.Null(await AsAgencyAAsync(w, sp => sp.GetRequiredService<InterviewService>().GetAsync(w.InterviewB)));
        Assert.Null(await AsAgencyAAsync(w, sp => sp.GetRequiredService<InterviewService>().GetInviteAsync(w.InterviewB)));
        var update = await Assert.ThrowsAsync<DomainException>(() => AsAgencyAAsync(w, async sp =>
        {
            await sp.GetRequiredService<CandidateService>().UpdateAsync(w.CandidateB, new CandidateForm { Name = "篡改", Phone = "13700000000" });
            return true;
        }));
        var merge = await Assert.ThrowsAsync<DomainException>(() => AsAgencyAAsync(w, async sp =>
        {
            await sp.GetRequiredService<CandidateService>().MergeIntoAsync(w.CandidateB, new CandidateForm { PositionIds = [w.Position] });
            return true;
        }));
        Assert.Equal("NotFound", update.MessageKey);
        Assert.Equal("NotFound", merge.MessageKey);
    }

    [Fact]
    public async Task AnAgencyCannotFileACandidateForAnotherAgency_NorLearnAboutTheirs()
    {
        var w = await RecruitingWorld.CreateAsync(app.Factory);
        var theirs = await w.AsHrAsync(sp => sp.GetRequiredService<CandidateService>().GetAsync(w.CandidateB));

        var created = await AsAgencyAAsync(w, sp => sp.GetRequiredService<CandidateService>().CreateAsync(new CandidateForm
        {
            Name = "王五", Phone = "13611112222", Source = CandidateSource.Agency, AgencyId = w.AgencyB, PositionIds = [w.Position],
        }));
        var duplicate = await Assert.ThrowsAsync<DomainException>(() => AsAgencyAAsync(w, sp => sp.GetRequiredService<CandidateService>().CreateAsync(new CandidateForm
        {
            Name = "李四", Phone = theirs!.Phone,
        })));
        var mine = await w.AsHrAsync(sp => sp.GetRequiredService<CandidateService>().GetAsync(created.CreatedId!.Value));

        Assert.Equal(w.AgencyA, mine!.AgencyId); // the form's agency was ignored
        Assert.Equal("CandidateExistsElsewhere", duplicate.MessageKey);
        Assert.DoesNotContain("李四", string.Join(",", duplicate.Arguments));
    }

    [Fact]
    public async Task AgencyUsers_CannotScheduleMoveOrSeeNotes()
    {
        var w = await RecruitingWorld.CreateAsync(app.Factory);

        var schedule = await Assert.ThrowsAsync<DomainException>(() => AsAgencyAAsync(w, sp => sp.GetRequiredService<InterviewService>().ScheduleAsync(new ScheduleForm { CandidateId = w.CandidateA })));
        var move = await Assert.ThrowsAsync<DomainException>(() => AsAgencyAAsync(w, async sp =>
        {
            await sp.GetRequiredService<CandidateService>().MoveStageAsync(w.CandidateA, PipelineStage.Offer, null);
            return true;
        }));
        var details = await AsAgencyAAsync(w, sp => sp.GetRequiredService<InterviewService>().GetAsync(w.InterviewA));

        Assert.Equal("NotAllowed", schedule.MessageKey);
        Assert.Equal("NotAllowed", move.MessageKey);
        Assert.NotNull(details);
        Assert.Null(details!.NotesForInterviewers);
        Assert.Empty(details.History);
        Assert.False(details.CanManage);
    }

    [Fact]
    public async Task AnAgencyUserWithoutAnAgency_SeesNothing()
    {
        var w = await RecruitingWorld.CreateAsync(app.Factory);

        var page = await w.AsAsync("orphan", [Roles.Agency], null, sp => sp.GetRequiredService<CandidateService>().ListAsync(new CandidateFilter(), 0, 100));

        Assert.Empty(page.Rows);
    }

    [Fact]
    public async Task Interviewers_SeeOnlyTheInterviewsTheySitOn_AndThoseCandidates()
    {
        var w = await RecruitingWorld.CreateAsync(app.Factory);

        var list = await w.AsAsync(w.InterviewerA, [Roles.Interviewer], null, sp => sp.GetRequiredService<InterviewService>().ListAsync(new InterviewFilter(), 0, 100));
        var other = await w.AsAsync(w.InterviewerA, [Roles.Interviewer], null, sp => sp.GetRequiredService<InterviewService>().GetAsync(w.InterviewB));
        var candidate = await w.AsAsync(w.InterviewerA, [Roles.Interviewer], null, sp => sp.GetRequiredService<CandidateService>().GetAsync(w.CandidateA));
        var otherCandidate = await w.AsAsync(w.InterviewerA, [Roles.Interviewer], null, sp => sp.GetRequiredService<CandidateService>().GetAsync(w.CandidateB));

        Assert.Equal([w.InterviewA], list.Rows.Select(r => r.Id).Where(id => id == w.InterviewA || id == w.InterviewB));
        Assert.Null(other);
        Assert.NotNull(candidate);
        Assert.Null(otherCandidate);
    }

    [Fact]
    public async Task AgencyUsers_GetNoVideoRoomNoPanelAddressesAndNoHrReasons()
    {
        var w = await RecruitingWorld.CreateAsync(app.Factory);
        await w.AsHrAsync(sp => sp.GetRequiredService<CandidateService>().MoveStageAsync(w.CandidateA, PipelineStage.Rejected, "薪资期望过高"));

        var interview = await AsAgencyAAsync(w, sp => sp.GetRequiredService<InterviewService>().GetAsync(w.InterviewA));
        var invite = await AsAgencyAAsync(w, sp => sp.GetRequiredService<InterviewService>().GetInviteAsync(w.InterviewA));
        var candidate = await AsAgencyAAsync(w, sp => sp.GetRequiredService<CandidateService>().GetAsync(w.CandidateA));
        var hrView = await w.AsHrAsync(sp => sp.GetRequiredService<InterviewService>().GetAsync(w.InterviewA));

        Assert.Equal("", interview!.VideoRoomId);
        Assert.All(interview.Interviewers, p => Assert.Equal("", p.Email));
        Assert.DoesNotContain(hrView!.VideoRoomId, invite!.Value.Content);
        Assert.DoesNotContain("ATTENDEE", invite.Value.Content);
        Assert.Equal(PipelineStage.Rejected, candidate!.Stage);
        Assert.All(candidate.History, h => Assert.Null(h.Reason));
    }

    [Fact]
    public async Task ASuspendedAgency_SeesNothingAndCannotAddCandidates()
    {
        var w = await RecruitingWorld.CreateAsync(app.Factory);
        await w.AsHrAsync(sp => sp.GetRequiredService<AgencyService>().SetStatusAsync(w.AgencyA, AgencyStatus.Suspended));

        var list = await AsAgencyAAsync(w, sp => sp.GetRequiredService<CandidateService>().ListAsync(new CandidateFilter(), 0, 100));
        var interviews = await AsAgencyAAsync(w, sp => sp.GetRequiredService<InterviewService>().ListAsync(new InterviewFilter(), 0, 100));
        var create = await Assert.ThrowsAsync<DomainException>(() => AsAgencyAAsync(w, sp => sp.GetRequiredService<CandidateService>().CreateAsync(new CandidateForm { Name = "赵六", Phone = "13512345678" })));

        Assert.Empty(list.Rows);
        Assert.Empty(interviews.Rows);
        Assert.Equal("NotAllowed", create.MessageKey);
    }

    [Fact]
    public async Task Interviewers_CannotMergeCandidates()
    {
        var w = await RecruitingWorld.CreateAsync(app.Factory);

        var ex = await Assert.ThrowsAsync<DomainException>(() => w.AsAsync(w.InterviewerA, [Roles.Interviewer], null, async sp =>
        {
            await sp.GetRequiredService<CandidateService>().MergeIntoAsync(w.CandidateA, new CandidateForm { PositionIds = [w.Position] });
            return true;
        }));

        Assert.Equal("NotAllowed", ex.MessageKey);
    }
}
