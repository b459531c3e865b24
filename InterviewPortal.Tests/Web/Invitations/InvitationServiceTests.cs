using System.IO.Compression;
using System.Net;
using InterviewPortal.Domain.Identity;
using InterviewPortal.Domain.Invitations;
using InterviewPortal.Tests.TestSupport;
using InterviewPortal.Web.Features.Interviews;
using InterviewPortal.Web.Features.Invitations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace InterviewPortal.Tests.Web.Invitations;

/// <summary>
/// Invitations follow their interview (issued, re-issued on reschedule, revoked on cancel), the database never holds a
/// usable token, only HR and the candidate's own agency reach a card, and the public page says what state it is in.
/// </summary>
[Collection(PortalHostCollection.Name)]
public sealed class InvitationServiceTests(PortalAppFactoryFixture app) : IClassFixture<PortalAppFactoryFixture>
{
    [Fact]
    public async Task Scheduling_IssuesOneInvitation_WhoseTokenTheDatabaseDoesNotHold()
    {
        var w = await RecruitingWorld.CreateAsync(app.Factory);

        var card = await w.AsHrAsync(sp => sp.GetRequiredService<InvitationService>().GetCardAsync(w.InterviewA));
        var token = TokenOf(card!);
        var rows = await app.Factory.WithDbAsync(db => db.Invitations.AsNoTracking().Where(i => i.InterviewId == w.InterviewA).ToListAsync());

        var row = Assert.Single(rows);
        Assert.Equal(InvitationStatus.Active, card!.Status);
        Assert.True(InvitationToken.IsWellFormed(token));
        Assert.Equal(InvitationToken.Hash(token), row.TokenHash);
        Assert.DoesNotContain(token, row.ProtectedToken, StringComparison.Ordinal);
        Assert.DoesNotContain(token, row.TokenHash, StringComparison.Ordinal);
        Assert.Equal(1, row.InterviewVersion);
        // The token lives until the join window closes: 30 minutes after the end.
        Assert.Equal(RecruitingWorld.Tomorrow9Utc.AddMinutes(60 + 30), row.ExpiresAtUtc);
    }

    [Fact]
    public async Task Rescheduling_RevokesTheOldToken_AndIssuesANewOne_CancellingRevokesIt()
    {
        var w = await RecruitingWorld.CreateAsync(app.Factory);
        var invitations = (IServiceProvider sp) => sp.GetRequiredService<InvitationService>();
        var first = TokenOf((await w.AsHrAsync(sp => invitations(sp).GetCardAsync(w.InterviewA)))!);

        await w.AsHrAsync(sp => sp.GetRequiredService<InterviewService>().RescheduleAsync(w.InterviewA, RecruitingWorld.Tomorrow9Utc.AddHours(5), 60, "候选人出差", null));
        var second = (await w.AsHrAsync(sp => invitations(sp).GetCardAsync(w.InterviewA)))!;
        var oldView = await w.AsHrAsync(sp => invitations(sp).OpenPublicAsync(first, inMiniProgram: false));
        var newView = await w.AsHrAsync(sp => invitations(sp).OpenPublicAsync(TokenOf(second), inMiniProgram: false));

        Assert.NotEqual(first, TokenOf(second));
        Assert.Equal(2, second.InterviewVersion);
        Assert.Equal((InvitationStatus.Revoked, InvitationRevokeReason.Rescheduled), (oldView!.Status, oldView.RevokeReason));
        Assert.Equal(InvitationStatus.Active, newView!.Status);
        Assert.Equal(RecruitingWorld.Tomorrow9Utc.AddHours(5), newView.StartUtc);

        await w.AsHrAsync(sp => sp.GetRequiredService<InterviewService>().CancelAsync(w.InterviewA, "职位已关闭"));
        var cancelled = await w.AsHrAsync(sp => invitations(sp).OpenPublicAsync(TokenOf(second), inMiniProgram: false));

        Assert.Equal((InvitationStatus.Revoked, InvitationRevokeReason.Cancelled), (cancelled!.Status, cancelled.RevokeReason));
    }

    [Fact]
    public async Task OnlyHr_AndTheCandidatesOwnAgency_ReachTheCard()
    {
        var w = await RecruitingWorld.CreateAsync(app.Factory);

        var own = await w.AsAsync(w.AgencyUserA, [Roles.Agency], w.AgencyA, sp => sp.GetRequiredService<InvitationService>().GetCardAsync(w.InterviewA));
        var other = await w.AsAsync(w.AgencyUserA, [Roles.Agency], w.AgencyA, sp => sp.GetRequiredService<InvitationService>().GetCardAsync(w.InterviewB));
        var otherCode = await w.AsAsync(w.AgencyUserA, [Roles.Agency], w.AgencyA, sp => sp.GetRequiredService<InvitationService>().DownloadCodeAsync(w.InterviewB));
        var panel = await w.AsAsync(w.InterviewerA, [Roles.Interviewer], null, sp => sp.GetRequiredService<InvitationService>().GetCardAsync(w.InterviewA));

        Assert.NotNull(own);
        Assert.Null(other);
        Assert.Null(otherCode);
        Assert.Null(panel);
    }

