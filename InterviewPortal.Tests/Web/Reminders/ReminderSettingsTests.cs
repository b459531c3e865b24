using InterviewPortal.Domain;
using InterviewPortal.Domain.Identity;
using InterviewPortal.Domain.Reminders;
using InterviewPortal.Tests.TestSupport;
using InterviewPortal.Web.Features.Audit;
using InterviewPortal.Web.Features.Reminders;
using InterviewPortal.Web.Features.Settings;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace InterviewPortal.Tests.Web.Reminders;

[Collection(PortalHostCollection.Name)]
public sealed class ReminderSettingsTests(PortalAppFactoryFixture app) : IClassFixture<PortalAppFactoryFixture>
{
    private async Task<T> AsAdminAsync<T>(Func<IServiceProvider, Task<T>> work, string? admin = null)
    {
        admin ??= await TestUsers.CreateAsync(app.Factory.Services, $"admin.{Guid.NewGuid():N}@example.com", Roles.Admin);
        await using var scope = app.Factory.Services.CreateAsyncScope();
        using var _ = AdminActor.As(scope.ServiceProvider, admin, Roles.Admin);
        return await work(scope.ServiceProvider);
    }

    [Fact]
    public async Task PickingALanguage_IsRememberedOnTheAccount_SoMessagesAreWrittenInIt()
    {
        var (client, id) = await app.Factory.SignedInAsync($"lang.{Guid.NewGuid():N}@example.com", Roles.Interviewer);

        var response = await client.GetAsync("/culture/set?culture=en-US&returnUrl=/");

        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("en-US", await app.Factory.WithDbAsync(db => db.Users.Where(u => u.Id == id).Select(u => u.Language).FirstAsync()));
    }

    [Fact]
    public async Task ReminderSettings_RefuseOffsetsOutOfOrderAndAnUnknownTemplateField_AndAChangeIsAudited()
    {
        var admin = await TestUsers.CreateAsync(app.Factory.Services, $"admin.{Guid.NewGuid():N}@example.com", Roles.Admin);

        var outOfOrder = await Assert.ThrowsAsync<DomainException>(() => AsAdminAsync(async sp =>
        {
            await sp.GetRequiredService<SettingsService>().SaveRemindersAsync(new ReminderSettings { Offsets = new ReminderOffsets(HourBeforeMinutes: 30, JoinNowMinutes: 30) });
            return 0;
        }, admin));
        var badField = await Assert.ThrowsAsync<DomainException>(() => AsAdminAsync(async sp =>
        {
            await sp.GetRequiredService<SettingsService>().SaveRemindersAsync(new ReminderSettings { WeChatFields = "thing1=salary" });
            return 0;
        }, admin));
        await AsAdminAsync(async sp =>
        {
            await sp.GetRequiredService<SettingsService>().SaveRemindersAsync(new ReminderSettings { Offsets = ReminderOffsets.Default with { DayBeforeHours = 48 }, WeChatTemplateId = " TPL-1 " });
            return 0;
        }, admin);

        Assert.Equal(("SettingsReminderOffsetsOutOfRange", "SettingsReminderWeChatFieldsInvalid"), (outOfOrder.MessageKey, badField.MessageKey));
        var saved = await AsAdminAsync(sp => sp.GetRequiredService<SettingsService>().GetRemindersAsync(), admin);
        Assert.Equal((48, "TPL-1"), (saved.Offsets.DayBeforeHours, saved.WeChatTemplateId));
        Assert.True(await app.Factory.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Action == AuditActions.SettingsChanged && a.TargetId == ReminderSettings.Key && a.ActorId == admin)));
        await AsAdminAsync(async sp =>
        {
            await sp.GetRequiredService<SettingsService>().SaveRemindersAsync(ReminderSettings.Default);
            return 0;
        }, admin);
    }

    [Fact]
    public async Task ATestMessage_InApp_ReachesTheAdmin_WhileEmailWithoutSmtp_IsReportedAsNotConfigured_BothAudited()
    {
        var admin = await TestUsers.CreateAsync(app.Factory.Services, $"admin.{Guid.NewGuid():N}@example.com", Roles.Admin);

        var inApp = await AsAdminAsync(sp => sp.GetRequiredService<ReminderService>().SendTestAsync(ReminderChannel.InApp, null), admin);
        var email = await AsAdminAsync(sp => sp.GetRequiredService<ReminderService>().SendTestAsync(ReminderChannel.Email, null), admin);
        var status = await AsAdminAsync(sp => sp.GetRequiredService<ReminderService>().ChannelStatusAsync(), admin);

        Assert.Equal(ReminderState.Sent, inApp.State);
        Assert.Equal(1, await app.Factory.WithDbAsync(db => db.Notifications.CountAsync(n => n.UserId == admin && n.MessageKey == "ReminderInApp_Test")));
        Assert.Equal((ReminderState.Skipped, ReminderSkipReason.ChannelNotConfigured), (email.State, email.SkipReason));
        Assert.Contains("Smtp:Host", email.Error);
        Assert.Contains(status, s => s.Channel == ReminderChannel.Email && s.NotConfigured is not null);
        Assert.Equal(2, await app.Factory.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Action == AuditActions.ReminderTestSent && a.ActorId == admin)));
        await Assert.ThrowsAsync<DomainException>(() => new RecruitingWorldlessCaller(app.Factory).AsInterviewerAsync(sp => sp.GetRequiredService<ReminderService>().SendTestAsync(ReminderChannel.InApp, null)));
    }

    private sealed class RecruitingWorldlessCaller(PortalAppFactory factory)
    {
        public async Task<T> AsInterviewerAsync<T>(Func<IServiceProvider, Task<T>> work)
        {
            var id = await TestUsers.CreateAsync(factory.Services, $"iv.{Guid.NewGuid():N}@example.com", Roles.Interviewer);
            await using var scope = factory.Services.CreateAsyncScope();
            using var _ = AdminActor.As(scope.ServiceProvider, id, Roles.Interviewer);
            return await work(scope.ServiceProvider);
        }
    }
}
