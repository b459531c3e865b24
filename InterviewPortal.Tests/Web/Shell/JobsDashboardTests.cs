using System.Net;
using InterviewPortal.Domain.Identity;
using InterviewPortal.Tests.TestSupport;
using InterviewPortal.Web.Data;
using InterviewPortal.Web.Jobs;
using Hangfire;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace InterviewPortal.Tests.Web.Shell;

[Collection(PortalHostCollection.Name)]
public sealed class JobsDashboardTests(PortalAppFactoryFixture app) : IClassFixture<PortalAppFactoryFixture>
{
    [Fact]
    public async Task Jobs_RedirectsAnonymousToLogin()
    {
        var response = await app.Factory.CreateBrowserLikeClient().GetAsync("/jobs");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/Login", PortalAppFactory.RedirectTarget(response));
    }

    [Fact]
    public async Task Jobs_Answers403ToHR()
    {
        var (client, _) = await app.Factory.SignedInAsync("hr.jobs@example.com", Roles.HR);

        var response = await client.GetAsync("/jobs");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Jobs_ShowsTheDashboardToAdmin_WithTheRecurringJobs()
    {
        var (client, _) = await app.Factory.SignedInAsync("admin.jobs@example.com", Roles.Admin);

        var dashboard = await client.GetAsync("/jobs");
        var recurring = await client.GetStringAsync("/jobs/recurring");

        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        Assert.Contains("Hangfire", await dashboard.Content.ReadAsStringAsync());
        Assert.Contains(DatabaseMaintenanceJob.Id, recurring);
        Assert.Contains(AuditVerificationJob.Id, recurring);
    }

    [Fact]
    public async Task DatabaseMaintenance_IsSafeToRunTwice()
    {
        await using var scope = app.Factory.Services.CreateAsyncScope();
        var job = scope.ServiceProvider.GetRequiredService<DatabaseMaintenanceJob>();

        await job.RunAsync(CancellationToken.None);
        await job.RunAsync(CancellationToken.None);

        var walFile = app.Factory.DatabaseFile + "-wal";
        Assert.True(!File.Exists(walFile) || new FileInfo(walFile).Length < 1_000_000);
    }
}