    [Fact]
    public async Task ACodeDownload_IsAPng_CountedAndAudited()
    {
        var w = await RecruitingWorld.CreateAsync(app.Factory);

        var code = await w.AsHrAsync(sp => sp.GetRequiredService<InvitationService>().DownloadCodeAsync(w.InterviewA));
        var card = await w.AsHrAsync(sp => sp.GetRequiredService<InvitationService>().GetCardAsync(w.InterviewA));
        var audited = await app.Factory.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Action == "Invitation.CodeDownloaded" && a.TargetId == w.InterviewA.ToString()));

        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], code!.Image.Take(4));
        Assert.Equal(InvitationCodeKind.LinkQrCode, code.Kind);
        Assert.Equal(1, card!.Tracking.DownloadCount);
        Assert.Equal(1, audited);
    }

    [Fact]
    public async Task TheCodeJob_StoresTheCodeOnce_AndTheCardUsesIt()
    {
        var w = await RecruitingWorld.CreateAsync(app.Factory);
        var id = await app.Factory.WithDbAsync(db => db.Invitations.Where(i => i.InterviewId == w.InterviewA).Select(i => i.Id).SingleAsync());

        await using (var scope = app.Factory.Services.CreateAsyncScope())
        {
            var job = scope.ServiceProvider.GetRequiredService<InvitationCodeJob>();
            await job.MakeAsync(id, CancellationToken.None);
            await job.MakeAsync(id, CancellationToken.None);
        }

        var row = await app.Factory.WithDbAsync(db => db.Invitations.AsNoTracking().SingleAsync(i => i.Id == id));
        var stored = await File.ReadAllBytesAsync(app.Factory.Services.GetRequiredService<InvitationFiles>().PathFor(id));
        var card = await w.AsHrAsync(sp => sp.GetRequiredService<InvitationService>().GetCardAsync(w.InterviewA));
        var code = await w.AsHrAsync(sp => sp.GetRequiredService<InvitationService>().DownloadCodeAsync(w.InterviewA));

        Assert.Equal(InvitationCodeKind.LinkQrCode, row.CodeKind);
        Assert.NotNull(row.CodeReadyAtUtc);
        Assert.True(card!.CodeReady);
        Assert.Equal(stored, code!.Image);
    }

    [Fact]
    public async Task ThePublicPage_ShowsAMaskedNameAndTheTime_NothingMore_AndUnknownTokensAre404()
    {
        var w = await RecruitingWorld.CreateAsync(app.Factory);
        var card = (await w.AsHrAsync(sp => sp.GetRequiredService<InvitationService>().GetCardAsync(w.InterviewA)))!;
        var client = app.Factory.CreateClient();

        var page = await client.GetAsync("/i/" + TokenOf(card));
        var html = await page.Content.ReadAsStringAsync();
        var unknown = await client.GetAsync("/i/" + InvitationToken.New());
        var malformed = await client.GetAsync("/i/..%2F..%2Fetc");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("张*", html);
        Assert.DoesNotContain("张三", html);
        Assert.DoesNotContain("138", html.Replace(TokenOf(card), ""));
        Assert.True(page.Headers.CacheControl?.NoStore);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, malformed.StatusCode);
        var opened = await app.Factory.WithDbAsync(db => db.Invitations.Where(i => i.InterviewId == w.InterviewA).Select(i => i.OpenCount).SingleAsync());
        Assert.Equal(1, opened);
    }

    [Fact]
    public async Task TheDaysBatch_HoldsOneCodePerActiveInvitation_AndAnIndex()
    {
        var w = await RecruitingWorld.CreateAsync(app.Factory);
        var day = DateOnly.FromDateTime(RecruitingWorld.Tomorrow9Utc);

        var (zip, count) = await w.AsAsync(w.AgencyUserA, [Roles.Agency], w.AgencyA, sp => sp.GetRequiredService<InvitationService>().BuildDayBatchAsync(day, "UTC"));
        using var archive = new ZipArchive(new MemoryStream(zip));
        var index = new StreamReader(archive.GetEntry("index.csv")!.Open()).ReadToEnd();

        // Agency A sees its own candidate's invitation only, though agency B's interview is on the same day.
        Assert.Equal(1, count);
        Assert.Single(archive.Entries, e => e.Name.EndsWith(".png", StringComparison.Ordinal));
        Assert.Contains("张三", index);
        Assert.DoesNotContain("李四", index);
        Assert.Contains("/i/", index);
    }

    private static string TokenOf(InvitationCard card) => card.Link![(card.Link!.LastIndexOf('/') + 1)..];
}
