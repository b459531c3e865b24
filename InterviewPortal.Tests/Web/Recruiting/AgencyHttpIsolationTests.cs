using System.Net;
using InterviewPortal.Tests.TestSupport;
using InterviewPortal.Web.Features.Recruiting;
using Microsoft.Extensions.DependencyInjection;

namespace InterviewPortal.Tests.Web.Recruiting;

/// <summary>
/// Through the real HTTP pipeline, signed in as agency A: every page and endpoint an agency user can reach answers
/// for A's own ids and answers 404 (never 200, never 500) for agency B's ids and for ids that do not exist.
/// </summary>
[Collection(PortalHostCollection.Name)]
public sealed class AgencyHttpIsolationTests(PortalAppFactoryFixture app) : IClassFixture<PortalAppFactoryFixture>
{
    // Every route with an id that an Agency user is authorized for. A new agency-reachable route belongs here.
    private static readonly string[] RoutesWithIds =
    [
        "/candidates/{candidate}",
        "/interviews/{interview}",
        "/interviews/{interview}/invite.ics",
        "/candidates/{candidate}/files/{file}",
    ];

    [Fact]
    public async Task AgencyA_GetsItsOwnRows_And404ForAgencyBsAndUnknownIds()
    {
        var w = await RecruitingWorld.CreateAsync(app.Factory);
        var fileA = await w.AsHrAsync(sp => sp.GetRequiredService<CandidateFilesService>().UploadResumeAsync(w.CandidateA, new MemoryStream(Domain.Recruiting.CandidateFileTests.Pdf()), "a.pdf"));
        var fileB = await w.AsHrAsync(sp => sp.GetRequiredService<CandidateFilesService>().UploadResumeAsync(w.CandidateB, new MemoryStream(Domain.Recruiting.CandidateFileTests.Pdf()), "b.pdf"));
        var client = app.Factory.CreateBrowserLikeClient();
        var email = await app.Factory.WithDbAsync(db => Task.FromResult(db.Users.Single(u => u.Id == w.AgencyUserA).Email!));
        Assert.Equal(HttpStatusCode.Redirect, (await PortalAppFactory.PostLoginAsync(client, email, TestUsers.Password)).StatusCode);

        foreach (var route in RoutesWithIds)
        {
            var own = await client.GetAsync(Fill(route, w.CandidateA, w.InterviewA, fileA));
            var theirs = await client.GetAsync(Fill(route, w.CandidateB, w.InterviewB, fileB));
            var unknown = await client.GetAsync(Fill(route, Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid()));

            Assert.True(own.StatusCode == HttpStatusCode.OK, $"{route} own: {(int)own.StatusCode}");
            Assert.True(theirs.StatusCode == HttpStatusCode.NotFound, $"{route} other agency: {(int)theirs.StatusCode}");
            Assert.True(unknown.StatusCode == HttpStatusCode.NotFound, $"{route} unknown: {(int)unknown.StatusCode}");
            Assert.DoesNotContain("李四", await theirs.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task AgencyUsers_CannotOpenRecruiterOnlyPages()
    {
        var w = await RecruitingWorld.CreateAsync(app.Factory);
        var client = app.Factory.CreateBrowserLikeClient();
        var email = await app.Factory.WithDbAsync(db => Task.FromResult(db.Users.Single(u => u.Id == w.AgencyUserA).Email!));
        await PortalAppFactory.PostLoginAsync(client, email, TestUsers.Password);

        foreach (var page in new[] { "/positions", "/agencies", "/users", "/audit", "/settings", "/jobs" })
        {
            var response = await client.GetAsync(page);
            Assert.True(response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Redirect, $"{page}: {(int)response.StatusCode}");
            if (response.StatusCode == HttpStatusCode.Redirect)
            {
                Assert.StartsWith("/Account/AccessDenied", PortalAppFactory.RedirectTarget(response));
            }
        }
    }

    private static string Fill(string route, Guid candidate, Guid interview, Guid file) =>
        route.Replace("{candidate}", candidate.ToString()).Replace("{interview}", interview.ToString()).Replace("{file}", file.ToString());
}
