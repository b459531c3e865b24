using System.Net;
using InterviewPortal.Domain.Identity;
using InterviewPortal.Tests.TestSupport;

namespace InterviewPortal.Tests.Web.Security;

/// <summary>The status page answers browsers navigating; API calls and posts keep the status their endpoint chose.</summary>
[Collection(PortalHostCollection.Name)]
public sealed class StatusPageTests
{
    [Fact]
    public async Task AnApiPostThatFindsNothing_Answers404_NotTheStatusPagesAntiforgery400_WhileAPageStillGetsTheStatusPage()
    {
        await using var app = new PortalAppFactory(new Dictionary<string, string?>
        {
            ["Zego:AppId"] = FakeZegoServer.AppId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Zego:ServerSecret"] = FakeZegoServer.ServerSecret,
        });
        var (hr, _) = await app.SignedInAsync("hr.status@example.com", Roles.HR);

        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/interviews/{Guid.NewGuid()}/video-token");
        request.Headers.Add("X-Portal-Request", "1");
        using var token = await hr.SendAsync(request);
        using var page = await hr.GetAsync($"/interviews/{Guid.NewGuid()}");

        Assert.Equal(HttpStatusCode.NotFound, token.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task APostToAPageThatDoesNotExist_Is404_AnonymousAndSignedIn_NotA405()
    {
        await using var app = new PortalAppFactory();
        var anonymous = app.CreateBrowserLikeClient();
        var (hr, _) = await app.SignedInAsync("hr.missing-page@example.com", Roles.HR);

        foreach (var client in new[] { anonymous, hr })
        {
            using var form = await client.PostAsync("/no-such-page", new FormUrlEncodedContent(new Dictionary<string, string> { ["name"] = "x" }));
            using var empty = await client.PostAsync("/interviews/no-such-page/deeper", null);
            using var navigated = await client.GetAsync("/no-such-page");

            Assert.Equal(HttpStatusCode.NotFound, form.StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, empty.StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, navigated.StatusCode);
            Assert.Equal("text/html", navigated.Content.Headers.ContentType?.MediaType);
        }
    }
}
