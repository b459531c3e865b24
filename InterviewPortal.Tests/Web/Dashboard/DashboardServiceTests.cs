using InterviewPortal.Domain.Identity;
using InterviewPortal.Domain.Interviews;
using InterviewPortal.Domain.Recruiting;
using InterviewPortal.Domain.Sessions;
using InterviewPortal.Tests.TestSupport;
using InterviewPortal.Web.Data;
using InterviewPortal.Web.Features.Dashboard;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace InterviewPortal.Tests.Web.Dashboard;

[Collection(PortalHostCollection.Name)]
public sealed class DashboardServiceTests(PortalAppFactoryFixture app) : IClassFixture<PortalAppFactoryFixture>
{
    [Fact]
    public async Task TheAgenda_ShowsLiveStatusFromTheSessionLog_AndAnAgencySeesOnlyItsOwn_WithItsCandidatesByStage()
    {
        var w = await RecruitingWorld.CreateAsync(app.Factory);
        var now = DateTime.UtcNow;
        var factory = app.Factory.Services.GetRequiredService<IDbContextFactory<AppDbContext>>();
        Interview Make(Guid candidate, Guid? agency, DateTime start, string interviewer) =>
            Interview.Schedule(Guid.NewGuid(), candidate, w.Position, agency, InterviewRound.Technical, start, 60, [interviewer], null, null, w.Hr, start.AddDays(-1));
        // Started 6 minutes ago, only the interviewer is in: a no-show alert for the candidate. Started 3 minutes ago with
        // both in: in progress. Started 2 minutes ago, nobody yet: waiting (the 5-minute escalation has not come).
        var missing = Make(w.CandidateA, w.AgencyA, now.AddMinutes(-6), w.InterviewerA);
        var running = Make(w.CandidateB, w.AgencyB, now.AddMinutes(-3), w.InterviewerB);
        var waiting = Make(w.CandidateB, w.AgencyB, now.AddMinutes(-2), w.InterviewerA);
        running.ChangeStatus(InterviewStatus.InProgress, null, "system", now.AddMinutes(-2));
        await using (var db = await factory.CreateDbContextAsync())
        {
            db.Interviews.AddRange(missing, running, waiting);
            db.SessionEvents.AddRange(
                SessionEvent.Create(Random.Shared.NextInt64(), missing.Id, "1", SessionEventKind.Joined, SessionParty.Interviewer, w.InterviewerA, now.AddMinutes(-5)),
                SessionEvent.Create(Random.Shared.NextInt64(), running.Id, "2", SessionEventKind.Joined, SessionParty.Interviewer, w.InterviewerB, now.AddMinutes(-3)),
                SessionEvent.Create(Random.Shared.NextInt64(), running.Id, "2", SessionEventKind.Joined, SessionParty.Candidate, null, now.AddMinutes(-2)));
            await db.SaveChangesAsync();
        }

        var hr = await w.AsAsync(w.Hr, [Roles.HR], null, sp => sp.GetRequiredService<DashboardService>().AgendaAsync());
        var live = hr.Where(a => a.Id == missing.Id || a.Id == running.Id || a.Id == waiting.Id || a.Id == w.InterviewA).ToDictionary(a => a.Id);

        Assert.Equal((LiveStatus.NoShowAlert, true, false), (live[missing.Id].Live, live[missing.Id].CandidateMissing, live[missing.Id].InterviewerMissing));
        Assert.Equal(LiveStatus.InProgress, live[running.Id].Live);
        Assert.Equal(LiveStatus.Waiting, live[waiting.Id].Live);
        Assert.Equal(LiveStatus.Upcoming, live[w.InterviewA].Live);

        var agency = await w.AsAsync(w.AgencyUserA, [Roles.Agency], w.AgencyA, sp => sp.GetRequiredService<DashboardService>().AgendaAsync());
        Assert.Equal([missing.Id, w.InterviewA], agency.Select(a => a.Id));
        var overview = await w.AsAsync(w.AgencyUserA, [Roles.Agency], w.AgencyA, sp => sp.GetRequiredService<DashboardService>().AgencyOverviewAsync());
        var stage = await app.Factory.WithDbAsync(db => db.Candidates.Where(c => c.Id == w.CandidateA).Select(c => c.Stage).SingleAsync());
        Assert.Equal(1, overview!.Value.Stages.Single(s => s.Stage == stage).Count);
        Assert.Equal(1, overview.Value.Stages.Sum(s => s.Count));
        Assert.Null(await w.AsAsync(w.Hr, [Roles.HR], null, sp => sp.GetRequiredService<DashboardService>().HealthAsync()));
    }
}
