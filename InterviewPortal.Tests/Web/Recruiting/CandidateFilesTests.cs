using System.Net;
using InterviewPortal.Domain;
using InterviewPortal.Domain.Identity;
using InterviewPortal.Tests.Domain.Recruiting;
using InterviewPortal.Tests.TestSupport;
using InterviewPortal.Web.Features.Audit;
using InterviewPortal.Web.Features.Recruiting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace InterviewPortal.Tests.Web.Recruiting;

[Collection(PortalHostCollection.Name)]
public sealed class CandidateFilesTests(PortalAppFactoryFixture app) : IClassFixture<PortalAppFactoryFixture>
{
    private static Task<Guid> UploadAsync(RecruitingWorld w, string user, string[] roles, Guid? agency, Guid candidate, byte[] content, string name = "简历.pdf") =>
        w.AsAsync(user, roles, agency, sp => sp.GetRequiredService<CandidateFilesService>().UploadResumeAsync(candidate, new MemoryStream(content), name));

    [Fact]
    public async Task AnAgencyUploadsItsCandidatesResume_StoredOutsideWwwroot_AndOnlyThatAgencyAndHrCanDownloadIt()
    {
        var w = await RecruitingWorld.CreateAsync(app.Factory);
        var fileA = await UploadAsync(w, w.AgencyUserA, [Roles.Agency], w.AgencyA, w.CandidateA, CandidateFileTests.Pdf());
        var fileB = await UploadAsync(w, w.Hr, [Roles.HR], null, w.CandidateB, CandidateFileTests.Pdf());
        var email = await app.Factory.WithDbAsync(db => db.Users.Where(u => u.Id == w.AgencyUserA).Select(u => u.Email!).SingleAsync());
        var client = app.Factory.CreateBrowserLikeClient();
        await PortalAppFactory.PostLoginAsync(client, email, TestUsers.Password);

        var own = await client.GetAsync($"/candidates/{w.CandidateA}/files/{fileA}");
        var theirs = await client.GetAsync($"/candidates/{w.CandidateB}/files/{fileB}");
        var mixed = await client.GetAsync($"/candidates/{w.CandidateA}/files/{fileB}");

        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal("application/pdf", own.Content.Headers.ContentType!.MediaType);
        Assert.Equal(CandidateFileTests.Pdf(), await own.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.NotFound, theirs.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, mixed.StatusCode);
        Assert.True(await app.Factory.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Action == AuditActions.CandidateResumeDownloaded && a.TargetId == w.CandidateA.ToString() && a.ActorId == w.AgencyUserA)));
        var stored = app.Factory.Services.GetRequiredService<CandidateFileStore>().PathFor(w.CandidateA, fileA);
        Assert.True(File.Exists(stored));
        Assert.DoesNotContain("wwwroot", stored);
    }

    [Fact]
    public async Task ANonPdfOrAnotherAgencysCandidate_IsRefused_AndNothingIsWritten()
    {
        var w = await RecruitingWorld.CreateAsync(app.Factory);

        var notPdf = await Assert.ThrowsAsync<DomainException>(() => UploadAsync(w, w.Hr, [Roles.HR], null, w.CandidateA, "GIF89a not a pdf"u8.ToArray(), "cv.pdf"));
        var other = await Assert.ThrowsAsync<DomainException>(() => UploadAsync(w, w.AgencyUserA, [Roles.Agency], w.AgencyA, w.CandidateB, CandidateFileTests.Pdf()));

        Assert.Equal("ResumeNotPdf", notPdf.MessageKey);
        Assert.Equal("NotFound", other.MessageKey);
        Assert.Equal(0, await app.Factory.WithDbAsync(db => db.CandidateFiles.CountAsync(f => f.CandidateId == w.CandidateA || f.CandidateId == w.CandidateB)));
    }

    [Fact]
    public async Task HrNotes_AreNeverShownToAgencies()
    {
        var w = await RecruitingWorld.CreateAsync(app.Factory);
        await w.AsHrAsync(sp => sp.GetRequiredService<CandidateFilesService>().AddNoteAsync(w.CandidateA, "沟通能力强，期望薪资偏高"));

        var hr = await w.AsHrAsync(sp => sp.GetRequiredService<CandidateFilesService>().ListNotesAsync(w.CandidateA));
        var agency = await w.AsAsync(w.AgencyUserA, [Roles.Agency], w.AgencyA, sp => sp.GetRequiredService<CandidateFilesService>().ListNotesAsync(w.CandidateA));
        var add = await Assert.ThrowsAsync<DomainException>(() => w.AsAsync(w.AgencyUserA, [Roles.Agency], w.AgencyA, async sp =>
        {
            await sp.GetRequiredService<CandidateFilesService>().AddNoteAsync(w.CandidateA, "x");
            return true;
        }));

        Assert.Equal("沟通能力强，期望薪资偏高", Assert.Single(hr).Text);
        Assert.Empty(agency);
        Assert.Equal("NotAllowed", add.MessageKey);
    }
}
