using ClosedXML.Excel;
using InterviewPortal.Domain;
using InterviewPortal.Domain.Identity;
using InterviewPortal.Domain.Interviews;
using InterviewPortal.Domain.Permission;
using InterviewPortal.Domain.Recruiting;
using InterviewPortal.Domain.Scorecards;
using InterviewPortal.Domain.Sessions;
using InterviewPortal.Tests.TestSupport;
using InterviewPortal.Web.Data;
using InterviewPortal.Web.Features.Audit;
using InterviewPortal.Web.Features.Permission;
using InterviewPortal.Web.Features.Reports;
using InterviewPortal.Web.Features.Settings;
using InterviewPortal.Web.Integrations.Zego;
using InterviewPortal.Web.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;

namespace InterviewPortal.Tests.Web.Reports;

/// <summary>
/// Every report on a small fixed data set (two weeks of March 2026, one position of its own), checked against numbers
/// worked out by hand in the comments below; agency users get their agency's figures only.
/// </summary>
[Collection(PortalHostCollection.Name)]
public sealed class ReportServiceTests(PortalAppFactoryFixture app) : IClassFixture<PortalAppFactoryFixture>
{
    // Monday 2 March 2026 and Monday 9 March 2026; interviews at 10:00 Shanghai (02:00 UTC), 60 minutes.
    private static readonly DateTime W1 = new(2026, 3, 2, 0, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime W2 = W1.AddDays(7);

    private static ReportFilter Range(Guid position) => new() { From = new DateTime(2026, 3, 2), To = new DateTime(2026, 3, 15), PositionId = position };

    /// <summary>
    /// The data set, on the world's own position (A = agency A's candidate, B = agency B's, D and E direct):
    /// <code>
    ///  #  cand round     start      status              panel  notes
    ///  1  A    Screening Mon W1     Completed           IA     card IA +6 h (amended later, v2 ignored); recording consent, recorded
    ///  2  A    Technical Tue W1     NoShowCandidate     IA
    ///  3  B    Screening Wed W1     Completed           IA     card IA +30 h; consent granted then refused (not consented)
    ///  4  B    Technical Thu W1     NoShowInterviewer   IA
    ///  5  D    Screening Mon W2     NoShowCandidate     IB
    ///  6  D    Technical Tue W2     Completed           IA,IB  moved once by HR; card IB +2 h, IA owes; consent, not recorded
    ///  7  A    Manager   Wed W2     Cancelled           IB     moved once by HR, then cancelled
    ///  8  B    Manager   Thu W2     Completed           IB     moved once by the candidate; IB owes
    /// </code>
    /// The WeChat permission was enabled on Monday W2 00:00 UTC, so 5–8 joined natively. D: created Sun 1 Mar, Screening
    /// 3 Mar, Interviewing 6 Mar, Offer 10 Mar, Hired 12 Mar (all 00:00 UTC). E: created 2 Mar, Screening 4 Mar, Rejected 8 Mar.
    /// Weekly cap 3.
    /// </summary>
    private async Task<RecruitingWorld> DataSetAsync()
    {
        var w = await RecruitingWorld.CreateAsync(app.Factory);
        var factory = app.Factory.Services.GetRequiredService<IDbContextFactory<AppDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        var d = Candidate.Create(Guid.NewGuid(), "赵六", TestPhones.Next(), null, CandidateSource.Direct, null, [w.Position], w.Hr, W1.AddDays(-1));
        d.MoveTo(PipelineStage.Screening, null, w.Hr, W1.AddDays(1));
        d.MoveTo(PipelineStage.Interviewing, null, w.Hr, W1.AddDays(4));
        d.MoveTo(PipelineStage.Offer, null, w.Hr, W1.AddDays(8));
        d.MoveTo(PipelineStage.Hired, null, w.Hr, W1.AddDays(10));
        var e = Candidate.Create(Guid.NewGuid(), "钱七", TestPhones.Next(), null, CandidateSource.Referral, null, [w.Position], w.Hr, W1);
        e.MoveTo(PipelineStage.Screening, null, w.Hr, W1.AddDays(2));
        e.MoveTo(PipelineStage.Rejected, "不匹配", w.Hr, W1.AddDays(6));
        db.Candidates.AddRange(d, e);

        Interview Make(Guid candidate, Guid? agency, InterviewRound round, DateTime day, params string[] panel) =>
            Interview.Schedule(Guid.NewGuid(), candidate, w.Position, agency, round, day.AddHours(2), 60, panel, null, null, w.Hr, day.AddDays(-5));
        void Outcome(Interview i, InterviewStatus status)
        {
            if (status == InterviewStatus.Completed)
            {
                i.ChangeStatus(InterviewStatus.InProgress, null, "system", i.StartUtc);
            }

            i.ChangeStatus(status, null, "system", i.EndUtc);
        }

        var i1 = Make(w.CandidateA, w.AgencyA, InterviewRound.Screening, W1, w.InterviewerA);
        Outcome(i1, InterviewStatus.Completed);
        var i2 = Make(w.CandidateA, w.AgencyA, InterviewRound.Technical, W1.AddDays(1), w.InterviewerA);
        Outcome(i2, InterviewStatus.NoShowCandidate);
        var i3 = Make(w.CandidateB, w.AgencyB, InterviewRound.Screening, W1.AddDays(2), w.InterviewerA);
        Outcome(i3, InterviewStatus.Completed);
        var i4 = Make(w.CandidateB, w.AgencyB, InterviewRound.Technical, W1.AddDays(3), w.InterviewerA);
        Outcome(i4, InterviewStatus.NoShowInterviewer);
        var i5 = Make(d.Id, null, InterviewRound.Screening, W2, w.InterviewerB);
        Outcome(i5, InterviewStatus.NoShowCandidate);
        var i6 = Make(d.Id, null, InterviewRound.Technical, W2.AddDays(1), w.InterviewerA, w.InterviewerB);
        i6.Reschedule(i6.StartUtc.AddMinutes(30), 60, "面试官冲突", w.Hr, false, SchedulingPolicy.Default, W2.AddDays(-3));
        Outcome(i6, InterviewStatus.Completed);
        var i7 = Make(w.CandidateA, w.AgencyA, InterviewRound.Manager, W2.AddDays(2), w.InterviewerB);
        i7.Reschedule(i7.StartUtc.AddHours(1), 60, "面试官冲突", w.Hr, false, SchedulingPolicy.Default, W2.AddDays(-3));
        i7.Cancel("岗位关闭", w.Hr, W2.AddDays(-1));
        var i8 = Make(w.CandidateB, w.AgencyB, InterviewRound.Manager, W2.AddDays(3), w.InterviewerB);
        i8.Reschedule(i8.StartUtc.AddHours(2), 60, "候选人出差", "candidate", true, SchedulingPolicy.Default, W2.AddDays(-3));
        Outcome(i8, InterviewStatus.Completed);
        db.Interviews.AddRange(i1, i2, i3, i4, i5, i6, i7, i8);

        var competencies = await db.Competencies.AsNoTracking().ToListAsync();
        Scorecard Card(Interview i, string interviewer, double hours)
        {
            var card = Scorecard.Start(Guid.NewGuid(), i.Id, interviewer, competencies.Where(c => c.Round == i.Round), i.EndUtc);
            card.Edit([], Recommendation.Yes, null, null, i.EndUtc);
            card.Submit(i.EndUtc.AddHours(hours));
            i.Interviewers.Single(p => p.UserId == interviewer).RecordFeedbackSubmitted(card.SubmittedAtUtc!.Value);
            return card;
        }

        var c1 = Card(i1, w.InterviewerA, 6);
        var amended = c1.Amend(Guid.NewGuid(), i1.EndUtc.AddHours(90));
        amended.Submit(i1.EndUtc.AddHours(100));
        i1.Interviewers.Single(p => p.UserId == w.InterviewerA).RecordFeedbackSubmitted(amended.SubmittedAtUtc!.Value); // an amendment: the first stays
        db.Scorecards.AddRange(c1, amended, Card(i3, w.InterviewerA, 30), Card(i6, w.InterviewerB, 2));

        db.ConsentRecords.AddRange(
            ConsentRecord.Record(w.CandidateA, ConsentKind.Recording, true, "v1", ConsentChannel.MiniProgram, i1.Id, i1.StartUtc.AddMinutes(-5)),
            ConsentRecord.Record(w.CandidateB, ConsentKind.Recording, true, "v1", ConsentChannel.MiniProgram, i3.Id, i3.StartUtc.AddMinutes(-9)),
            ConsentRecord.Record(w.CandidateB, ConsentKind.Recording, false, "v1", ConsentChannel.MiniProgram, i3.Id, i3.StartUtc.AddMinutes(-5)),
            ConsentRecord.Record(d.Id, ConsentKind.Recording, true, "v1", ConsentChannel.MiniProgram, i6.Id, i6.StartUtc.AddMinutes(-5)));
        var recording = Recording.Start(i1.Id, "1", i1.StartUtc);
        recording.StartAttempted();
        recording.Started("t1", i1.StartUtc.AddMinutes(1));
        db.Recordings.Add(recording);

        // Enabled on Monday W2, 00:00 UTC (set directly: the journey to Enabled is the permission tests' business).
        var application = PermissionApplication.Start(Guid.NewGuid(), "wx" + Guid.NewGuid().ToString("N")[..16], "面试门户", w.Hr, W1.AddDays(-30));
        db.PermissionApplications.Add(application);
        await db.SaveChangesAsync();
        // What the mini-program's consent and the recording start write on the interview (the latest answer; started).
        foreach (var (interview, answer) in new[] { (i1.Id, true), (i3.Id, false), (i6.Id, true) })
        {
            await db.Interviews.Where(i => i.Id == interview).ExecuteUpdateAsync(u => u.SetProperty(i => i.RecordingConsent, answer));
        }

        await db.Interviews.Where(i => i.Id == i1.Id).ExecuteUpdateAsync(u => u.SetProperty(i => i.RecordingStarted, true));
        await db.PermissionApplications.Where(a => a.Id == application.Id)
            .ExecuteUpdateAsync(u => u.SetProperty(a => a.State, PermissionState.Enabled).SetProperty(a => a.EnabledAtUtc, W2));
        app.Factory.Services.GetRequiredService<JoinModeService>().Invalidate();

        await using var scope = app.Factory.Services.CreateAsyncScope();
        using (AdminActor.As(scope.ServiceProvider, w.Hr, Roles.Admin))
        {
            await scope.ServiceProvider.GetRequiredService<SettingsService>().SaveReportsAsync(new ReportSettings(3));
        }

        return w;
    }

    private static Task<ReportResult> RunAsync(RecruitingWorld w, string user, string role, Guid? agency, ReportKind kind, ReportFilter filter) =>
        w.AsAsync(user, [role], agency, sp => sp.GetRequiredService<ReportService>().RunAsync(kind, filter));

    private static double?[] Row(ReportTable table, string label) =>
        [.. Assert.Single(table.Rows, r => r.Label == label).Values];

    private static double?[] Row(ReportTable table, int index) => [.. table.Rows[index].Values];

    private string Text(string key) => app.Factory.Services.GetRequiredService<IStringLocalizer<Strings>>()[key];

    [Fact]
    public async Task InterviewsPerWeek_ByStatus_MatchTheHandCount()
    {
        var w = await DataSetAsync();
        var r = await RunAsync(w, w.Hr, Roles.HR, null, ReportKind.InterviewsByWeek, Range(w.Position));
        var t = Assert.Single(r.Tables);

        // Columns: Scheduled, InProgress, Completed, Cancelled, NoShowCandidate, NoShowInterviewer, TechnicalFailure, total.
        Assert.Equal(["2026-03-02", "2026-03-09"], t.Rows.Select(x => x.Label));
        Assert.Equal([0, 0, 2, 0, 1, 1, 0, 4], Row(t, "2026-03-02"));
        Assert.Equal([0, 0, 2, 1, 1, 0, 0, 4], Row(t, "2026-03-09"));
    }

    [Fact]
    public async Task NoShowRates_ByAgencyRoundAndJoinMode_MatchTheHandCount()
    {
        var w = await DataSetAsync();
        var r = await RunAsync(w, w.Hr, Roles.HR, null, ReportKind.NoShows, Range(w.Position));
        var (agency, round, mode) = (r.Tables[0], r.Tables[1], r.Tables[2]);
        var agencies = await app.Factory.WithDbAsync(db => db.Agencies.Where(a => a.Id == w.AgencyA || a.Id == w.AgencyB).ToDictionaryAsync(a => a.Id, a => a.Name));

        // Due, candidate no-shows, interviewer no-shows, candidate rate %, interviewer rate % (7 is cancelled: not due).
        Assert.Equal([2, 1, 0, 50.0, 0.0], Row(agency, agencies[w.AgencyA]));
        Assert.Equal([3, 0, 1, 0.0, 33.3], Row(agency, agencies[w.AgencyB]));
        Assert.Equal([2, 1, 0, 50.0, 0.0], Row(agency, Text("ReportDirectCandidates")));
        Assert.Equal([7, 2, 1, 28.6, 14.3], Row(agency, agency.Rows.Count - 1));

        Assert.Equal([3, 1, 0, 33.3, 0.0], Row(round, (int)InterviewRound.Screening));
        Assert.Equal([3, 1, 1, 33.3, 33.3], Row(round, (int)InterviewRound.Technical));
        Assert.Equal([1, 0, 0, 0.0, 0.0], Row(round, (int)InterviewRound.Manager));
        Assert.Equal([0, 0, 0, null, null], Row(round, (int)InterviewRound.HR));

        Assert.Equal([3, 1, 0, 33.3, 0.0], Row(mode, 0));   // native: 5, 6, 8
        Assert.Equal([4, 1, 1, 25.0, 25.0], Row(mode, 1));  // web-view: 1–4
    }

    [Fact]
    public async Task RescheduleRate_CountsInterviewsMovedAtLeastOnce_AndThoseMovedByTheCandidate()
    {
        var w = await DataSetAsync();
        var t = Assert.Single((await RunAsync(w, w.Hr, Roles.HR, null, ReportKind.Reschedules, Range(w.Position))).Tables);

        // Interviews, rescheduled, rate %, by candidate, candidate rate %.
        Assert.Equal([3, 0, 0.0, 0, 0.0], Row(t, (int)InterviewRound.Screening));
        Assert.Equal([3, 1, 33.3, 0, 0.0], Row(t, (int)InterviewRound.Technical));
        Assert.Equal([2, 2, 100.0, 1, 50.0], Row(t, (int)InterviewRound.Manager));
        Assert.Equal([8, 3, 37.5, 1, 12.5], Row(t, t.Rows.Count - 1));
    }

    [Fact]
    public async Task TimeInStage_AndTimeToHire_AreMediansOfTheStageHistory()
    {
        var w = await DataSetAsync();
        var r = await RunAsync(w, w.Hr, Roles.HR, null, ReportKind.PipelineTimes, Range(w.Position));
        var title = await app.Factory.WithDbAsync(db => db.Positions.Where(p => p.Id == w.Position).Select(p => p.Title).SingleAsync());

        // Applied [D 2, E 2] → 2; Screening [D 3, E 4] → 3.5; Interviewing [D 4]; Offer [D 2]; 6 moves left a stage.
        Assert.Equal([2.0, 3.5, 4.0, 2.0, 6], Row(r.Tables[0], title));
        // D: created 1 Mar, hired 12 Mar.
        Assert.Equal([1, 11.0, 11.0], Row(r.Tables[1], title));
    }

    [Fact]
    public async Task InterviewerLoad_PerWeek_AgainstTheCapSetByTheAdmin()
    {
        var w = await DataSetAsync();
        var r = await RunAsync(w, w.Hr, Roles.HR, null, ReportKind.InterviewerLoad, Range(w.Position));

        // Busy interviewers, average, busiest, cap, above the cap. W1: IA 4. W2: IA 1 (6), IB 3 (5, 6, 8; 7 cancelled).
        Assert.Equal([1, 4.0, 4, 3, 1], Row(r.Tables[0], "2026-03-02"));
        Assert.Equal([2, 2.0, 3, 3, 0], Row(r.Tables[0], "2026-03-09"));
        var over = Assert.Single(r.Tables[1].Rows);
        Assert.EndsWith("2026-03-02", over.Label);
        Assert.Equal([4, 3], over.Values);
    }

    [Fact]
    public async Task ScorecardTimeliness_IsTheMedianOfFirstSubmissions_WithTheSeatsStillOwed()
    {
        var w = await DataSetAsync();
        var t = Assert.Single((await RunAsync(w, w.Hr, Roles.HR, null, ReportKind.ScorecardTimeliness, Range(w.Position))).Tables);

        // Submitted, median hours, within 24 h %, still owed. Screening: 6 h and 30 h (the amendment at 100 h is ignored).
        Assert.Equal([2, 18.0, 50.0, 0], Row(t, (int)InterviewRound.Screening));
        Assert.Equal([1, 2.0, 100.0, 1], Row(t, (int)InterviewRound.Technical));
        Assert.Equal([0, null, null, 1], Row(t, (int)InterviewRound.Manager));
        Assert.Equal([3, 6.0, 66.7, 2], Row(t, t.Rows.Count - 1));
    }

    [Fact]
    public async Task RecordingCoverage_ComparesTheLatestConsentWithRecordings()
    {
        var w = await DataSetAsync();
        var t = Assert.Single((await RunAsync(w, w.Hr, Roles.HR, null, ReportKind.RecordingCoverage, Range(w.Position))).Tables);

        // Took place, consented, recorded, coverage %, recorded without consent. 3's consent was withdrawn before it began.
        Assert.Equal([2, 1, 1, 100.0, 0], Row(t, "2026-03-02"));
        Assert.Equal([2, 1, 0, 0.0, 0], Row(t, "2026-03-09"));
        Assert.Equal([4, 2, 1, 50.0, 0], Row(t, t.Rows.Count - 1));
    }

    [Fact]
    public async Task AnAgencyUser_SeesOnlyTheirAgencysFigures_WhateverAgencyTheyAskFor_AndNotTheInternalReports()
    {
        var w = await DataSetAsync();

        var own = await RunAsync(w, w.AgencyUserA, Roles.Agency, w.AgencyA, ReportKind.NoShows, Range(w.Position));
        var agencyName = await app.Factory.WithDbAsync(db => db.Agencies.Where(a => a.Id == w.AgencyA).Select(a => a.Name).SingleAsync());
        Assert.Equal([agencyName, Text("ReportColTotal")], own.Tables[0].Rows.Select(x => x.Label));
        Assert.Equal([2, 1, 0, 50.0, 0.0], Row(own.Tables[0], agencyName));
        var weeks = await RunAsync(w, w.AgencyUserA, Roles.Agency, w.AgencyA, ReportKind.InterviewsByWeek, Range(w.Position));
        Assert.Equal([0, 0, 1, 0, 1, 0, 0, 2], Row(weeks.Tables[0], "2026-03-02"));
        Assert.Equal([0, 0, 0, 1, 0, 0, 0, 1], Row(weeks.Tables[0], "2026-03-09"));

        var other = Range(w.Position);
        other.AgencyId = w.AgencyB;
        var asked = await RunAsync(w, w.AgencyUserA, Roles.Agency, w.AgencyA, ReportKind.InterviewsByWeek, other);
        Assert.All(asked.Tables[0].Rows, x => Assert.Equal(0, x.Values[^1]));

        foreach (var kind in new[] { ReportKind.InterviewerLoad, ReportKind.ScorecardTimeliness, ReportKind.RecordingCoverage })
        {
            var ex = await Assert.ThrowsAsync<DomainException>(() => RunAsync(w, w.AgencyUserA, Roles.Agency, w.AgencyA, kind, Range(w.Position)));
            Assert.Equal("NotAllowed", ex.MessageKey);
        }

        await Assert.ThrowsAsync<DomainException>(() => RunAsync(w, w.InterviewerA, Roles.Interviewer, null, ReportKind.NoShows, Range(w.Position)));
    }

    [Fact]
    public async Task TheXlsxExport_HoldsTheSameNumbersAsTheReport_AndIsAudited()
    {
        var w = await DataSetAsync();
        var report = await RunAsync(w, w.Hr, Roles.HR, null, ReportKind.NoShows, Range(w.Position));
        var file = await w.AsAsync(w.Hr, [Roles.HR], null, sp => sp.GetRequiredService<ReportService>().ExportAsync(ReportKind.NoShows, Range(w.Position), ReportFormat.Xlsx));

        using var book = new XLWorkbook(new MemoryStream(file.Content));
        Assert.Equal(3, book.Worksheets.Count);
        foreach (var (table, sheet) in report.Tables.Zip(book.Worksheets))
        {
            for (var r = 0; r < table.Rows.Count; r++)
            {
                Assert.Equal(table.Rows[r].Label, sheet.Cell(5 + r, 1).GetString());
                for (var c = 0; c < table.Columns.Count; c++)
                {
                    var cell = sheet.Cell(5 + r, 2 + c);
                    Assert.Equal(table.Rows[r].Values[c], cell.IsEmpty() ? null : cell.GetDouble());
                }
            }
        }

        var entry = await app.Factory.WithDbAsync(db => db.AuditEntries.Where(a => a.Action == AuditActions.ReportExported && a.ActorId == w.Hr).SingleAsync());
        Assert.Equal(("Report", "NoShows"), (entry.TargetType, entry.TargetId));
        Assert.Contains($"Xlsx 2026-03-02..2026-03-15 position {w.Position}", entry.Summary);
    }

    [Fact]
    public async Task AReportRange_MustBeOrdered_AndAtMostAYear()
    {
        var w = await DataSetAsync();
        var backwards = new ReportFilter { From = new DateTime(2026, 3, 15), To = new DateTime(2026, 3, 2) };
        var tooLong = new ReportFilter { From = new DateTime(2025, 1, 1), To = new DateTime(2026, 3, 2) };

        Assert.Equal("ReportRangeInvalid", (await Assert.ThrowsAsync<DomainException>(() => RunAsync(w, w.Hr, Roles.HR, null, ReportKind.NoShows, backwards))).MessageKey);
        Assert.Equal("ReportRangeTooLong", (await Assert.ThrowsAsync<DomainException>(() => RunAsync(w, w.Hr, Roles.HR, null, ReportKind.NoShows, tooLong))).MessageKey);
    }
}
