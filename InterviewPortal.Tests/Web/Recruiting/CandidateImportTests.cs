using System.Net;
using System.Text;
using InterviewPortal.Domain;
using InterviewPortal.Domain.Identity;
using InterviewPortal.Domain.Recruiting;
using InterviewPortal.Tests.TestSupport;
using InterviewPortal.Web.Features.Audit;
using InterviewPortal.Web.Features.Recruiting;
using InterviewPortal.Web.Features.Recruiting.Import;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace InterviewPortal.Tests.Web.Recruiting;

[Collection(PortalHostCollection.Name)]
public sealed class CandidateImportTests(PortalAppFactoryFixture app) : IClassFixture<PortalAppFactoryFixture>
{
    private const string Header = "姓名 Name,手机号 Phone,邮箱 Email,来源 Source,招聘机构 Agency,应聘职位 Positions\r\n";

    [Fact]
    public async Task ThreeBadRowsOutOf1000_AreReportedExactly_AndNothingIsWrittenUntilImport()
    {
        var w = await RecruitingWorld.CreateAsync(app.Factory);
        var title = await TitleAsync(w);
        var phones = Phones(1000);
        var rows = Enumerable.Range(0, 1000).Select(i => Row($"候选人{i}", phones[i], $"c{i}.{phones[i]}@example.com", "直接投递", "", title)).ToList();
        rows[99] = Row("电话错", "12345", "bad.phone@example.com", "Direct", "", "");            // Excel row 101
        rows[500] = Row("职位错", phones[500], "", "Referral", "", $"{title};不存在的职位");  // Excel row 502
        rows[801] = Row("重复", phones[801], $"c0.{phones[0]}@example.com", "", "", "");       // Excel row 803: email of row 2
        var before = await CountsAsync();

        var report = await w.AsHrAsync(sp => sp.GetRequiredService<CandidateImportService>().ValidateAsync(Utf8(Header + string.Concat(rows))));

        Assert.Equal(1000, report.TotalRows);
        Assert.Equal(997, report.ValidRows);
        Assert.Equal(3, report.InvalidRows);
        Assert.Equal(
            [(101, CandidateImportField.Phone, "PhoneInvalid"), (502, CandidateImportField.Positions, "CandidateImportPositionUnknown"), (803, CandidateImportField.Email, "CandidateImportDuplicateInFile")],
            report.Problems.Select(p => (p.Row, p.Field, p.MessageKey)));
        Assert.Equal(["不存在的职位"], report.Problems[1].Arguments);
        Assert.Equal([2], report.Problems[2].Arguments);
        Assert.Equal(before, await CountsAsync());

        var startedAt = DateTime.UtcNow.AddSeconds(-1);
        var steps = new List<int>();
        var imported = await w.AsHrAsync(sp => sp.GetRequiredService<CandidateImportService>().ImportAsync(report, new SyncProgress(steps.Add)));

        Assert.Equal(997, imported);
        Assert.Equal((before.Candidates + 997, before.Imports + 1), await CountsAsync());
        Assert.Equal(100, steps[^1]);
        Assert.True(steps.Count > 2, "progress is reported batch by batch");
        var entry = await app.Factory.WithDbAsync(db => db.AuditEntries.AsNoTracking().OrderByDescending(a => a.Id).FirstAsync(a => a.Action == AuditActions.CandidateImported));
        Assert.Equal(w.Hr, entry.ActorId);
        Assert.Contains("imported 997 of 1000 rows (3 with problems not imported)", entry.Summary);
        var sample = await app.Factory.WithDbAsync(db => db.Candidates.AsNoTracking().Include(c => c.Positions).Include(c => c.History).SingleAsync(c => c.Phone == phones[2]));
        Assert.Equal(("候选人2", CandidateSource.Direct, PipelineStage.Applied, w.Hr), (sample.Name, sample.Source, sample.Stage, sample.CreatedBy));
        Assert.Equal([w.Position], sample.Positions.Select(p => p.PositionId));
        Assert.Single(sample.History);
        Assert.False(await app.Factory.WithDbAsync(db => db.Candidates.AnyAsync(c => c.Phone == phones[500])));
        // Ids and times are stored as EF stores them: EF queries find the rows by id and by time.
        Assert.Equal("候选人2", (await w.AsHrAsync(sp => sp.GetRequiredService<CandidateService>().GetAsync(sample.Id)))!.Name);
        Assert.Equal(997, await app.Factory.WithDbAsync(db => db.Candidates.CountAsync(c => c.CreatedAtUtc >= startedAt && c.CreatedAtUtc <= DateTime.UtcNow && phones.Contains(c.Phone))));
    }

