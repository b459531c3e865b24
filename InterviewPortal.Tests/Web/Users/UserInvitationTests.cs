using System.Net;
using System.Text.RegularExpressions;
using InterviewPortal.Domain;
using InterviewPortal.Domain.Identity;
using InterviewPortal.Tests.TestSupport;
using InterviewPortal.Web.Features.Audit;
using InterviewPortal.Web.Features.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace InterviewPortal.Tests.Web.Users;

[Collection(PortalHostCollection.Name)]
public sealed partial class UserInvitationTests(PortalAppFactoryFixture app) : IClassFixture<PortalAppFactoryFixture>
{
    private const string NewPassword = "Invited-User-Passphrase-77";

    private static async Task<T> AsAdminAsync<T>(PortalAppFactory factory, string adminId, Func<UserAdminService, Task<T>> work)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        T result = default!;
        await AdminActor.RunAsAsync(scope.ServiceProvider, adminId, async sp => result = await work(sp.GetRequiredService<UserAdminService>()));
        return result;
    }

    private static string TokenOf(string link) => new Uri(link).Query.Split("token=")[1];

    private static Task<HttpResponseMessage> AcceptAsync(HttpClient client, string link, string password) =>
        PortalAppFactory.PostFormAsync(client, new Uri(link).PathAndQuery, new() { ["Input.NewPassword"] = password, ["Input.ConfirmPassword"] = password });

    [Fact]
    public async Task Invite_WithoutSmtp_GivesTheAdminTheLink_WhichSetsAPasswordOnce_AndOnlyItsHashIsStored()
    {
        var admin = await TestUsers.CreateAsync(app.Factory.Services, "admin.invite@example.com", Roles.Admin);

        var invite = await AsAdminAsync(app.Factory, admin, s => s.InviteAsync(new UserForm { Email = "invited.hr@example.com", DisplayName = "周人事", Roles = [Roles.HR] }));

        Assert.False(invite.Emailed);
        Assert.Equal("UsersInviteSmtpNotConfigured", invite.EmailProblem);
        var token = TokenOf(invite.Link!);
        Assert.True(token.Length >= 43); // 256 random bits
        var stored = await app.Factory.WithDbAsync(db => db.UserInvitations.AsNoTracking().SingleAsync(i => i.UserId == invite.UserId));
        Assert.NotEqual(token, stored.TokenHash);
        Assert.Equal(64, stored.TokenHash.Length);
        Assert.Null(await app.Factory.WithDbAsync(db => db.Users.Where(u => u.Id == invite.UserId).Select(u => u.PasswordHash).SingleAsync()));

        var client = app.Factory.CreateBrowserLikeClient();
        Assert.Contains("周人事", await client.GetStringAsync(new Uri(invite.Link!).PathAndQuery));
        var accepted = await AcceptAsync(client, invite.Link!, NewPassword);
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        Assert.StartsWith("/Account/Login", PortalAppFactory.RedirectTarget(accepted));
        var login = await PortalAppFactory.PostLoginAsync(app.Factory.CreateBrowserLikeClient(), "invited.hr@example.com", NewPassword);
        Assert.Equal("/", PortalAppFactory.RedirectTarget(login));

        // The link works once.
        Assert.Contains("data-testid=\"invitation-invalid\"", await client.GetStringAsync(new Uri(invite.Link!).PathAndQuery));
        await using (var scope = app.Factory.Services.CreateAsyncScope())
        {
            var again = await Assert.ThrowsAsync<DomainException>(() => scope.ServiceProvider.GetRequiredService<UserAdminService>().AcceptInvitationAsync(token, "Another-Passphrase-123"));
            Assert.Equal("UsersInvitationInvalid", again.MessageKey);
        }

        var entries = await app.Factory.WithDbAsync(db => db.AuditEntries.AsNoTracking().Where(a => a.TargetId == invite.UserId && a.Action.StartsWith("User.")).OrderBy(a => a.Id).ToListAsync());
        Assert.Collection(entries,
            e => { Assert.Equal(AuditActions.UserInvited, e.Action); Assert.Equal(admin, e.ActorId); Assert.StartsWith("roles: HR", e.Summary); },
            e => { Assert.Equal(AuditActions.UserInvitationAccepted, e.Action); Assert.Equal(invite.UserId, e.ActorId); });
        Assert.All(entries, e => Assert.DoesNotContain(token, e.Summary ?? ""));
    }

    [Fact]
    public async Task Invite_WithSmtp_EmailsTheLink_AndDoesNotShowItToTheAdmin()
    {
        await using var smtp = FakeSmtpServer.Start();
        await using var portal = new PortalAppFactory(new()
        {
            ["Smtp:Host"] = "127.0.0.1",
            ["Smtp:Port"] = smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Smtp:Security"] = "None",
            ["Smtp:FromAddress"] = "portal@example.com",
        });
        _ = portal.Server;
        var admin = await TestUsers.CreateAsync(portal.Services, "admin.mail@example.com", Roles.Admin);

        var invite = await AsAdminAsync(portal, admin, s => s.InviteAsync(new UserForm { Email = "mailed@example.com", DisplayName = "Mailed", Roles = [Roles.Interviewer] }));

        Assert.True(invite.Emailed);
        Assert.Null(invite.Link);
        var message = Assert.Single(smtp.Messages);
        Assert.Equal("mailed@example.com", message.To.Mailboxes.Single().Address);
        var link = LinkInText().Match(message.TextBody ?? "").Value;
        var client = portal.CreateBrowserLikeClient();
        Assert.Equal(HttpStatusCode.Redirect, (await AcceptAsync(client, link, NewPassword)).StatusCode);
        Assert.Equal("/", PortalAppFactory.RedirectTarget(await PortalAppFactory.PostLoginAsync(portal.CreateBrowserLikeClient(), "mailed@example.com", NewPassword)));
    }

    [Fact]
    public async Task AnExpiredOrReplacedLink_DoesNotWork()
    {
        var admin = await TestUsers.CreateAsync(app.Factory.Services, "admin.expire@example.com", Roles.Admin);
        var first = await AsAdminAsync(app.Factory, admin, s => s.InviteAsync(new UserForm { Email = "late@example.com", DisplayName = "Late", Roles = [Roles.HR] }));
        var second = await AsAdminAsync(app.Factory, admin, s => s.InviteAgainAsync(first.UserId));
        await app.Factory.WithDbAsync(async db =>
        {
            var current = await db.UserInvitations.SingleAsync(i => i.UserId == first.UserId && i.RevokedAtUtc == null);
            current.ExpiresAtUtc = DateTime.UtcNow.AddMinutes(-1);
            return await db.SaveChangesAsync();
        });

        await using var scope = app.Factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserAdminService>();
        foreach (var link in new[] { first.Link!, second.Link! })
        {
            Assert.Null(await users.FindInvitationAsync(TokenOf(link)));
            var ex = await Assert.ThrowsAsync<DomainException>(() => users.AcceptInvitationAsync(TokenOf(link), NewPassword));
            Assert.Equal("UsersInvitationInvalid", ex.MessageKey);
        }

        Assert.Null(await app.Factory.WithDbAsync(db => db.Users.Where(u => u.Id == first.UserId).Select(u => u.PasswordHash).SingleAsync()));
    }

    [Fact]
    public async Task ForcePasswordReset_SendsTheUserToChangePasswordAtNextSignIn_AndIsAudited()
    {
        var admin = await TestUsers.CreateAsync(app.Factory.Services, "admin.force@example.com", Roles.Admin);
        var user = await TestUsers.CreateAsync(app.Factory.Services, "forced@example.com", Roles.Interviewer);

        await AsAdminAsync(app.Factory, admin, async s => { await s.ForcePasswordResetAsync(user); return 0; });

        var client = app.Factory.CreateBrowserLikeClient();
        await PortalAppFactory.PostLoginAsync(client, "forced@example.com", TestUsers.Password);
        Assert.Equal("/Account/Manage/ChangePassword?required=1", PortalAppFactory.RedirectTarget(await client.GetAsync("/")));
        var entry = await app.Factory.WithDbAsync(db => db.AuditEntries.AsNoTracking().SingleAsync(a => a.Action == AuditActions.UserPasswordResetForced && a.TargetId == user));
        Assert.Equal(admin, entry.ActorId);
    }

    [Fact]
    public async Task ResetTwoFactor_SwitchesItOffAndReplacesTheKey_AndIsAudited()
    {
        var admin = await TestUsers.CreateAsync(app.Factory.Services, "admin.2fa@example.com", Roles.Admin);
        var user = await TestUsers.CreateAsync(app.Factory.Services, "lost.phone@example.com", Roles.HR);
        await app.Factory.WithDbAsync(async db => { (await db.Users.SingleAsync(u => u.Id == user)).TwoFactorEnabled = true; return await db.SaveChangesAsync(); });
        var stamp = await app.Factory.WithDbAsync(db => db.Users.Where(u => u.Id == user).Select(u => u.SecurityStamp).SingleAsync());

        await AsAdminAsync(app.Factory, admin, async s => { await s.ResetTwoFactorAsync(user); return 0; });

        var after = await app.Factory.WithDbAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.Id == user));
        Assert.False(after.TwoFactorEnabled);
        Assert.NotEqual(stamp, after.SecurityStamp);
        var entry = await app.Factory.WithDbAsync(db => db.AuditEntries.AsNoTracking().SingleAsync(a => a.Action == AuditActions.UserTwoFactorReset && a.TargetId == user));
        Assert.Equal(admin, entry.ActorId);
        Assert.StartsWith("two-factor on -> off", entry.Summary);
    }

    [Fact]
    public async Task AnInvitedAdminWhoHasNotSetAPassword_DoesNotCountAsAnotherActiveAdmin()
    {
        await using var solo = new PortalAppFactory();
        _ = solo.Server;
        var onlyAdmin = await solo.WithDbAsync(db => db.Users.Where(u => u.Email == PortalAppFactory.AdminEmail).Select(u => u.Id).SingleAsync());
        await AsAdminAsync(solo, onlyAdmin, s => s.InviteAsync(new UserForm { Email = "future.admin@example.com", DisplayName = "Future", Roles = [Roles.Admin] }));
        var other = await TestUsers.CreateAsync(solo.Services, "other.admin@example.com", Roles.Admin);
        await solo.WithDbAsync(async db => { (await db.Users.SingleAsync(u => u.Id == other)).IsDisabled = true; return await db.SaveChangesAsync(); });

        var disable = await Assert.ThrowsAsync<DomainException>(() => AsAdminAsync(solo, other, async s => { await s.SetDisabledAsync(onlyAdmin, true); return 0; }));
        var demote = await Assert.ThrowsAsync<DomainException>(() => AsAdminAsync(solo, other, async s => { await s.SetRolesAsync(onlyAdmin, [Roles.Auditor]); return 0; }));

        Assert.Equal("UsersLastAdmin", disable.MessageKey);
        Assert.Equal("UsersLastAdmin", demote.MessageKey);
    }

    [Fact]
    public async Task NewUserActions_AreRefusedToAuditorsAndHr()
    {
        var target = await TestUsers.CreateAsync(app.Factory.Services, "target.refuse@example.com", Roles.Interviewer);
        foreach (var role in new[] { Roles.Auditor, Roles.HR })
        {
            await using var scope = app.Factory.Services.CreateAsyncScope();
            using var _ = AdminActor.As(scope.ServiceProvider, "someone-" + role, role);
            var users = scope.ServiceProvider.GetRequiredService<UserAdminService>();
            foreach (var action in new Func<Task>[]
            {
                () => users.InviteAsync(new UserForm { Email = "x.refuse@example.com", DisplayName = "X" }),
                () => users.InviteAgainAsync(target),
                () => users.ForcePasswordResetAsync(target),
                () => users.ResetTwoFactorAsync(target),
            })
            {
                Assert.Equal("NotAllowed", (await Assert.ThrowsAsync<DomainException>(action)).MessageKey);
            }
        }
    }

    [GeneratedRegex(@"http\S+AcceptInvitation\?token=[A-Za-z0-9_-]+")]
    private static partial Regex LinkInText();
}
