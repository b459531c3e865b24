using System.Net;
using InterviewPortal.Domain;
using InterviewPortal.Domain.Identity;
using InterviewPortal.Domain.Interviews;
using InterviewPortal.Domain.Sessions;
using InterviewPortal.Tests.TestSupport;
using InterviewPortal.Web.Features.Audit;
using InterviewPortal.Web.Features.Interviews;
using InterviewPortal.Web.Features.Recordings;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace InterviewPortal.Tests.Web.Audit;

/// <summary>
/// The session audit of one interview, over a real recorded session (ZEGO callbacks, a token issued in the portal, a
/// recording played, an attendance override): everything in time order, the token itself nowhere, opening it audited,
/// and only for Admins and Auditors.
/// </summary>
[Collection(PortalHostCollection.Name)]
public sealed class SessionAuditTests(AuditWorld world) : IClassFixture<AuditWorld>
{
    private async Task<(Guid Interview, string Token)> BusySessionAsync()
    {
        InterviewPortal.Web.Integrations.Zego.ZegoRoomToken? token = null;
        var (interview, file, _) = await world.RecordedSessionAsync(async live =>
            token = await world.AsAsync(world.W.InterviewerA, Roles.Interviewer, sp => sp.GetRequiredService<VideoAccessService>().IssueAsync(live)));
        var hr = await world.SignedInAsync(world.W.Hr);
        Assert.Equal(HttpStatusCode.Redirect, (await hr.GetAsync(RecordingEndpoints.PlayPath(file))).StatusCode);
        await world.AsHrAsync(sp => sp.GetRequiredService<AttendanceService>().OverrideAsync(interview, InterviewStatus.TechnicalFailure, "画面多次中断，需要重新面试"));
        return (interview, token!.Token);
    }

    [Fact]
    public async Task AnAuditor_SeesTheCallbacksTokensRecordingViewsAndOverride_InTimeOrder_NeverTheToken_AndTheViewIsAudited()
    {
        var (interview, token) = await BusySessionAsync();

        var details = await world.AsAsync(world.Auditor, Roles.Auditor, sp => sp.GetRequiredService<SessionAuditService>().GetAsync(interview));

        Assert.NotNull(details);
        Assert.Equal(interview, details.Interview.InterviewId);
        Assert.Equal(InterviewStatus.TechnicalFailure, details.Interview.Status);
        var entries = details.Entries;
        Assert.Equal(entries.OrderBy(e => e.AtUtc).Select(e => e.AtUtc), entries.Select(e => e.AtUtc));
        Assert.Equal(2, entries.Count(e => e.Session is { Kind: SessionEventKind.Joined }));
        Assert.Equal(2, entries.Count(e => e.Session is { Kind: SessionEventKind.Left }));
        Assert.Contains(entries, e => e.Timeline is { Kind: TimelineKind.RecordingReady });
        var audited = entries.Where(e => e.Audit is not null).Select(e => e.Audit!).ToList();
        var tokens = audited.Where(a => a.Action == AuditActions.VideoTokenIssued).ToList();
        Assert.Contains(tokens, a => a.ActorId == world.W.InterviewerA && a.ActorName is not null);
        Assert.Contains(audited, a => a.Action == AuditActions.RecordingViewed && a.ActorId == world.W.Hr && a.IpAddress is not null);
        Assert.Contains(audited, a => a.Action == AuditActions.AttendanceOverridden && a.ActorId == world.W.Hr && a.Summary!.Contains("画面多次中断"));
        Assert.Contains(audited, a => a.Action == AuditActions.RecordingStarted);
        Assert.All(audited, a => Assert.DoesNotContain(token, a.Summary ?? ""));
        Assert.Equal(1, await world.App.WithDbAsync(db => db.AuditEntries.CountAsync(a =>
            a.Action == AuditActions.AuditSessionViewed && a.ActorId == world.Auditor && a.TargetId == interview.ToString())));
    }

    [Fact]
    public async Task ThePage_ShowsTheSessionToAnAuditor_WithNothingToChange()
    {
        var (interview, _) = await BusySessionAsync();
        var auditor = await world.SignedInAsync(world.Auditor);

        var list = await auditor.GetAsync("/audit/sessions");
        var html = await auditor.GetStringAsync($"/audit/sessions/{interview}");

        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        // The page's own content: from its title to the layout's reconnect dialog.
        var from = html.IndexOf("id=\"page-title\"", StringComparison.Ordinal);
        var page = html[from..html.IndexOf("components-reconnect-modal", from, StringComparison.Ordinal)];
        Assert.Contains("data-testid=\"session-audit-callback\"", page);
        Assert.Contains("Interview.AttendanceOverridden", page);
        Assert.Contains("Video.TokenIssued", page);
        // Read-only: no button, no form, no way to play the recording.
        Assert.DoesNotContain("<button", page);
        Assert.DoesNotContain("<form", page);
        Assert.DoesNotContain("/recordings/files/", page);
        // The prerender shows it without counting a view; only the live page (or a direct read) is audited.
        Assert.Equal(0, await world.App.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Action == AuditActions.AuditSessionViewed && a.TargetId == interview.ToString())));
    }

    [Fact]
    public async Task Search_FindsInterviewsByCandidatePositionOrRoom()
    {
        var (_, interview) = await world.NewInterviewAsync();
        var room = (await world.InterviewFactsAsync(interview)).Room;

        var byRoom = await world.AsAsync(world.Auditor, Roles.Auditor, sp => sp.GetRequiredService<SessionAuditService>().SearchAsync(room, 0, 10));
        var byId = await world.AsAsync(world.Auditor, Roles.Auditor, sp => sp.GetRequiredService<SessionAuditService>().SearchAsync(interview.ToString(), 0, 10));
        var byName = await world.AsAsync(world.Auditor, Roles.Auditor, sp => sp.GetRequiredService<SessionAuditService>().SearchAsync("审计候选人", 0, 100));

        Assert.Equal(interview, Assert.Single(byRoom.Rows).InterviewId);
        Assert.Equal(interview, Assert.Single(byId.Rows).InterviewId);
        Assert.Contains(byName.Rows, r => r.InterviewId == interview);
    }

    [Fact]
    public async Task HrAndInterviewers_AreRefused_ByTheServiceAndThePage()
    {
        foreach (var (user, role) in new[] { (world.W.Hr, Roles.HR), (world.W.InterviewerA, Roles.Interviewer) })
        {
            var ex = await Assert.ThrowsAsync<DomainException>(() => world.AsAsync(user, role, sp => sp.GetRequiredService<SessionAuditService>().GetAsync(world.W.InterviewA)));
            Assert.Equal("NotAllowed", ex.MessageKey);
            var response = await (await world.SignedInAsync(user)).GetAsync($"/audit/sessions/{world.W.InterviewA}");
            Assert.StartsWith("/Account/AccessDenied", PortalAppFactory.RedirectTarget(response));
        }
    }
}