    [Fact]
    public async Task ADuplicateAddedBeforeConfirming_MakesTheImportRollBackEverything()
    {
        var w = await RecruitingWorld.CreateAsync(app.Factory);
        var title = await TitleAsync(w);
        var phones = Phones(200);
        var csv = Header + string.Concat(phones.Select((p, i) => Row($"候选人{i}", p, "", "", "", title)));
        var report = await w.AsHrAsync(sp => sp.GetRequiredService<CandidateImportService>().ValidateAsync(Utf8(csv)));
        Assert.Equal(200, report.ValidRows);

        // Someone files row 150's candidate by hand while the report is on screen.
        await w.AsHrAsync(sp => sp.GetRequiredService<CandidateService>().CreateAsync(new CandidateForm { Name = "抢先录入", Phone = phones[149] }));
        var before = await CountsAsync();
        var refused = await Assert.ThrowsAsync<DomainException>(() => w.AsHrAsync(sp => sp.GetRequiredService<CandidateImportService>().ImportAsync(report)));

        Assert.Equal("CandidateImportStale", refused.MessageKey);
        Assert.Equal(before, await CountsAsync());
        Assert.Equal(1, await app.Factory.WithDbAsync(db => db.Candidates.CountAsync(c => phones.Contains(c.Phone))));
    }

    [Fact]
    public async Task AFailureAfterTheFirstBatchIsWritten_RollsBackEverything()
    {
        var w = await RecruitingWorld.CreateAsync(app.Factory);
        var title = await TitleAsync(w);
        var phones = Phones(CandidateImportService.BatchSize * 2 + 10);
        var csv = Header + string.Concat(phones.Select((p, i) => Row($"候选人{i}", p, $"f{i}.{p}@example.com", "", "", title)));
        var report = await w.AsHrAsync(sp => sp.GetRequiredService<CandidateImportService>().ValidateAsync(Utf8(csv)));
        var before = await CountsAsync();
        using var cts = new CancellationTokenSource();
        var batchesWritten = 0;

        // The progress step after the first batch's SaveChanges: the import is then stopped half-way.
        var progress = new SyncProgress(p =>
        {
            if (p > 5 && p < 100 && ++batchesWritten == 1)
            {
                cts.Cancel();
            }
        });
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => w.AsHrAsync(sp => sp.GetRequiredService<CandidateImportService>().ImportAsync(report, progress, cts.Token)));

