using System.IO.Compression;
using System.Net;
using System.Text.Json;
using InterviewPortal.Domain;
using InterviewPortal.Domain.Identity;
using InterviewPortal.Domain.Recruiting;
using InterviewPortal.Tests.Domain.Recruiting;
using InterviewPortal.Tests.TestSupport;
using InterviewPortal.Web.Features.Audit;
using InterviewPortal.Web.Features.Interviews;
using InterviewPortal.Web.Features.Privacy;
using InterviewPortal.Web.Features.Recruiting;
using InterviewPortal.Web.Features.Reports;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace InterviewPortal.Tests.Web.Privacy;

/// <summary>Consent records, the subject's export and erasure requests, and contact masking per role.</summary>
[Collection(PortalHostCollection.Name)]
public sealed class SubjectRequestTests(PortalAppFactoryFixture app) : IClassFixture<PortalAppFactoryFixture>
{
    private Task<string> EmailOfAsync(string userId) => app.Factory.WithDbAsync(db => db.Users.Where(u => u.Id == userId).Select(u => u.Email!).SingleAsync());

    private async Task<HttpClient> ClientAsAsync(string userId)
    {
        var client = app.Factory.CreateBrowserLikeClient();
        await PortalAppFactory.PostLoginAsync(client, await EmailOfAsync(userId), TestUsers.Password);
        return client;
    }

    private static async Task<JsonElement> ReadExportAsync(byte[] zip, Dictionary<string, byte[]> files)
    {
        using var archive = new ZipArchive(new MemoryStream(zip));
        foreach (var entry in archive.Entries.Where(e => e.FullName.StartsWith("files/", StringComparison.Ordinal)))
        {
            using var s = new MemoryStream();
            await using (var e = await entry.OpenAsync())
            {
                await e.CopyToAsync(s);
            }

            files[entry.FullName] = s.ToArray();
        }

        await using var json = await archive.GetEntry("candidate.json")!.OpenAsync();
        return (await JsonDocument.ParseAsync(json)).RootElement.Clone();
    }

