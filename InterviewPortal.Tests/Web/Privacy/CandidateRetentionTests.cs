using InterviewPortal.Domain.Identity;
using InterviewPortal.Domain.Invitations;
using InterviewPortal.Domain.Recruiting;
using InterviewPortal.Tests.Domain.Recruiting;
using InterviewPortal.Tests.TestSupport;
using InterviewPortal.Web.Features.Audit;
using InterviewPortal.Web.Features.Privacy;
using InterviewPortal.Web.Features.Recruiting;
using InterviewPortal.Web.Features.Reports;
using InterviewPortal.Web.Features.Settings;
using InterviewPortal.Web.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace InterviewPortal.Tests.Web.Privacy;

/// <summary>The nightly candidate retention, in a portal of its own whose clock the test moves on by months.</summary>
public sealed class CandidateRetentionTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private PortalAppFactory _app = null!;
    private RecruitingWorld _w = null!;

    public async Task InitializeAsync()
    {
        _app = new PortalAppFactory(clock: _clock);
        _w = await RecruitingWorld.CreateAsync(_app);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private Task<T> AsAdminAsync<T>(Func<IServiceProvider, Task<T>> work) => _w.AsAsync("retention-admin", [Roles.Admin], null, work);

    private Task MoveAsync(Guid candidate, PipelineStage stage) =>
        _w.AsHrAsync(sp => sp.GetRequiredService<CandidateService>().MoveStageAsync(candidate, stage, "岗位已满"));

    private async Task RunJobAsync()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<CandidateRetentionJob>().RunAsync(CancellationToken.None);
    }

    private async Task<Guid> NewCandidateAsync(string name) =>
        (await _w.AsHrAsync(sp => sp.GetRequiredService<CandidateService>().CreateAsync(new CandidateForm { Name = name, Phone = TestPhones.Next(), PositionIds = [_w.Position] }))).CreatedId!.Value;

    private Task<string[]> StatisticsAsync() => _w.AsHrAsync(async sp =>
    {
        var reports = sp.GetRequiredService<ReportService>();
        var today = DateTime.UtcNow.Date;
        var filter = new ReportFilter { From = today.AddDays(-7), To = today.AddDays(14), PositionId = _w.Position };
        var result = new List<string>();
        foreach (var kind in new[] { ReportKind.InterviewsByWeek, ReportKind.NoShows })
        {
            var r = await reports.RunAsync(kind, filter);
            result.AddRange(r.Tables.SelectMany(t => t.Rows.Select(row => $"{kind} {t.Id} {row.Label}: {string.Join(",", row.Values)}")));
        }

        return result.ToArray();
    });

    [Fact]
    public async Task ARejectedCandidatePastRetention_IsAnonymisedByTheJob_ListedFirstByTheDryRun_AndItsInterviewsStillCountInReports()
    {
        var w = _w;
        var resume = await w.AsHrAsync(sp => sp.GetRequiredService<CandidateFilesService>().UploadResumeAsync(w.CandidateA, new MemoryStream(CandidateFileTests.Pdf()), "张三简历.pdf"));
        await w.AsHrAsync(sp => sp.GetRequiredService<CandidateFilesService>().AddNoteAsync(w.CandidateA, "张三期望薪资 40k"));
        await _app.WithDbAsync(async db =>
        {
            var c = await db.Candidates.FirstAsync(x => x.Id == w.CandidateA);
            c.BindWeChat("oRetentionOpenId01", _clock.GetUtcNow().UtcDateTime);
            db.MiniProgramSessions.Add(MiniProgramSession.Start(new string('a', 64), "oRetentionOpenId01", _clock.GetUtcNow().UtcDateTime, TimeSpan.FromDays(400)));
            return await db.SaveChangesAsync();
        });
        var statisticsBefore = await StatisticsAsync();
        var rejectedAt = _clock.GetUtcNow().UtcDateTime;
        await MoveAsync(w.CandidateA, PipelineStage.Rejected);
        _clock.Advance(TimeSpan.FromDays(10));
        await MoveAsync(w.CandidateB, PipelineStage.Withdrawn);
        _clock.Advance(TimeSpan.FromDays(181));
        var recent = await NewCandidateAsync("王五");
        await MoveAsync(recent, PipelineStage.Rejected);

        var preview = await AsAdminAsync(sp => sp.GetRequiredService<RetentionService>().PreviewAsync());
        await RunJobAsync();
        var again = await RunOnceAsync();

        // The dry run named exactly these two, the oldest-due first, with the day each fell due.
        Assert.Equal(CandidateRetention.DefaultDays, preview.Days);
        Assert.Equal([w.CandidateA, w.CandidateB], preview.Due.Select(d => d.CandidateId));
        Assert.Equal(rejectedAt.AddDays(180), preview.Due[0].DueAtUtc, TimeSpan.FromSeconds(1));
        Assert.Equal("张三", preview.Due[0].Name);
        Assert.Equal(1, preview.Due[0].Files);
        // Run again, the job finds nothing to do.
        Assert.Equal(new RetentionRunResult(0, 0, 0), again);
        var candidates = await _app.WithDbAsync(db => db.Candidates.AsNoTracking().Where(c => c.Id == w.CandidateA || c.Id == w.CandidateB || c.Id == recent).ToDictionaryAsync(c => c.Id));
        var a = candidates[w.CandidateA];
        Assert.Equal(Candidate.AnonymisedName(a.Id), a.Name);
        Assert.DoesNotContain("张三", a.Name);
        Assert.Equal("", a.Phone);
        Assert.Null(a.Email);
        Assert.Null(a.WeChatOpenId);
        Assert.False(a.FilesPendingDeletion);
        Assert.NotNull(candidates[w.CandidateB].AnonymisedAtUtc);
        Assert.Equal("王五", candidates[recent].Name);
        Assert.False(File.Exists(_app.Services.GetRequiredService<CandidateFileStore>().PathFor(w.CandidateA, resume)));
        Assert.Equal(0, await _app.WithDbAsync(db => db.CandidateFiles.CountAsync(f => f.CandidateId == w.CandidateA)));
        Assert.Equal(0, await _app.WithDbAsync(db => db.CandidateNotes.CountAsync(n => n.CandidateId == w.CandidateA)));
        Assert.Equal(0, await _app.WithDbAsync(db => db.MiniProgramSessions.CountAsync(s => s.OpenId == "oRetentionOpenId01")));
        Assert.Empty(await _app.WithDbAsync(db => db.CandidateNameGrams.Where(g => g.CandidateId == w.CandidateA).ToListAsync()));
        // Each anonymisation is audited once, and the audit entry does not repeat the name.
        var audits = await _app.WithDbAsync(db => db.AuditEntries.AsNoTracking().Where(e => e.Action == AuditActions.CandidateAnonymised).ToListAsync());
        Assert.Equal(new[] { w.CandidateA.ToString(), w.CandidateB.ToString() }.Order(), audits.Select(e => e.TargetId).Order());
        Assert.All(audits, e => Assert.DoesNotContain("张三", e.Summary));
        // Interviews and statuses stay: the reports count exactly what they counted before.
        Assert.Equal(2, await _app.WithDbAsync(db => db.Interviews.CountAsync(i => i.CandidateId == w.CandidateA || i.CandidateId == w.CandidateB)));
        Assert.NotEmpty(statisticsBefore);
        Assert.Equal(statisticsBefore, await StatisticsAsync());
        // Nothing is left for the next run.
        Assert.Empty((await AsAdminAsync(sp => sp.GetRequiredService<RetentionService>().PreviewAsync())).Due);
    }

    [Fact]
    public async Task TheRetentionSetting_IsHonoured_Validated_AndOnlyAdminsSeeTheDryRun()
    {
        await MoveAsync(_w.CandidateA, PipelineStage.Rejected);
        _clock.Advance(TimeSpan.FromDays(31));

        var refused = await Assert.ThrowsAsync<InterviewPortal.Domain.DomainException>(() => AsAdminAsync(async sp =>
        {
            await sp.GetRequiredService<SettingsService>().SavePrivacyAsync(new PrivacySettings(10));
            return true;
        }));
        var dueAt180 = (await AsAdminAsync(sp => sp.GetRequiredService<RetentionService>().PreviewAsync())).Due;
        await AsAdminAsync(async sp =>
        {
            await sp.GetRequiredService<SettingsService>().SavePrivacyAsync(new PrivacySettings(30));
            return true;
        });
        _app.Services.GetRequiredService<SettingsCache>().Entries.Clear();
        var dueAt30 = (await AsAdminAsync(sp => sp.GetRequiredService<RetentionService>().PreviewAsync())).Due;
        var hr = await Assert.ThrowsAsync<InterviewPortal.Domain.DomainException>(() => _w.AsHrAsync(sp => sp.GetRequiredService<RetentionService>().PreviewAsync()));

        Assert.Equal("RetentionDaysOutOfRange", refused.MessageKey);
        Assert.Empty(dueAt180);
        Assert.Equal(_w.CandidateA, Assert.Single(dueAt30).CandidateId);
        Assert.Equal("NotAllowed", hr.MessageKey);
    }

    [Fact]
    public async Task FilesLeftBehindByACrashAfterTheCommit_AreListedByTheDryRun_AndDeletedByTheNextRun()
    {
        var w = _w;
        var resume = await w.AsHrAsync(sp => sp.GetRequiredService<CandidateFilesService>().UploadResumeAsync(w.CandidateA, new MemoryStream(CandidateFileTests.Pdf()), "cv.pdf"));
        await MoveAsync(w.CandidateA, PipelineStage.Rejected);
        _clock.Advance(TimeSpan.FromDays(181));
        Assert.Equal(new RetentionRunResult(1, 1, 0), await RunOnceAsync());
        // The portal stopped between the commit and the file deletion: the row says so, the file is still there.
        var store = _app.Services.GetRequiredService<CandidateFileStore>();
        await store.WriteAsync(w.CandidateA, resume, CandidateFileTests.Pdf(), CancellationToken.None);
        await _app.WithDbAsync(db => db.Candidates.Where(c => c.Id == w.CandidateA).ExecuteUpdateAsync(s => s.SetProperty(c => c.FilesPendingDeletion, true)));

        var listed = (await AsAdminAsync(sp => sp.GetRequiredService<RetentionService>().PreviewAsync())).FilesToDelete;
        var retried = await RunOnceAsync();

        Assert.Equal(w.CandidateA, Assert.Single(listed).CandidateId);
        Assert.Equal(new RetentionRunResult(0, 1, 0), retried);
        Assert.False(Directory.Exists(store.DirectoryFor(w.CandidateA)));
        Assert.False(await _app.WithDbAsync(db => db.Candidates.Where(c => c.Id == w.CandidateA).Select(c => c.FilesPendingDeletion).SingleAsync()));
        Assert.True(await _app.WithDbAsync(db => db.AuditEntries.AnyAsync(e => e.Action == AuditActions.CandidateFilesPurged && e.TargetId == w.CandidateA.ToString())));
    }

    private async Task<RetentionRunResult> RunOnceAsync()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<RetentionService>().ApplyAsync();
    }
}
