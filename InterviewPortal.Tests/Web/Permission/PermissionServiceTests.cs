using System.Net;
using DocumentFormat.OpenXml.Packaging;
using InterviewPortal.Domain;
using InterviewPortal.Domain.Identity;
using InterviewPortal.Domain.Permission;
using InterviewPortal.Tests.TestSupport;
using InterviewPortal.Web.Data;
using InterviewPortal.Web.Features.Audit;
using InterviewPortal.Web.Features.Permission;
using InterviewPortal.Web.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace InterviewPortal.Tests.Web.Permission;

[Collection(PortalHostCollection.Name)]
public sealed class PermissionServiceTests(PortalAppFactoryFixture app) : IClassFixture<PortalAppFactoryFixture>
{
    private const string Company = "上海面试通信息科技有限公司";

    private static string NewAppId() => "wx" + Guid.NewGuid().ToString("N")[..16];

    private async Task<T> AsAsync<T>(string userId, string role, Func<PermissionService, Task<T>> work)
    {
        await using var scope = app.Factory.Services.CreateAsyncScope();
        using var _ = AdminActor.As(scope.ServiceProvider, userId, role);
        return await work(scope.ServiceProvider.GetRequiredService<PermissionService>());
    }

    private Task AsHrAsync(string hr, Func<PermissionService, Task> work) => AsAsync(hr, Roles.HR, async s => { await work(s); return true; });

    /// <summary>An application with everything Submit needs.</summary>
    private async Task<Guid> ReadyApplicationAsync(string hr)
    {
        var id = await AsAsync(hr, Roles.HR, s => s.StartAsync(NewAppId(), "面试通"));
        await AsHrAsync(hr, async s =>
        {
            await s.ChooseCategoryAsync(id, PermissionSeed.ItMultiPartyCommunication);
            await s.UploadMaterialAsync(id, MaterialKind.BusinessLicence, new MemoryStream(TestImages.Png(300, 200)), "营业执照.png");
            await s.SetFilingAsync(id, Company, "沪ICP备20261125号-1", Company);
            var d = (await s.GetAsync(id))!;
            await s.SetDescriptionAsync(id, PermissionService.GenerateDescription(d));
        });
        return id;
    }

    [Theory]
    [InlineData("fake")]
    [InlineData("pdf")]
    [InlineData("truncated")]
    [InlineData("3mb")]
    public async Task EveryKindOfBadUpload_IsRefusedWithItsRule_AndNothingIsStored(string kind)
    {
        var hr = await TestUsers.CreateAsync(app.Factory.Services, $"hr.{Guid.NewGuid():N}@example.com", Roles.HR);
        var id = await AsAsync(hr, Roles.HR, s => s.StartAsync(NewAppId(), "面试通"));
        var (bytes, name, rule) = kind switch
        {
            "fake" => (TestImages.FakeImage(), "licence.png", "PermissionUploadNotImage"),
            "pdf" => (TestImages.Pdf(), "licence.png", "PermissionUploadNotImage"),
            "truncated" => (TestImages.Png(300, 200)[..120], "licence.png", "PermissionUploadTruncated"),
            _ => (TestImages.Jpeg(4000, 3000, totalBytes: 3 * 1024 * 1024), "licence.jpg", "PermissionUploadTooLarge"),
        };

        var ex = await Assert.ThrowsAsync<DomainException>(() => AsAsync(hr, Roles.HR, s => s.UploadMaterialAsync(id, MaterialKind.BusinessLicence, new MemoryStream(bytes), name)));

        Assert.Equal(rule, ex.MessageKey);
        Assert.Equal(0, await app.Factory.WithDbAsync(db => db.PermissionMaterials.CountAsync(m => m.ApplicationId == id)));
        var folder = Path.GetDirectoryName(app.Factory.Services.GetRequiredService<PermissionFileStore>().PathFor(id, Guid.Empty))!;
        Assert.False(Directory.Exists(folder) && Directory.EnumerateFiles(folder).Any());
    }

