using Bunit;
using InterviewPortal.Domain;
using InterviewPortal.Domain.Identity;
using InterviewPortal.Domain.Interviews;
using InterviewPortal.Domain.Recruiting;
using InterviewPortal.Domain.Reminders;
using InterviewPortal.Tests.TestSupport;
using InterviewPortal.Web.Data;
using InterviewPortal.Web.Features.Audit;
using InterviewPortal.Web.Features.Interviews;
using InterviewPortal.Web.Features.Permission;
using InterviewPortal.Web.Features.Recordings;
using InterviewPortal.Web.Features.Recruiting;
using InterviewPortal.Web.Features.Reminders;
using InterviewPortal.Web.Features.Settings;
using InterviewPortal.Web.Features.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace InterviewPortal.Tests.Web.Audit;

/// <summary>
/// The Auditor reads and changes nothing: every change the audit, session and user pages could lead to is refused
/// by the service when asked as an Auditor (and writes nothing), and the pages an Auditor opens render no button that
/// changes anything. (What an Auditor may write: the audit entries of their own reading, and their own saved filters.)
/// </summary>
[Collection(PortalHostCollection.Name)]
public sealed class AuditorReadOnlyTests(AuditWorld world) : IClassFixture<AuditWorld>
{
    /// <summary>Every change reachable from the pages an Auditor may open, plus the neighbouring ones they must not reach.</summary>
    public static TheoryData<string> Mutations() => [.. MutationTable.Keys];

    private static readonly Dictionary<string, Func<IServiceProvider, AuditWorld, Task<object?>>> MutationTable = new()
    {
        ["Users.Create"] = async (sp, w) => await sp.GetRequiredService<UserAdminService>().CreateAsync(new UserForm { Email = "x.ro@example.com", DisplayName = "X" }),
        ["Users.Invite"] = async (sp, w) => await sp.GetRequiredService<UserAdminService>().InviteAsync(new UserForm { Email = "y.ro@example.com", DisplayName = "Y" }),
        ["Users.InviteAgain"] = async (sp, w) => await sp.GetRequiredService<UserAdminService>().InviteAgainAsync(w.W.Hr),
        ["Users.SetRoles"] = async (sp, w) => { await sp.GetRequiredService<UserAdminService>().SetRolesAsync(w.Auditor, [Roles.Admin]); return null; },
        ["Users.Disable"] = async (sp, w) => { await sp.GetRequiredService<UserAdminService>().SetDisabledAsync(w.W.Hr, true); return null; },
        ["Users.ResetPassword"] = async (sp, w) => await sp.GetRequiredService<UserAdminService>().ResetPasswordAsync(w.W.Hr),
        ["Users.ForcePasswordReset"] = async (sp, w) => { await sp.GetRequiredService<UserAdminService>().ForcePasswordResetAsync(w.W.Hr); return null; },
        ["Users.ResetTwoFactor"] = async (sp, w) => { await sp.GetRequiredService<UserAdminService>().ResetTwoFactorAsync(w.W.Hr); return null; },
        ["Users.Unlock"] = async (sp, w) => { await sp.GetRequiredService<UserAdminService>().UnlockAsync(w.W.Hr); return null; },
        ["Users.CreateAgencyUser"] = async (sp, w) => await sp.GetRequiredService<UserAdminService>().CreateAgencyUserAsync(w.W.AgencyA, "z.ro@example.com", "Z"),
        ["Session.OverrideAttendance"] = async (sp, w) => { await sp.GetRequiredService<AttendanceService>().OverrideAsync(w.W.InterviewA, InterviewStatus.Completed, "审计员不可修改"); return null; },
        ["Session.PlayRecording"] = async (sp, w) => await sp.GetRequiredService<RecordingService>().OpenFileAsync(1),
        ["Interview.Cancel"] = async (sp, w) => { await sp.GetRequiredService<InterviewService>().CancelAsync(w.W.InterviewA, "审计员不可修改"); return null; },
        ["Interview.ChangeStatus"] = async (sp, w) => { await sp.GetRequiredService<InterviewService>().ChangeStatusAsync(w.W.InterviewA, InterviewStatus.InProgress, null); return null; },
        ["Interview.Reschedule"] = async (sp, w) => await sp.GetRequiredService<InterviewService>().RescheduleAsync(w.W.InterviewA, w.Now.AddDays(9), 60, "x", null),
        ["Candidate.Create"] = async (sp, w) => await sp.GetRequiredService<CandidateService>().CreateAsync(new CandidateForm { Name = "某人", Phone = TestPhones.Next() }),
        ["Candidate.MoveStage"] = async (sp, w) => { await sp.GetRequiredService<CandidateService>().MoveStageAsync(w.W.CandidateA, PipelineStage.Offer, null); return null; },
        ["Settings.Save"] = async (sp, w) => { await sp.GetRequiredService<SettingsService>().SaveReportsAsync(await sp.GetRequiredService<SettingsService>().GetReportsAsync()); return null; },
        ["Permission.Start"] = async (sp, w) => await sp.GetRequiredService<PermissionService>().StartAsync("wx0000000000000000", "x"),
        ["Reminders.SendTest"] = async (sp, w) => await sp.GetRequiredService<ReminderService>().SendTestAsync(ReminderChannel.InApp, null),
    };