    [Fact]
    public async Task ExportAndErasure_WorkEndToEndForOneCandidate_AndAreAudited()
    {
        var w = await RecruitingWorld.CreateAsync(app.Factory);
        var pdf = CandidateFileTests.Pdf(321);
        var resume = await w.AsHrAsync(sp => sp.GetRequiredService<CandidateFilesService>().UploadResumeAsync(w.CandidateA, new MemoryStream(pdf), "张三简历.pdf"));
        await w.AsHrAsync(sp => sp.GetRequiredService<CandidateFilesService>().AddNoteAsync(w.CandidateA, "张三：期望薪资 40k"));
        await w.AsHrAsync(sp => sp.GetRequiredService<PrivacyService>().RecordConsentAsync(w.CandidateA, new ConsentForm { Kind = ConsentKind.PersonalData, Granted = true, NoticeVersion = "2026.1", Channel = ConsentChannel.Paper }));
        var phone = await app.Factory.WithDbAsync(db => db.Candidates.Where(c => c.Id == w.CandidateA).Select(c => c.Phone).SingleAsync());
        var hr = await ClientAsAsync(w.Hr);

        // Export: a zip with the JSON document and the résumé, over HTTP as HR.
        var response = await hr.GetAsync($"/candidates/{w.CandidateA}/export");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/zip", response.Content.Headers.ContentType!.MediaType);
        var files = new Dictionary<string, byte[]>();
        var doc = await ReadExportAsync(await response.Content.ReadAsByteArrayAsync(), files);
        Assert.Equal("张三", doc.GetProperty("candidate").GetProperty("Name").GetString());
        Assert.Equal(phone, doc.GetProperty("candidate").GetProperty("Phone").GetString());
        Assert.Equal(["Applied", "Interviewing"], doc.GetProperty("stageHistory").EnumerateArray().Select(h => h.GetProperty("To").GetString()));
        Assert.Single(doc.GetProperty("applications").EnumerateArray());
        var interview = Assert.Single(doc.GetProperty("interviews").EnumerateArray());
        Assert.Equal(w.InterviewA, interview.GetProperty("Id").GetGuid());
        Assert.Equal(RecruitingWorld.Tomorrow9Utc, interview.GetProperty("StartUtc").GetDateTime());
        Assert.Equal("Scheduled", interview.GetProperty("Status").GetString());
        var consent = Assert.Single(doc.GetProperty("consents").EnumerateArray());
        Assert.Equal("Paper", consent.GetProperty("Channel").GetString());
        Assert.Equal("张三：期望薪资 40k", Assert.Single(doc.GetProperty("notes").EnumerateArray()).GetProperty("Text").GetString());
        var file = Assert.Single(files);
        Assert.Equal(pdf, file.Value);
        Assert.Equal(file.Key, Assert.Single(doc.GetProperty("files").EnumerateArray()).GetProperty("path").GetString());

        // Erasure: as HR, with a reason; the same anonymisation as retention, at once.
        var noReason = await Assert.ThrowsAsync<DomainException>(() => w.AsHrAsync(sp => sp.GetRequiredService<PrivacyService>().EraseAsync(w.CandidateA, " ")));
        // Not while an interview is still to happen: it is cancelled first (the panel is told), nothing is erased meanwhile.
        var open = await Assert.ThrowsAsync<DomainException>(() => w.AsHrAsync(sp => sp.GetRequiredService<PrivacyService>().EraseAsync(w.CandidateA, "候选人 3 月 1 日邮件要求删除")));
        Assert.Equal("ErasureInterviewsOpen", open.MessageKey);
        Assert.Equal("张三", await app.Factory.WithDbAsync(db => db.Candidates.Where(c => c.Id == w.CandidateA).Select(c => c.Name).SingleAsync()));
        await w.AsHrAsync(sp => sp.GetRequiredService<InterviewService>().CancelAsync(w.InterviewA, "候选人要求删除个人信息"));
        await w.AsHrAsync(sp => sp.GetRequiredService<PrivacyService>().EraseAsync(w.CandidateA, "候选人 3 月 1 日邮件要求删除"));
        var again = await Assert.ThrowsAsync<DomainException>(() => w.AsHrAsync(sp => sp.GetRequiredService<PrivacyService>().EraseAsync(w.CandidateA, "再次")));

        Assert.Equal("ErasureReasonRequired", noReason.MessageKey);
        Assert.Equal("CandidateAnonymised", again.MessageKey);
        var erased = await app.Factory.WithDbAsync(db => db.Candidates.AsNoTracking().SingleAsync(c => c.Id == w.CandidateA));
        Assert.Equal(Candidate.AnonymisedName(w.CandidateA), erased.Name);
        Assert.Equal("", erased.Phone);
        Assert.False(erased.FilesPendingDeletion);
        Assert.False(File.Exists(app.Factory.Services.GetRequiredService<CandidateFileStore>().PathFor(w.CandidateA, resume)));
        Assert.True(await app.Factory.WithDbAsync(db => db.Interviews.AnyAsync(i => i.Id == w.InterviewA)));
        // The profile says so; a later export carries what is left: no name, no files, the interview still there.
        var profile = await w.AsHrAsync(sp => sp.GetRequiredService<CandidateService>().GetAsync(w.CandidateA));
        Assert.NotNull(profile!.AnonymisedAtUtc);
        Assert.False(profile.CanManage);
        files.Clear();
        var after = await ReadExportAsync(await hr.GetByteArrayAsync($"/candidates/{w.CandidateA}/export"), files);
        Assert.DoesNotContain("张三", after.ToString());
        Assert.Empty(files);
        Assert.Single(after.GetProperty("interviews").EnumerateArray());

        var audit = await app.Factory.WithDbAsync(db => db.AuditEntries.AsNoTracking().Where(e => e.TargetId == w.CandidateA.ToString()).OrderBy(e => e.Id).ToListAsync());
        Assert.Equal(2, audit.Count(e => e.Action == AuditActions.CandidateExported && e.ActorId == w.Hr));
        var erasure = Assert.Single(audit, e => e.Action == AuditActions.CandidateErased);
        Assert.Equal(w.Hr, erasure.ActorId);
        Assert.Contains("候选人 3 月 1 日邮件要求删除", erasure.Summary);
        Assert.Single(audit, e => e.Action == AuditActions.ConsentRecorded);
    }

    public static TheoryData<string> RolesWithoutTheRight => [Roles.Interviewer, Roles.Agency, Roles.Auditor];

