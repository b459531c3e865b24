using System.Net;
using System.Text.Json;
using InterviewPortal.Domain;
using InterviewPortal.Domain.Identity;
using InterviewPortal.Tests.TestSupport;
using InterviewPortal.Web.Setup;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace InterviewPortal.Tests.Web.Shell;

/// <summary>
/// Refusals under /api are problem+json in the caller's language, never the portal's HTML pages or a sign-in redirect;
/// a request the framework cannot bind is a 400 everywhere, not a 500.
/// </summary>
[Collection(PortalHostCollection.Name)]
public sealed class ApiProblemTests(PortalAppFactoryFixture app) : IClassFixture<PortalAppFactoryFixture>
{
    [Fact]
    public async Task AnUnknownApiPath_IsAProblemInChinese_OrEnglishWhenAsked()
    {
        var client = app.Factory.CreateBrowserLikeClient();

        var zh = await client.GetAsync("/api/no-such-thing");
        var en = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/no-such-thing") { Headers = { AcceptLanguage = { new("en-US") } } });

        Assert.Equal("找不到请求的内容。", await ProblemTitleAsync(zh, HttpStatusCode.NotFound));
        Assert.Equal("Nothing was found at this address.", await ProblemTitleAsync(en, HttpStatusCode.NotFound));
    }

    [Fact]
    public async Task AnAnonymousApiCall_Gets401Problem_NotTheSignInPage()
    {
        var response = await app.Factory.CreateBrowserLikeClient().SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/api/interviews/{Guid.NewGuid()}/video-token") { Headers = { { "X-Portal-Request", "1" } } });

        Assert.Equal("请先登录。", await ProblemTitleAsync(response, HttpStatusCode.Unauthorized));
    }

    [Fact]
    public async Task APostThatFindsNothing_Gets404Problem_NotAnAntiforgeryPage()
    {
        var (client, _) = await app.Factory.SignedInAsync($"hr.{Guid.NewGuid():N}@example.com", Roles.HR);

        var unknown = await client.PostAsync("/api/no-such-thing", new StringContent("{\"x\":", System.Text.Encoding.UTF8, "application/json"));
        var notAGuid = await client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/interviews/not-a-guid/video-token") { Headers = { { "X-Portal-Request", "1" } } });

        // Neither path has an API route for a POST: 405 (a GET-only route takes the path) is as good a refusal as 404.
        Assert.NotNull(await ProblemTitleAsync(unknown, HttpStatusCode.NotFound, HttpStatusCode.MethodNotAllowed));
        Assert.NotNull(await ProblemTitleAsync(notAGuid, HttpStatusCode.NotFound, HttpStatusCode.MethodNotAllowed));
    }

    [Fact]
    public async Task AQueryValueThatCannotBeBound_Is400_NotAServerError()
    {
        var (client, _) = await app.Factory.SignedInAsync($"hr.{Guid.NewGuid():N}@example.com", Roles.HR);

        var report = await client.GetAsync("/reports/NoShows/export.csv?position=not-a-guid");
        var culture = await client.GetAsync("/culture/set");

        Assert.Equal(HttpStatusCode.BadRequest, report.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, culture.StatusCode);
    }

    [Fact]
    public void AWriteThatGaveUpWaitingForSqlitesWriteLock_Is503ToTryAgain_NotAServerError()
    {
        var locked = new SqliteException("SQLite Error 5: 'database is locked'.", 5);

        Assert.Equal(503, ApiProblems.StatusCodeFor(new DbUpdateException("An error occurred while saving the entity changes.", locked)));
        Assert.Equal(503, ApiProblems.StatusCodeFor(new DomainException("DatabaseBusy")));
        Assert.Equal(500, ApiProblems.StatusCodeFor(new SqliteException("SQLite Error 1: 'no such table: X'.", 1)));
    }

    [Fact]
    public async Task APageThatIsNotThere_StillGetsTheHtmlStatusPage()
    {
        var response = await app.Factory.CreateBrowserLikeClient().GetAsync("/no-such-page");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task AReportExportWithADateThatIsNotOne_Is400_AndNeitherExportedNorAudited()
    {
        var (client, _) = await app.Factory.SignedInAsync($"hr.{Guid.NewGuid():N}@example.com", Roles.HR);
        Task<int> ExportsAsync() => app.Factory.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(db.AuditEntries, a => a.Action.Contains("Export")));
        var before = await ExportsAsync();

        var badFrom = await client.GetAsync("/reports/NoShows/export.csv?from=yesterday");
        var badTo = await client.GetAsync("/reports/NoShows/export.csv?from=2026-01-01&to=2026-13-45");
        var good = await client.GetAsync("/reports/NoShows/export.csv?from=2026-01-01&to=2026-01-31");

        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.OK), (badFrom.StatusCode, badTo.StatusCode, good.StatusCode));
        Assert.Equal(before + 1, await ExportsAsync());
    }

    [Fact]
    public async Task TheLanguageSwitch_SendsAReturnAddressWithALineBreakHome_InsteadOfFailing()
    {
        var response = await app.Factory.CreateBrowserLikeClient().GetAsync("/culture/set?culture=en-US&returnUrl=/x%0D%0ASet-Cookie:%20a=b");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", PortalAppFactory.RedirectTarget(response));
        Assert.DoesNotContain(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("a=", StringComparison.Ordinal));
    }

    private static async Task<string?> ProblemTitleAsync(HttpResponseMessage response, params HttpStatusCode[] status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status.Contains(response.StatusCode), $"expected {string.Join(" or ", status.Select(s => (int)s))}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var doc = JsonDocument.Parse(text);
        return doc.RootElement.GetProperty("title").GetString();
    }
}