        Assert.Equal(1, batchesWritten);
        Assert.Equal(before, await CountsAsync());
        Assert.Equal(0, await app.Factory.WithDbAsync(db => db.Candidates.CountAsync(c => phones.Contains(c.Phone))));
    }

    [Fact]
    public async Task AGbkEncodedFile_FromChineseExcel_Parses()
    {
        var w = await RecruitingWorld.CreateAsync(app.Factory);
        var phones = Phones(2);
        var csv = "姓名,手机号,邮箱,来源,招聘机构,应聘职位\r\n" + Row("欧阳娜娜", phones[0], "", "内部推荐", "", await TitleAsync(w)) + Row("王小明", phones[1], "", "招聘机构", await AgencyAsync(w.AgencyA), "");
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

        var report = await w.AsHrAsync(sp => sp.GetRequiredService<CandidateImportService>().ValidateAsync(new MemoryStream(Encoding.GetEncoding("GBK").GetBytes(csv))));

        Assert.Empty(report.Problems);
        Assert.Equal(["欧阳娜娜", "王小明"], report.Rows.Select(r => r.Name));
        Assert.Equal([CandidateSource.Referral, CandidateSource.Agency], report.Rows.Select(r => r.Source));
        Assert.Equal([w.Position], report.Rows[0].PositionIds);
        Assert.Equal(w.AgencyA, report.Rows[1].AgencyId);
    }

    [Fact]
    public async Task AQuotedNonAsciiFieldWithCommasAndLineBreaks_Parses_AndRowsKeepTheirExcelNumbers()
    {
        var w = await RecruitingWorld.CreateAsync(app.Factory);
        var phones = Phones(3);
        var csv = Header
            + $"\"欧阳, 娜娜\",{phones[0]},,直接投递,,\"{await TitleAsync(w)}\"\r\n"
            + $"\"司马\n相如\",\"+86 {phones[1][..3]} {phones[1][3..7]} {phones[1][7..]}\",\"Sima@Example.com\",,,\r\n"
            + $"坏行,{phones[2]},,来历不明,,\r\n";

        var report = await w.AsHrAsync(sp => sp.GetRequiredService<CandidateImportService>().ValidateAsync(Utf8(csv)));

        Assert.Equal(3, report.TotalRows);
        Assert.Equal(["欧阳, 娜娜", "司马\n相如"], report.Rows.Select(r => r.Name));
        Assert.Equal(phones[1], report.Rows[1].Phone);            // normalized by the Domain
        Assert.Equal("sima@example.com", report.Rows[1].Email);
        var problem = Assert.Single(report.Problems);
        Assert.Equal((4, CandidateImportField.Source, "CandidateImportSourceUnknown"), (problem.Row, problem.Field, problem.MessageKey));
        Assert.Equal(["来历不明"], problem.Arguments);
    }

    [Fact]
    public async Task AnAgencyUsersImport_LandsInTheirAgency_AndNeverRevealsAnotherAgencysCandidate()
    {
        var w = await RecruitingWorld.CreateAsync(app.Factory);
        var theirs = await w.AsHrAsync(sp => sp.GetRequiredService<CandidateService>().GetAsync(w.CandidateB));
        var ours = await w.AsHrAsync(sp => sp.GetRequiredService<CandidateService>().GetAsync(w.CandidateA));
        var phones = Phones(1);
        var csv = Header
            + Row("王五", phones[0], "", "直接投递", await AgencyAsync(w.AgencyB), await TitleAsync(w)) // source and agency are the caller's, whatever the file says
            + Row("冒名", theirs!.Phone, "", "", "", "")
            + Row("重录", ours!.Phone, "", "", "", "");

        var report = await AsAgencyAAsync(w, sp => sp.GetRequiredService<CandidateImportService>().ValidateAsync(Utf8(csv)));

        Assert.Equal(1, report.ValidRows);
        Assert.Equal(
            [(3, CandidateImportField.Phone, "CandidateExistsElsewhere"), (4, CandidateImportField.Phone, "CandidateDuplicateOf")],
            report.Problems.Select(p => (p.Row, p.Field, p.MessageKey)));
        Assert.Empty(report.Problems[0].Arguments);                // not even the other agency's candidate's name
        Assert.Equal(["张三"], report.Problems[1].Arguments);       // their own candidate: named
        Assert.DoesNotContain(report.Problems.SelectMany(p => p.Arguments), a => Equals(a, theirs.Name));

        await AsAgencyAAsync(w, sp => sp.GetRequiredService<CandidateImportService>().ImportAsync(report));

        var created = await app.Factory.WithDbAsync(db => db.Candidates.AsNoTracking().SingleAsync(c => c.Phone == phones[0]));
        Assert.Equal(w.AgencyA, created.AgencyId);
        Assert.Equal(CandidateSource.Agency, created.Source);
        Assert.Equal(w.AgencyUserA, created.CreatedBy);
    }

    [Fact]
    public async Task OnlyAdminHrAndAgencyUsersImport_AndOnlyTheirOwnReport()
    {
        var w = await RecruitingWorld.CreateAsync(app.Factory);
        var csv = Header + Row("赵六", Phones(1)[0], "", "", "", "");
        var report = await w.AsHrAsync(sp => sp.GetRequiredService<CandidateImportService>().ValidateAsync(Utf8(csv)));

        var interviewer = await Assert.ThrowsAsync<DomainException>(() => w.AsAsync(w.InterviewerA, [Roles.Interviewer], null, sp => sp.GetRequiredService<CandidateImportService>().ValidateAsync(Utf8(csv))));
        var auditor = await Assert.ThrowsAsync<DomainException>(() => w.AsAsync("auditor", [Roles.Auditor], null, sp => sp.GetRequiredService<CandidateImportService>().ValidateAsync(Utf8(csv))));
        var noAgency = await Assert.ThrowsAsync<DomainException>(() => w.AsAsync("orphan", [Roles.Agency], null, sp => sp.GetRequiredService<CandidateImportService>().ValidateAsync(Utf8(csv))));
        var someoneElse = await Assert.ThrowsAsync<DomainException>(() => AsAgencyAAsync(w, sp => sp.GetRequiredService<CandidateImportService>().ImportAsync(report)));

        Assert.All([interviewer, auditor, noAgency, someoneElse], ex => Assert.Equal("NotAllowed", ex.MessageKey));
        Assert.Equal(1, await w.AsAsync("admin-x", [Roles.Admin], null, async sp => (await sp.GetRequiredService<CandidateImportService>().ValidateAsync(Utf8(csv))).ValidRows));
    }

    [Fact]
    public async Task FilesThatCannotBeRead_AreRefusedAsAWhole()
    {
        var w = await RecruitingWorld.CreateAsync(app.Factory);
        var row = Row("赵六", "13700000000", "", "", "", "");

        async Task<string> RefusalAsync(byte[] file) =>
            (await Assert.ThrowsAsync<DomainException>(() => w.AsHrAsync(sp => sp.GetRequiredService<CandidateImportService>().ValidateAsync(new MemoryStream(file))))).MessageKey;

        Assert.Equal("CandidateImportFileTooLarge", await RefusalAsync(Encoding.UTF8.GetBytes(Header + new string('x', CandidateImportService.MaxBytes))));
        Assert.Equal("CandidateImportTooManyRows", await RefusalAsync(Encoding.UTF8.GetBytes(Header + string.Concat(Enumerable.Repeat(row, CandidateImportService.MaxRows + 1)))));
        Assert.Equal("CandidateImportMissingColumns", await RefusalAsync(Encoding.UTF8.GetBytes("姓名,邮箱\r\n赵六,z@example.com\r\n")));
        Assert.Equal("CandidateImportEmpty", await RefusalAsync([]));
        // The untouched template: its example row is not imported by mistake.
        Assert.Equal("CandidateImportEmpty", await RefusalAsync(await w.AsHrAsync(sp => Task.FromResult(sp.GetRequiredService<CandidateImportService>().TemplateCsv()))));
    }

    [Fact]
    public async Task TheTemplate_IsACsvDownloadForTheImportingRolesOnly()
    {
        var (hr, _) = await app.Factory.SignedInAsync($"hr.tpl.{Guid.NewGuid():N}@example.com", Roles.HR);
        var (interviewer, _) = await app.Factory.SignedInAsync($"iv.tpl.{Guid.NewGuid():N}@example.com", Roles.Interviewer);

        var response = await hr.GetAsync("/candidates/import/template");
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var refused = await interviewer.GetAsync("/candidates/import/template");
        var anonymous = await app.Factory.CreateBrowserLikeClient().GetAsync("/candidates/import/template");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal("候选人导入模板.csv", response.Content.Headers.ContentDisposition.FileNameStar);
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n");
        Assert.Equal(Header.TrimEnd(), lines[0]);
        Assert.Equal(6, lines[1].Split(',').Length);
        Assert.StartsWith("/Account/AccessDenied", PortalAppFactory.RedirectTarget(refused));
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.StartsWith("/Account/Login", PortalAppFactory.RedirectTarget(anonymous));
    }

    private static Task<T> AsAgencyAAsync<T>(RecruitingWorld w, Func<IServiceProvider, Task<T>> work) => w.AsAsync(w.AgencyUserA, [Roles.Agency], w.AgencyA, work);

    private async Task<(int Candidates, int Imports)> CountsAsync() =>
        await app.Factory.WithDbAsync(async db => (await db.Candidates.CountAsync(), await db.AuditEntries.CountAsync(a => a.Action == AuditActions.CandidateImported)));

    private Task<string> TitleAsync(RecruitingWorld w) =>
        app.Factory.WithDbAsync(db => db.Positions.Where(p => p.Id == w.Position).Select(p => p.Title).SingleAsync());

    private Task<string> AgencyAsync(Guid agency) =>
        app.Factory.WithDbAsync(db => db.Agencies.Where(a => a.Id == agency).Select(a => a.Name).SingleAsync());

    private static string Row(params string[] fields) => CsvText.Line(fields);

    private static MemoryStream Utf8(string csv) => new(Encoding.UTF8.GetBytes(csv));

    /// <summary>Mobile numbers no other test in the class uses: 15x/17x/18x with a random block (the world uses 138/139).</summary>
    private static List<string> Phones(int count)
    {
        var prefix = $"1{"578"[Random.Shared.Next(3)]}{Random.Shared.Next(10)}{Random.Shared.Next(100, 1000)}";
        var start = Random.Shared.Next(0, 100_000 - count);
        return Enumerable.Range(start, count).Select(i => $"{prefix}{i:D5}").ToList();
    }

    private sealed class SyncProgress(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }
}
