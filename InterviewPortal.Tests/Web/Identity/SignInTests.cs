using System.Net;
using InterviewPortal.Domain.Identity;
using InterviewPortal.Tests.TestSupport;
using InterviewPortal.Web.Data;
using InterviewPortal.Web.Features.Audit;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace InterviewPortal.Tests.Web.Identity;

[Collection(PortalHostCollection.Name)]
public sealed class SignInTests(PortalAppFactoryFixture app) : IClassFixture<PortalAppFactoryFixture>
{
    private PortalAppFactory Factory => app.Factory;

    [Fact]
    public async Task FiveWrongPasswords_LockTheAccountForFifteenMinutes()
    {
        var id = await TestUsers.CreateAsync(Factory.Services, "lockme@example.com", Roles.HR);
        var client = Factory.CreateBrowserLikeClient();

        for (var i = 0; i < 4; i++)
        {
            var wrong = await PortalAppFactory.PostLoginAsync(client, "lockme@example.com", "wrong-password-" + i);
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode); // the form again, with an error
        }

        var fifth = await PortalAppFactory.PostLoginAsync(client, "lockme@example.com", "wrong-password-5");
        var afterLockout = await PortalAppFactory.PostLoginAsync(client, "lockme@example.com", TestUsers.Password);

        Assert.Equal(HttpStatusCode.Redirect, fifth.StatusCode);
        Assert.Equal("/Account/Lockout", PortalAppFactory.RedirectTarget(fifth));
        Assert.Equal("/Account/Lockout", PortalAppFactory.RedirectTarget(afterLockout));
        var user = await Factory.WithDbAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.Id == id));
        Assert.InRange(user.LockoutEnd!.Value - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(14), TimeSpan.FromMinutes(15.1));
        var actions = await Factory.WithDbAsync(db => db.AuditEntries.AsNoTracking().Where(a => a.TargetId == id).Select(a => a.Action).ToListAsync());
        Assert.Equal(4, actions.Count(a => a == AuditActions.SignInFailed));
        Assert.Equal(2, actions.Count(a => a == AuditActions.SignInLockedOut));
    }

    [Fact]
    public async Task FailedLogin_LogsNeitherThePasswordNorTheEmail()
    {
        var client = Factory.CreateBrowserLikeClient();
        const string email = "secret.person@example.com";
        const string password = "Very-Secret-Password-xyz";
        await TestUsers.CreateAsync(Factory.Services, email, Roles.Interviewer);

        await PortalAppFactory.PostLoginAsync(client, email, password);
        await PortalAppFactory.PostLoginAsync(client, "nobody.at.all@example.com", password);

        var logs = string.Concat(Directory.GetFiles(Factory.LogDirectory).Select(ReadShared));
        Assert.Contains("/Account/Login", logs); // the requests were logged
        Assert.DoesNotContain(password, logs);
        Assert.DoesNotContain(email, logs, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("nobody.at.all", logs, StringComparison.OrdinalIgnoreCase);
        var summaries = await Factory.WithDbAsync(db => db.AuditEntries.AsNoTracking().Select(a => a.Summary ?? "").ToListAsync());
        Assert.DoesNotContain(summaries, s => s.Contains("nobody.at.all", StringComparison.OrdinalIgnoreCase) || s.Contains(password));
        Assert.Contains(summaries, s => s.StartsWith("unknown account ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RequestLogs_CarryTheUserIdAndRequestId_NeverTheEmail()
    {
        var (client, id) = await Factory.SignedInAsync("logged.user@example.com", Roles.HR);

        var home = await client.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        var events = Directory.GetFiles(Factory.LogDirectory).SelectMany(f => ReadShared(f).Split('\n', StringSplitOptions.RemoveEmptyEntries))
            .Select(line => System.Text.Json.JsonDocument.Parse(line).RootElement).ToList();
        var request = events.Last(e => e.TryGetProperty("RequestPath", out var p) && p.GetString() == "/" && e.TryGetProperty("StatusCode", out var c) && c.GetInt32() == 200);
        Assert.Equal(id, request.GetProperty("UserId").GetString());
        Assert.False(string.IsNullOrEmpty(request.GetProperty("RequestId").GetString()));
        Assert.DoesNotContain(events, e => e.GetRawText().Contains("logged.user@example.com", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task BootstrapAdmin_MustChangePasswordBeforeUsingThePortal()
    {
        var client = Factory.CreateBrowserLikeClient();

        var login = await PortalAppFactory.PostLoginAsync(client, PortalAppFactory.AdminEmail, PortalAppFactory.AdminPassword);
        var home = await client.GetAsync("/");

        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, home.StatusCode);
        Assert.Equal("/Account/Manage/ChangePassword?required=1", PortalAppFactory.RedirectTarget(home));
        var admin = await Factory.WithDbAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.Email == PortalAppFactory.AdminEmail));
        Assert.True(admin.MustChangePassword);
        var bootstrap = await Factory.WithDbAsync(db => db.AuditEntries.AsNoTracking().SingleAsync(a => a.Action == AuditActions.AdminBootstrapped));
        Assert.Equal(admin.Id, bootstrap.TargetId);
    }

    [Fact]
    public async Task ChangingTheRequiredPassword_OpensThePortal()
    {
        var id = await TestUsers.CreateAsync(Factory.Services, "newhire@example.com", Roles.HR);
        await using (var scope = Factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var user = await users.FindByIdAsync(id);
            user!.MustChangePassword = true;
            await users.UpdateAsync(user);
        }

        var client = Factory.CreateBrowserLikeClient();
        await PortalAppFactory.PostLoginAsync(client, "newhire@example.com", TestUsers.Password);
        var blocked = await client.GetAsync("/");
        var changed = await PortalAppFactory.PostFormAsync(client, "/Account/Manage/ChangePassword?required=1", new()
        {
            ["Input.OldPassword"] = TestUsers.Password,
            ["Input.NewPassword"] = "A-brand-new-passphrase",
            ["Input.ConfirmPassword"] = "A-brand-new-passphrase",
        });
        var home = await client.GetAsync("/");

        Assert.Equal(HttpStatusCode.Redirect, blocked.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        var after = await Factory.WithDbAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.Id == id));
        Assert.False(after.MustChangePassword);
        Assert.True(await Factory.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Action == AuditActions.PasswordChanged && a.TargetId == id)));
    }

    [Fact]
    public async Task ChangePassword_RefusesACommonPassword_InTheUsersLanguage()
    {
        var (client, _) = await Factory.SignedInAsync("picky@example.com", Roles.HR);

        var response = await PortalAppFactory.PostFormAsync(client, "/Account/Manage/ChangePassword", new()
        {
            ["Input.OldPassword"] = TestUsers.Password,
            ["Input.NewPassword"] = "password1234",
            ["Input.ConfirmPassword"] = "password1234",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("该密码过于常见", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task DisabledUser_CannotSignIn()
    {
        var id = await TestUsers.CreateAsync(Factory.Services, "gone@example.com", Roles.HR);
        await Factory.WithDbAsync(async db =>
        {
            var u = await db.Users.SingleAsync(x => x.Id == id);
            u.IsDisabled = true;
            return await db.SaveChangesAsync();
        });
        var client = Factory.CreateBrowserLikeClient();

        var response = await PortalAppFactory.PostLoginAsync(client, "gone@example.com", TestUsers.Password);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("此账户已被停用", await response.Content.ReadAsStringAsync());
        Assert.True(await Factory.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Action == AuditActions.SignInRefused && a.TargetId == id)));
    }

    [Fact]
    public async Task DisabledUser_WithAWrongPassword_GetsTheSameAnswerAsAnyWrongPassword()
    {
        var id = await TestUsers.CreateAsync(Factory.Services, "gone.quiet@example.com", Roles.HR);
        await Factory.WithDbAsync(async db =>
        {
            (await db.Users.SingleAsync(x => x.Id == id)).IsDisabled = true;
            return await db.SaveChangesAsync();
        });

        var disabled = await (await PortalAppFactory.PostLoginAsync(Factory.CreateBrowserLikeClient(), "gone.quiet@example.com", "not-the-password-at-all")).Content.ReadAsStringAsync();
        var unknown = await (await PortalAppFactory.PostLoginAsync(Factory.CreateBrowserLikeClient(), "never.existed@example.com", "not-the-password-at-all")).Content.ReadAsStringAsync();

        Assert.DoesNotContain("此账户已被停用", disabled);
        Assert.Contains("邮箱或密码不正确", disabled);
        Assert.Contains("邮箱或密码不正确", unknown);
    }

    [Fact]
    public async Task PublicRegistration_DoesNotExist()
    {
        var client = Factory.CreateBrowserLikeClient();

        var response = await client.GetAsync("/Account/Register");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private static string ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
