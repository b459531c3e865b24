using System.Net;
using InterviewPortal.Domain.Identity;
using InterviewPortal.Tests.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace InterviewPortal.Tests.Web.Identity;

[Collection(PortalHostCollection.Name)]
public sealed class AuthenticatorSetupTests
{
    [Fact]
    public async Task OpeningTheAuthenticatorSetUp_KeepsThisBrowserSignedIn_AfterTheSecurityStampCheck_WhileOtherSessionsEnd()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = new PortalAppFactory(clock: clock);
        var (client, _) = await app.SignedInAsync("setup.2fa@example.com", Roles.HR);
        var elsewhere = app.CreateBrowserLikeClient();
        Assert.Equal(HttpStatusCode.Redirect, (await PortalAppFactory.PostLoginAsync(elsewhere, "setup.2fa@example.com", TestUsers.Password)).StatusCode);

        // A new authenticator key changes the security stamp; the page must hand this browser a cookie that carries it.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Account/Manage/EnableAuthenticator")).StatusCode);
        clock.Advance(TimeSpan.FromMinutes(2));
        var later = await client.GetAsync("/Account/Manage");
        var otherSession = await elsewhere.GetAsync("/Account/Manage");

        Assert.Equal(HttpStatusCode.OK, later.StatusCode);
        // The stamp did change (the check ran on the fake clock): the session that got no fresh cookie is over.
        Assert.StartsWith("/Account/Login", PortalAppFactory.RedirectTarget(otherSession));
    }
}