    [Fact]
    public async Task AMaterial_IsServedOnlyToAdminAndHr_WithItsContentType_AndEveryViewIsAudited()
    {
        var (hrClient, hr) = await app.Factory.SignedInAsync($"hr.{Guid.NewGuid():N}@example.com", Roles.HR);
        var (interviewerClient, _) = await app.Factory.SignedInAsync($"iv.{Guid.NewGuid():N}@example.com", Roles.Interviewer);
        var (auditorClient, _) = await app.Factory.SignedInAsync($"au.{Guid.NewGuid():N}@example.com", Roles.Auditor);
        var id = await AsAsync(hr, Roles.HR, s => s.StartAsync(NewAppId(), "面试通"));
        var png = TestImages.Png(320, 240);
        var row = await AsAsync(hr, Roles.HR, s => s.UploadMaterialAsync(id, MaterialKind.BusinessLicence, new MemoryStream(png), "营业执照.png"));
        Task<int> ViewsAsync() => app.Factory.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Action == AuditActions.PermissionMaterialViewed && a.TargetId == id.ToString()));

        var asInterviewer = await interviewerClient.GetAsync($"/permission/materials/{row.Id}");
        var asAuditor = await auditorClient.GetAsync($"/permission/materials/{row.Id}");
        var anonymous = await app.Factory.CreateBrowserLikeClient().GetAsync($"/permission/materials/{row.Id}");
        Assert.Equal(0, await ViewsAsync());
        var asHr = await hrClient.GetAsync($"/permission/materials/{row.Id}");

        Assert.Equal((320, 240), (row.Width, row.Height));
        Assert.NotEqual(HttpStatusCode.OK, asInterviewer.StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, asAuditor.StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.OK, asHr.StatusCode);
        Assert.Equal("image/png", asHr.Content.Headers.ContentType!.MediaType);
        Assert.Equal(png, await asHr.Content.ReadAsByteArrayAsync());
        Assert.Equal(1, await ViewsAsync());
        var stored = app.Factory.Services.GetRequiredService<PermissionFileStore>().PathFor(id, row.Id);
        Assert.True(File.Exists(stored));
        Assert.DoesNotContain("wwwroot", stored);
    }

    [Fact]
    public async Task TheWordExport_OpensAndContainsTheCompanyAndTheFiveSections()
    {
        var (client, hr) = await app.Factory.SignedInAsync($"hr.{Guid.NewGuid():N}@example.com", Roles.HR);
        var id = await ReadyApplicationAsync(hr);

        var docx = await client.GetAsync($"/permission/{id}/description.docx");
        var md = await client.GetStringAsync($"/permission/{id}/description.md");

        Assert.Equal(HttpStatusCode.OK, docx.StatusCode);
        using var doc = WordprocessingDocument.Open(new MemoryStream(await docx.Content.ReadAsByteArrayAsync()), false);
        var body = doc.MainDocumentPart!.Document!.Body!;
        var text = body.InnerText;
        Assert.Contains(Company, text);
        var headings = body.Elements<DocumentFormat.OpenXml.Wordprocessing.Paragraph>()
            .Where(p => p.ParagraphProperties?.ParagraphStyleId?.Val?.Value == "Heading1").Select(p => p.InnerText).ToList();
        Assert.Equal(["1. 产品介绍", "2. 主要功能", "3. 使用流程", "4. 用户群体", "5. 安全保障"], headings);
        Assert.Contains("## 5. 安全保障", md);
        Assert.True(await app.Factory.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Action == AuditActions.PermissionDescriptionExported && a.TargetId == id.ToString())));
    }

    [Fact]
    public async Task AnOverdueReview_PlansTheOwnersReminderExactlyOncePerOccasion_EveryTwoWorkingDays()
    {
        var hr = await TestUsers.CreateAsync(app.Factory.Services, $"hr.{Guid.NewGuid():N}@example.com", Roles.HR);
        var id = await ReadyApplicationAsync(hr);
        await AsHrAsync(hr, s => s.SubmitAsync(id));
        await AsHrAsync(hr, s => s.MarkUnderReviewAsync(id));
        var submittedUtc = await app.Factory.WithDbAsync(db => db.PermissionSubmissions.Where(s => s.ApplicationId == id).Select(s => s.SubmittedAtUtc!.Value).SingleAsync());
        var calendar = new WorkingCalendar(PermissionSeed.Calendar());
        var submittedOn = PermissionService.ChinaDate(submittedUtc);
        DateTimeOffset NoonInChina(int workingDay) =>
            new(calendar.AddWorkingDays(submittedOn, workingDay).ToDateTime(new TimeOnly(12, 0)), TimeSpan.FromHours(8));
        var clock = new FakeTimeProvider(NoonInChina(7));
        async Task<int> RunAsync()
        {
            await using var scope = app.Factory.Services.CreateAsyncScope();
            var job = new PermissionReviewReminderJob(scope.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>(), scope.ServiceProvider.GetRequiredService<AuditTrail>(), clock);
            return await job.RunAsync(CancellationToken.None);
        }

        Task<List<string>> RemindersAsync() => app.Factory.WithDbAsync(db => db.Notifications.Where(n => n.UserId == hr).OrderBy(n => n.Id).Select(n => n.DedupKey).ToListAsync());

        Assert.Equal(0, await RunAsync());                     // day 7: within the window
        clock.SetUtcNow(NoonInChina(8));
        Assert.Equal(1, await RunAsync());                     // day 8: overdue
        Assert.Equal(0, await RunAsync());                     // the same day again (retry, second node)
        clock.Advance(TimeSpan.FromHours(6));
        Assert.Equal(0, await RunAsync());                     // later the same day
        clock.SetUtcNow(NoonInChina(9));
        Assert.Equal(0, await RunAsync());                     // day 9: not a reminder day
        clock.SetUtcNow(NoonInChina(10));
        Assert.Equal(1, await RunAsync());                     // day 10: two working days later
        Assert.Equal(0, await RunAsync());

        Assert.Equal([PermissionReviewReminderJob.DedupKey(id, 1, 8), PermissionReviewReminderJob.DedupKey(id, 1, 10)], await RemindersAsync());
        var notification = await app.Factory.WithDbAsync(db => db.Notifications.FirstAsync(n => n.UserId == hr));
        Assert.Equal(PermissionReviewReminderJob.MessageKey, notification.MessageKey);
        Assert.Equal($"permission/{id}", notification.Link);
        Assert.Equal(2, await app.Factory.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Action == AuditActions.PermissionReminderPlanned && a.TargetId == id.ToString())));
        // The same occasions as email reminders for the dispatcher, once each.
        Assert.Equal([8, 10], await app.Factory.WithDbAsync(db => db.Reminders.Where(r => r.SubjectId == id && r.Kind == InterviewPortal.Domain.Reminders.ReminderKind.PermissionOverdue
            && r.Channel == InterviewPortal.Domain.Reminders.ReminderChannel.Email && r.RecipientId == hr && r.Version == 1).OrderBy(r => r.Occasion).Select(r => r.Occasion).ToListAsync()));
    }

    [Fact]
    public async Task TheJourneyToEnabled_IsAudited_AndSwitchesTheJoinModeToNativePusher_RecordingThePendingInvitationsAffected()
    {
        var hr = await TestUsers.CreateAsync(app.Factory.Services, $"hr.{Guid.NewGuid():N}@example.com", Roles.HR);
        await DisableOtherApplicationsAsync();
        var id = await ReadyApplicationAsync(hr);
        var joinModes = app.Factory.Services.CreateScope().ServiceProvider.GetRequiredService<JoinModeService>();
        Assert.Equal(JoinMode.H5WebView, await joinModes.CurrentAsync());

        await AsHrAsync(hr, s => s.SubmitAsync(id));
        await AsHrAsync(hr, s => s.RejectAsync(id, RejectionReason.WrongCategory, "类目不符"));
        await AsHrAsync(hr, s => s.SubmitAsync(id));
        await AsHrAsync(hr, s => s.ApproveAsync(id));
        await AsHrAsync(hr, s => s.TickSwitchAsync(id, LiveSwitch.LivePlayer));
        Assert.Equal(JoinMode.H5WebView, await joinModes.CurrentAsync());
        await AsHrAsync(hr, s => s.TickSwitchAsync(id, LiveSwitch.LivePusher));

        Assert.Equal(JoinMode.NativePusher, await joinModes.CurrentAsync());
        var d = (await AsAsync(hr, Roles.HR, s => s.GetAsync(id)))!;
        Assert.Equal(PermissionState.Enabled, d.State);
        Assert.Equal([2, 1], d.Submissions.Select(s => s.Number));
        Assert.Equal(RejectionReason.WrongCategory, d.Submissions[1].RejectionReason);
        var audit = await app.Factory.WithDbAsync(db => db.AuditEntries.Where(a => a.TargetId == id.ToString()).OrderBy(a => a.Id).Select(a => new { a.Action, a.Summary, a.ActorId }).ToListAsync());
        Assert.Equal(
            [AuditActions.PermissionStarted, AuditActions.PermissionCategoryChosen, AuditActions.PermissionMaterialUploaded, AuditActions.PermissionFilingUpdated, AuditActions.PermissionDescriptionUpdated,
             AuditActions.PermissionSubmitted, AuditActions.PermissionRejected, AuditActions.PermissionSubmitted, AuditActions.PermissionApproved, AuditActions.PermissionSwitchTicked, AuditActions.PermissionSwitchTicked],
            audit.Select(a => a.Action));
        Assert.All(audit, a => Assert.Equal(hr, a.ActorId));
        Assert.Contains("state Approved → Enabled; join mode H5WebView → NativePusher, pending invitations affected: 0", audit[^1].Summary);
        Assert.Contains("WrongCategory – 类目不符", audit[6].Summary);
    }

    [Fact]
    public void TheJoinMode_IsNativeOnlyWhenEnabled_ElseTheZegoPluginWhenConfigured_ElseH5()
    {
        JoinModeService With(bool plugin) => new(null!, Microsoft.Extensions.Options.Options.Create(new InterviewPortal.Web.Integrations.Zego.ZegoOptions { PluginEnabled = plugin }), TimeProvider.System);

        Assert.Equal(JoinMode.NativePusher, With(true).ModeFor(PermissionState.Enabled));
        Assert.Equal(JoinMode.ZegoPlugin, With(true).ModeFor(PermissionState.Approved));
        Assert.Equal(JoinMode.H5WebView, With(false).ModeFor(PermissionState.Approved));
        Assert.All(Enum.GetValues<PermissionState>().Where(s => s != PermissionState.Enabled), s => Assert.Equal(JoinMode.H5WebView, With(false).ModeFor(s)));
    }

    [Fact]
    public async Task OnlyAdminsEditCategories_AndAnEditBumpsTheVersionAndCheckDate()
    {
        var admin = await TestUsers.CreateAsync(app.Factory.Services, $"admin.{Guid.NewGuid():N}@example.com", Roles.Admin);
        var hr = await TestUsers.CreateAsync(app.Factory.Services, $"hr.{Guid.NewGuid():N}@example.com", Roles.HR);
        var row = (await AsAsync(hr, Roles.HR, s => s.ListCategoriesAsync())).Single(c => c.Id == PermissionSeed.GuideRecruitingOnlineInterview);
        var form = CategoryForm.From(row);
        form.LastCheckedOn = new DateTime(2026, 12, 1);

        var refused = await Assert.ThrowsAsync<DomainException>(() => AsHrAsync(hr, s => s.SaveCategoryAsync(row.Id, form)));
        await AsAsync(admin, Roles.Admin, async s => { await s.SaveCategoryAsync(row.Id, form); return true; });

        Assert.Equal("NotAllowed", refused.MessageKey);
        var saved = (await AsAsync(hr, Roles.HR, s => s.ListCategoriesAsync())).Single(c => c.Id == row.Id);
        Assert.Equal((row.Version + 1, new DateOnly(2026, 12, 1)), (saved.Version, saved.LastCheckedOn));
        Assert.Equal("PermissionCategoryChangedMeanwhile", (await Assert.ThrowsAsync<DomainException>(() => AsAsync(admin, Roles.Admin, async s => { await s.SaveCategoryAsync(row.Id, form); return true; }))).MessageKey);
    }

    /// <summary>Tests in this class share a database: the join-mode test needs no other Enabled application.</summary>
    // Behind PermissionService's back, so the join mode's cache is told, as JoinModeService asks.
    private async Task DisableOtherApplicationsAsync()
    {
        await app.Factory.WithDbAsync(db => db.PermissionApplications.Where(a => a.State == PermissionState.Enabled).ExecuteDeleteAsync());
        app.Factory.Services.GetRequiredService<JoinModeService>().Invalidate();
    }
}