    [Theory]
    [MemberData(nameof(Mutations))]
    public async Task AnAuditor_CannotMakeTheChange_EvenCallingTheServiceDirectly(string mutation)
    {
        var before = await world.App.WithDbAsync(db => db.AuditEntries.CountAsync());

        object? result = null;
        DomainException? refused = null;
        try
        {
            result = await world.AsAsync(world.Auditor, Roles.Auditor, sp => MutationTable[mutation](sp, world));
        }
        catch (DomainException ex)
        {
            refused = ex;
        }

        // Refused outright, or (for a recording) answered with nothing to play.
        Assert.True(refused is { MessageKey: "NotAllowed" or "NotFound" } || (refused is null && result is null), $"{mutation} was not refused: {refused?.MessageKey ?? result?.ToString()}");
        Assert.Equal(before, await world.App.WithDbAsync(db => db.AuditEntries.CountAsync()));
    }

    [Fact]
    public async Task TheUsersPage_ShowsAuditorsTheListWithoutAnyButton_AndAdminsTheirButtons()
    {
        string[] changing = ["user-create", "user-invite", "user-roles", "user-reset-password", "user-force-reset", "user-reset-2fa", "user-unlock", "user-enable", "user-disable", "user-invite-again"];

        foreach (var (role, expectButtons) in new[] { (Roles.Auditor, false), (Roles.Admin, true) })
        {
            await using var ctx = PortalBunitContext.Create("zh-CN", role);
            var factory = ctx.Services.GetRequiredService<IDbContextFactory<AppDbContext>>();
            await using (var db = await factory.CreateDbContextAsync())
            {
                db.Users.Add(new ApplicationUser { UserName = "listed@example.com", Email = "listed@example.com", DisplayName = "被列出的人", SecurityStamp = "s", PasswordHash = "x" });
                await db.SaveChangesAsync();
            }

            var page = ctx.Render<UsersPage>();
            page.WaitForAssertion(() => Assert.Contains("listed@example.com", page.Markup));
            var present = changing.Where(id => page.FindAll($"[data-testid={id}]").Count > 0).ToList();
            if (expectButtons)
            {
                Assert.Contains("user-invite", present);
                Assert.Contains("user-disable", present);
            }
            else
            {
                Assert.Empty(present);
            }
        }
    }

    [Fact]
    public async Task TheAuditPage_OffersAnAuditorOnlyReading_Exporting_AndTheirOwnFilters()
    {
        await using var ctx = PortalBunitContext.Create("zh-CN", Roles.Auditor);
        await ctx.Services.GetRequiredService<AuditTrail>().RecordAsync(AuditActions.CandidateViewed, "Candidate", Guid.NewGuid().ToString());

        var page = ctx.Render<AuditPage>();

        page.WaitForAssertion(() => Assert.Contains("Candidate.Viewed", page.Markup));
        string[] reading = ["audit-verify", "audit-export", "audit-search", "audit-save-filter", "audit-save-name", "audit-sessions", "audit-table", "audit-saved-filters", "audit-target-link", "audit-session-link", "audit-saved-filter"];
        var testIds = page.FindAll("[data-testid]").Select(e => e.GetAttribute("data-testid")!).Distinct().ToList();
        Assert.Empty(testIds.Except(reading));
        Assert.DoesNotContain(page.FindAll("button"), b => b.GetAttribute("data-testid") is null && !IsMudChrome(b));
    }

    // MudBlazor's own controls: pickers' and text fields' adornments, the pager, the select's toggle.
    private static bool IsMudChrome(AngleSharp.Dom.IElement button) =>
        button.ClassList.Any(c => c.StartsWith("mud-", StringComparison.Ordinal)) && button.Closest("[data-testid=audit-table], .mud-input-control, .mud-picker, .mud-table-pagination") is not null;
}
