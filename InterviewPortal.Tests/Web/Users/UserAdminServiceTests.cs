using System.Net;
using InterviewPortal.Domain;
using InterviewPortal.Domain.Identity;
using InterviewPortal.Tests.TestSupport;
using InterviewPortal.Web.Features.Audit;
using InterviewPortal.Web.Features.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace InterviewPortal.Tests.Web.Users;

[Collection(PortalHostCollection.Name)]
public sealed class UserAdminServiceTests(PortalAppFactoryFixture app) : IClassFixture<PortalAppFactoryFixture>
{
    private async Task<T> AsAdminAsync<T>(string adminId, Func<UserAdminService, Task<T>> work)
    {
        await using var scope = app.Factory.Services.CreateAsyncScope();
        T result = default!;
        await AdminActor.RunAsAsync(scope.ServiceProvider, adminId, async sp => result = await work(sp.GetRequiredService<UserAdminService>()));
        return result;
    }

    [Fact]
    public async Task Create_GivesATemporaryPasswordThatMustBeChangedAtFirstSignIn_AndAuditsIt()
    {
        var admin = await TestUsers.CreateAsync(app.Factory.Services, "admin.create@example.com", Roles.Admin);

        var created = await AsAdminAsync(admin, s => s.CreateAsync(new UserForm { Email = "interviewer.new@example.com", DisplayName = "王面试", Roles = [Roles.Interviewer] }));
        var client = app.Factory.CreateBrowserLikeClient();
        await PortalAppFactory.PostLoginAsync(client, created.Email, created.Password);
        var home = await client.GetAsync("/");

        Assert.Equal(16, created.Password.Length);
        Assert.Equal("/Account/Manage/ChangePassword?required=1", PortalAppFactory.RedirectTarget(home));
        var entry = await app.Factory.WithDbAsync(db => db.AuditEntries.AsNoTracking().SingleAsync(a => a.Action == AuditActions.UserCreated && a.TargetId == created.UserId));
        Assert.Equal(admin, entry.ActorId);
        Assert.Equal("roles: Interviewer", entry.Summary);
        Assert.DoesNotContain(created.Password, entry.Summary);
    }

    [Fact]
    public async Task Create_RefusesADuplicateEmail_WithoutWritingAnything()
    {
        var admin = await TestUsers.CreateAsync(app.Factory.Services, "admin.dup@example.com", Roles.Admin);
        await TestUsers.CreateAsync(app.Factory.Services, "taken@example.com", Roles.HR);
        var before = await app.Factory.WithDbAsync(db => db.AuditEntries.CountAsync());

        var ex = await Assert.ThrowsAsync<DomainException>(() => AsAdminAsync(admin, s => s.CreateAsync(new UserForm { Email = "taken@example.com", DisplayName = "Again" })));

        Assert.Equal("UsersDuplicateEmail", ex.MessageKey);
        Assert.Equal(before, await app.Factory.WithDbAsync(db => db.AuditEntries.CountAsync()));
    }

    [Fact]
    public async Task Create_RefusesAnInvalidEmail_WithAMessageKey()
    {
        var admin = await TestUsers.CreateAsync(app.Factory.Services, "admin.invalid@example.com", Roles.Admin);

        var ex = await Assert.ThrowsAsync<DomainException>(() => AsAdminAsync(admin, s => s.CreateAsync(new UserForm { Email = "not-an-email", DisplayName = "X" })));

        Assert.Equal("ValidationEmail", ex.MessageKey);
    }

    [Fact]
    public async Task DisableAndRoleChanges_RenewTheSecurityStamp_AndAreAudited()
    {
        var admin = await TestUsers.CreateAsync(app.Factory.Services, "admin.roles@example.com", Roles.Admin);
        var user = await TestUsers.CreateAsync(app.Factory.Services, "promote.me@example.com", Roles.Interviewer);
        var stamp0 = await app.Factory.WithDbAsync(db => db.Users.Where(u => u.Id == user).Select(u => u.SecurityStamp).SingleAsync());

        await AsAdminAsync(admin, async s => { await s.SetRolesAsync(user, [Roles.HR]); return 0; });
        var stamp1 = await app.Factory.WithDbAsync(db => db.Users.Where(u => u.Id == user).Select(u => u.SecurityStamp).SingleAsync());
        await AsAdminAsync(admin, async s => { await s.SetDisabledAsync(user, true); return 0; });
        var stamp2 = await app.Factory.WithDbAsync(db => db.Users.Where(u => u.Id == user).Select(u => u.SecurityStamp).SingleAsync());

        Assert.NotEqual(stamp0, stamp1);
        Assert.NotEqual(stamp1, stamp2);
        var entries = await app.Factory.WithDbAsync(db => db.AuditEntries.AsNoTracking().Where(a => a.TargetId == user).OrderBy(a => a.Id).ToListAsync());
        Assert.Contains(entries, e => e.Action == AuditActions.UserRolesChanged && e.Summary == "Interviewer -> HR");
        Assert.Contains(entries, e => e.Action == AuditActions.UserDisabled && e.ActorId == admin);
    }

    [Fact]
    public async Task TheLastActiveAdmin_CannotBeDisabledOrDemoted()
    {
        await using var solo = new PortalAppFactory();
        _ = solo.Server;
        var onlyAdmin = await solo.WithDbAsync(db => db.Users.Where(u => u.Email == PortalAppFactory.AdminEmail).Select(u => u.Id).SingleAsync());
        var helper = await TestUsers.CreateAsync(solo.Services, "helper.admin@example.com", Roles.Admin);
        await solo.WithDbAsync(async db => { (await db.Users.SingleAsync(u => u.Id == helper)).IsDisabled = true; return await db.SaveChangesAsync(); });

        await using var scope = solo.Services.CreateAsyncScope();
        DomainException? disable = null, demote = null;
        await AdminActor.RunAsAsync(scope.ServiceProvider, helper, async sp =>
        {
            var service = sp.GetRequiredService<UserAdminService>();
            disable = await Assert.ThrowsAsync<DomainException>(() => service.SetDisabledAsync(onlyAdmin, true));
            demote = await Assert.ThrowsAsync<DomainException>(() => service.SetRolesAsync(onlyAdmin, [Roles.HR]));
        });

        Assert.Equal("UsersLastAdmin", disable!.MessageKey);
        Assert.Equal("UsersLastAdmin", demote!.MessageKey);
    }

    [Fact]
    public async Task NonAdmins_AreRefused_EvenWhenCallingTheServiceDirectly()
    {
        var hr = await TestUsers.CreateAsync(app.Factory.Services, "hr.sneaky@example.com", Roles.HR);
        await using var scope = app.Factory.Services.CreateAsyncScope();
        using var asHr = AdminActor.As(scope.ServiceProvider, hr, Roles.HR);

        var ex = await Assert.ThrowsAsync<DomainException>(() => scope.ServiceProvider.GetRequiredService<UserAdminService>().ListAsync(null, 0, 10));

        Assert.Equal("NotAllowed", ex.MessageKey);
    }

    [Fact]
    public async Task UsersPage_IsForAdminsOnly()
    {
        var (client, _) = await app.Factory.SignedInAsync("hr.users.page@example.com", Roles.HR);

        var response = await client.GetAsync("/users");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/AccessDenied", PortalAppFactory.RedirectTarget(response));
    }
}