    [Theory]
    [MemberData(nameof(RolesWithoutTheRight))]
    public async Task ExportErasureAndConsentRecording_AreRefused_ForRolesWithoutTheRight(string role)
    {
        var w = await RecruitingWorld.CreateAsync(app.Factory);
        var (user, agency) = role switch
        {
            Roles.Interviewer => (w.InterviewerA, (Guid?)null),
            Roles.Agency => (w.AgencyUserA, w.AgencyA),
            _ => (await TestUsers.CreateAsync(app.Factory.Services, $"auditor.{Guid.NewGuid():N}@example.com", Roles.Auditor), null),
        };

        // Candidate A is the one each of these may see at most (the interviewer's, the agency's own).
        var export = await Assert.ThrowsAsync<DomainException>(() => w.AsAsync(user, [role], agency, sp => sp.GetRequiredService<PrivacyService>().ExportAsync(w.CandidateA)));
        var erase = await Assert.ThrowsAsync<DomainException>(() => w.AsAsync(user, [role], agency, async sp =>
        {
            await sp.GetRequiredService<PrivacyService>().EraseAsync(w.CandidateA, "想删除");
            return true;
        }));
        var consent = await Assert.ThrowsAsync<DomainException>(() => w.AsAsync(user, [role], agency, sp =>
            sp.GetRequiredService<PrivacyService>().RecordConsentAsync(w.CandidateA, new ConsentForm { NoticeVersion = "2026.1", Granted = false, Channel = ConsentChannel.Phone })));
        var http = await (await ClientAsAsync(user)).GetAsync($"/candidates/{w.CandidateA}/export");

        Assert.Equal("NotAllowed", export.MessageKey);
        Assert.Equal("NotAllowed", erase.MessageKey);
        Assert.Equal("NotAllowed", consent.MessageKey);
        Assert.Equal(HttpStatusCode.Forbidden, http.StatusCode);
        Assert.Equal("张三", await app.Factory.WithDbAsync(db => db.Candidates.Where(c => c.Id == w.CandidateA).Select(c => c.Name).SingleAsync()));
        Assert.False(await app.Factory.WithDbAsync(db => db.AuditEntries.AnyAsync(e => e.TargetId == w.CandidateA.ToString()
            && (e.Action == AuditActions.CandidateExported || e.Action == AuditActions.CandidateErased || e.Action == AuditActions.ConsentWithdrawn))));
    }

    [Fact]
    public async Task Consents_RecordedAndWithdrawnByHr_LatestPerKindInForce_Audited_AndNoAgencySeesAnotherAgencysCandidate()
    {
        var w = await RecruitingWorld.CreateAsync(app.Factory);
        var privacy = (IServiceProvider sp) => sp.GetRequiredService<PrivacyService>();
        await app.Factory.WithDbAsync(db =>
        {
            db.ConsentRecords.Add(ConsentRecord.Record(w.CandidateA, ConsentKind.Recording, true, "rec.1", ConsentChannel.MiniProgram, w.InterviewA, DateTime.UtcNow.AddMinutes(-5)));
            return db.SaveChangesAsync();
        });
        await w.AsHrAsync(sp => privacy(sp).RecordConsentAsync(w.CandidateA, new ConsentForm { Kind = ConsentKind.PersonalData, Granted = true, NoticeVersion = "2026.1", Channel = ConsentChannel.Paper }));
        await w.AsHrAsync(sp => privacy(sp).RecordConsentAsync(w.CandidateA, new ConsentForm { Kind = ConsentKind.Recording, Granted = false, NoticeVersion = "rec.1", Channel = ConsentChannel.Email }));
        var badChannel = await Assert.ThrowsAsync<DomainException>(() => w.AsHrAsync(sp =>
            privacy(sp).RecordConsentAsync(w.CandidateA, new ConsentForm { NoticeVersion = "2026.1", Channel = ConsentChannel.MiniProgram })));

        var hr = await w.AsHrAsync(sp => privacy(sp).GetConsentsAsync(w.CandidateA));
        var ownAgency = await w.AsAsync(w.AgencyUserA, [Roles.Agency], w.AgencyA, sp => privacy(sp).GetConsentsAsync(w.CandidateA));
        var otherAgency = await w.AsAsync(w.AgencyUserB, [Roles.Agency], w.AgencyB, sp => privacy(sp).GetConsentsAsync(w.CandidateA));

        Assert.Equal("ConsentChannelInvalid", badChannel.MessageKey);
        Assert.True(hr!.Latest[ConsentKind.PersonalData].Granted);
        Assert.False(hr.Latest[ConsentKind.Recording].Granted);
        Assert.Equal(ConsentChannel.Email, hr.Latest[ConsentKind.Recording].Channel);
        Assert.NotNull(hr.Latest[ConsentKind.Recording].RecordedByName);
        Assert.Equal(3, hr.History.Count);
        Assert.True(hr.CanRecord);
        Assert.False(ownAgency!.CanRecord);
        Assert.Equal(3, ownAgency.History.Count);
        Assert.Null(otherAgency);
        var actions = await app.Factory.WithDbAsync(db => db.AuditEntries.Where(e => e.TargetId == w.CandidateA.ToString() && e.Action.StartsWith("Consent.")).Select(e => e.Action).ToListAsync());
        Assert.Equal([AuditActions.ConsentRecorded, AuditActions.ConsentWithdrawn], actions.Order());
    }

