using System.Net;
using System.Text;
using InterviewPortal.Domain;
using InterviewPortal.Domain.Identity;
using InterviewPortal.Tests.TestSupport;
using InterviewPortal.Web.Features.Audit;
using InterviewPortal.Web.Features.Recruiting.Import;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace InterviewPortal.Tests.Web.Audit;

[Collection(PortalHostCollection.Name)]
public sealed class AuditExportAndFilterTests(PortalAppFactoryFixture app) : IClassFixture<PortalAppFactoryFixture>
{
    [Fact]
    public async Task CsvExport_HoldsExactlyTheFilteredEntries_WithABomForExcel_AndIsItselfAudited()
    {
        var action = "Test." + Guid.NewGuid().ToString("N")[..8];
        await using (var scope = app.Factory.Services.CreateAsyncScope())
        {
            var audit = scope.ServiceProvider.GetRequiredService<AuditTrail>();
            await audit.RecordAsync(action, "Candidate", "c-1", "=SUM(A1) 张三, \"引号\"");
            await audit.RecordAsync(action, "Candidate", "c-2", "李四");
            await audit.RecordAsync("Test.Other", "Candidate", "c-3", "not this one");
        }

        var (client, auditor) = await app.Factory.SignedInAsync($"auditor.{action}@example.com", Roles.Auditor);

        var response = await client.GetAsync($"/audit/export.csv?action={action}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        var records = CsvText.Parse(CsvText.Decode(bytes)).ToList();
        Assert.Equal(3, records.Count); // header + two rows, oldest first
        Assert.Equal(["c-1", "c-2"], records.Skip(1).Select(r => r.Fields[9]));
        Assert.Equal("'=SUM(A1) 张三, \"引号\"", records[1].Fields[11]); // a formula is defused, Chinese intact
        var exported = await app.Factory.WithDbAsync(db => db.AuditEntries.AsNoTracking().Where(a => a.Action == AuditActions.AuditExported && a.ActorId == auditor).SingleAsync());
        Assert.Equal($"2 entries; filter action {action}", exported.Summary);
        Assert.Equal(Roles.Auditor, exported.ActorRole);
    }

    [Fact]
    public async Task CsvExport_IsRefusedToHr()
    {
        var (client, _) = await app.Factory.SignedInAsync("hr.export.audit@example.com", Roles.HR);

        var response = await client.GetAsync("/audit/export.csv");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/AccessDenied", PortalAppFactory.RedirectTarget(response));
    }

    [Fact]
    public async Task SavedFilters_BelongToTheirOwner_AndCanBeReplacedAndDeleted()
    {
        var from = new DateTime(2026, 11, 1, 16, 0, 0, DateTimeKind.Utc);
        // The saved filters reference their user (deleted with it): the two readers must exist.
        await app.Factory.WithDbAsync(async db =>
        {
            foreach (var user in new[] { "auditor-one", "auditor-two" })
            {
                db.Users.Add(new InterviewPortal.Web.Data.ApplicationUser { Id = user, UserName = user, Email = user + "@x.example", DisplayName = user, SecurityStamp = user });
            }

            return await db.SaveChangesAsync();
        });

        // The accessor's current request flows with the async context: one reader at a time.
        async Task<T> AsAsync<T>(string reader, Func<AuditLogService, Task<T>> work)
        {
            await using var scope = app.Factory.Services.CreateAsyncScope();
            using var _ = AdminActor.As(scope.ServiceProvider, reader, Roles.Auditor);
            return await work(scope.ServiceProvider.GetRequiredService<AuditLogService>());
        }

        var id = await AsAsync("auditor-one", s => s.SaveFilterAsync("登录失败", new AuditFilter(from, null, null, AuditActions.SignInFailed, null)));
        var replaced = await AsAsync("auditor-one", s => s.SaveFilterAsync("登录失败", new AuditFilter(from, from.AddDays(7), null, AuditActions.SignInFailed, null)));

        var saved = Assert.Single(await AsAsync("auditor-one", s => s.SavedFiltersAsync()));
        Assert.Equal(id, replaced);
        Assert.Equal(new AuditFilter(from, from.AddDays(7), null, AuditActions.SignInFailed, null), saved.Filter);
        Assert.Empty(await AsAsync("auditor-two", s => s.SavedFiltersAsync()));
        var refused = await Assert.ThrowsAsync<DomainException>(() => AsAsync("auditor-two", async s => { await s.DeleteFilterAsync(id); return 0; }));
        Assert.Equal("NotFound", refused.MessageKey);

        await AsAsync("auditor-one", async s => { await s.DeleteFilterAsync(id); return 0; });
        Assert.Empty(await AsAsync("auditor-one", s => s.SavedFiltersAsync()));
    }

    [Fact]
    public void TargetLinks_LeadToEachTargetsPage()
    {
        var id = Guid.NewGuid().ToString();

        Assert.Equal($"candidates/{id}", AuditTargets.Href("Candidate", id));
        Assert.Equal($"interviews/{id}", AuditTargets.Href("Interview", id));
        Assert.Equal($"audit/sessions/{id}", AuditTargets.SessionHref("Interview", id));
        Assert.Equal("users?search=u%201", AuditTargets.Href("User", "u 1"));
        Assert.Equal($"permission/{id}", AuditTargets.Href("PermissionApplication", id));
        Assert.Equal("reports/NoShowRate", AuditTargets.Href("Report", "NoShowRate"));
        Assert.Null(AuditTargets.Href("Database", null));
        Assert.Null(AuditTargets.SessionHref("Candidate", id));
    }
}