    [Fact]
    public async Task ContactDetails_AreFullOnTheProfileForHrAndTheSourcingAgency_MaskedForInterviewers_InListsAndInReportExports()
    {
        var w = await RecruitingWorld.CreateAsync(app.Factory);
        var phone = TestPhones.Next();
        var email = $"zhangsan.{Guid.NewGuid():N}@example.com";
        await w.AsAsync(w.AgencyUserA, [Roles.Agency], w.AgencyA, async sp =>
        {
            await sp.GetRequiredService<CandidateService>().UpdateAsync(w.CandidateA, new CandidateForm { Name = "张三", Phone = phone, Email = email, PositionIds = [w.Position] });
            return true;
        });
        var service = (IServiceProvider sp) => sp.GetRequiredService<CandidateService>();
        var masked = (ContactMasking.Phone(phone), ContactMasking.Email(email));

        var hr = await w.AsHrAsync(sp => service(sp).GetAsync(w.CandidateA));
        var agency = await w.AsAsync(w.AgencyUserA, [Roles.Agency], w.AgencyA, sp => service(sp).GetAsync(w.CandidateA));
        var interviewer = await w.AsAsync(w.InterviewerA, [Roles.Interviewer], null, sp => service(sp).GetAsync(w.CandidateA));
        var auditor = await w.AsAsync("auditor-x", [Roles.Auditor], null, sp => service(sp).GetAsync(w.CandidateA));
        var hrList = await w.AsHrAsync(sp => service(sp).ListAsync(new CandidateFilter(Search: phone), 0, 20));
        var agencyList = await w.AsAsync(w.AgencyUserA, [Roles.Agency], w.AgencyA, sp => service(sp).ListAsync(new CandidateFilter(Search: phone), 0, 20));
        var exports = new List<string>();
        foreach (var kind in Enum.GetValues<ReportKind>())
        {
            var filter = new ReportFilter { From = DateTime.UtcNow.Date.AddDays(-7), To = DateTime.UtcNow.Date.AddDays(14) };
            var csv = await w.AsHrAsync(sp => sp.GetRequiredService<ReportService>().ExportAsync(kind, filter, ReportFormat.Csv));
            exports.Add(System.Text.Encoding.UTF8.GetString(csv.Content));
            var xlsx = await w.AsHrAsync(sp => sp.GetRequiredService<ReportService>().ExportAsync(kind, filter, ReportFormat.Xlsx));
            using var book = new ZipArchive(new MemoryStream(xlsx.Content));
            foreach (var part in book.Entries)
            {
                using var reader = new StreamReader(part.Open());
                exports.Add(await reader.ReadToEndAsync());
            }
        }

        Assert.Equal((phone, email), (hr!.Phone, hr.Email));
        Assert.False(hr.ContactMasked);
        Assert.Equal((phone, email), (agency!.Phone, agency.Email));
        Assert.Equal(masked, (interviewer!.Phone, interviewer.Email));
        Assert.True(interviewer.ContactMasked);
        Assert.Null(auditor);
        Assert.Equal(masked, (Assert.Single(hrList.Rows).MaskedPhone, hrList.Rows[0].MaskedEmail));
        Assert.Equal(masked, (Assert.Single(agencyList.Rows).MaskedPhone, agencyList.Rows[0].MaskedEmail));
        Assert.Equal("z***@example.com", hrList.Rows[0].MaskedEmail);
        Assert.All(exports, csv => Assert.DoesNotContain(phone, csv));
        Assert.All(exports, csv => Assert.DoesNotContain(email, csv));
    }
}
