using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using InterviewPortal.Domain.Identity;
using InterviewPortal.Domain.Interviews;
using InterviewPortal.Domain.Permission;
using InterviewPortal.Domain.Recruiting;
using InterviewPortal.Domain.Reminders;
using InterviewPortal.Domain.Scorecards;
using InterviewPortal.Tests.TestSupport;
using InterviewPortal.Web.Data;
using InterviewPortal.Web.Features.Audit;
using InterviewPortal.Web.Features.Demo;
using InterviewPortal.Web.Features.Identity;
using InterviewPortal.Web.Features.Interviews;
using InterviewPortal.Web.Features.Invitations;
using InterviewPortal.Web.Features.Permission;
using InterviewPortal.Web.Features.Privacy;
using InterviewPortal.Web.Features.Recordings;
using InterviewPortal.Web.Features.Recruiting;
using InterviewPortal.Web.Features.Recruiting.Import;
using InterviewPortal.Web.Features.Reminders;
using InterviewPortal.Web.Features.Reports;
using InterviewPortal.Web.Features.Scorecards;
using InterviewPortal.Web.Features.Settings;
using InterviewPortal.Web.Features.Users;
using InterviewPortal.Web.Jobs;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace InterviewPortal.Tests.Web.Audit;

/// <summary>
/// The entry a scenario must leave in the trail: who (actor id; null for the system) and on what.
/// <see cref="Any"/> where a value is not known in advance (a generated id).
/// </summary>
public sealed record AuditExpectation(string? ActorId, string? TargetType, string? TargetId)
{
    public const string Any = "*";

    /// <summary>The scenario checked its entry itself, in a portal of its own (the demo company needs an empty one).</summary>
    public bool InOtherPortal { get; init; }

    public bool Matches(AuditRecordView e) =>
        (ActorId == Any || e.ActorId == ActorId) && (TargetType == Any || e.TargetType == TargetType) && (TargetId == Any || e.TargetId == TargetId);
}

public sealed record AuditRecordView(long Id, string Action, string? ActorId, string? TargetType, string? TargetId, string? Summary);

/// <summary>
/// One scenario per audit action: it performs the action through the portal's real services or endpoints in an
/// <see cref="AuditWorld"/> and says which entry that must have written. Add a line here for every new constant in
/// <see cref="AuditActions"/> (the coverage test fails until there is one).
/// </summary>
public static partial class AuditScenarios
{
    public static readonly IReadOnlyDictionary<string, Func<AuditWorld, Task<AuditExpectation>>> All = new Dictionary<string, Func<AuditWorld, Task<AuditExpectation>>>
    {
        // Identity: sign-in through the real login form.
        [AuditActions.SignInSucceeded] = async w =>
        {
            var user = await NewUserAsync(w, Roles.HR);
            await w.SignedInAsync(user);
            return new(user, "User", user);
        },
        [AuditActions.SignInFailed] = async w =>
        {
            var user = await NewUserAsync(w, Roles.HR);
            await PortalAppFactory.PostLoginAsync(w.App.CreateBrowserLikeClient(), await EmailAsync(w, user), "wrong-password-123");
            return new(null, "User", user);
        },
        [AuditActions.SignInSecondFactorRequired] = async w =>
        {
            var user = await NewUserAsync(w, Roles.HR);
            await WithUserManagerAsync(w, user, async (users, u) =>
            {
                await users.ResetAuthenticatorKeyAsync(u);
                await users.SetTwoFactorEnabledAsync(u, true);
            });
            var login = await PortalAppFactory.PostLoginAsync(w.App.CreateBrowserLikeClient(), await EmailAsync(w, user), TestUsers.Password);
            Assert.Contains("LoginWith2fa", PortalAppFactory.RedirectTarget(login));
            return new(user, "User", user);
        },
        [AuditActions.SignInLockedOut] = async w =>
        {
            var user = await NewUserAsync(w, Roles.HR);
            var email = await EmailAsync(w, user);
            for (var i = 0; i < 10 && !await w.App.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Action == AuditActions.SignInLockedOut && a.TargetId == user)); i++)
            {
                await PortalAppFactory.PostLoginAsync(w.App.CreateBrowserLikeClient(), email, "wrong-password-123");
            }

            return new(null, "User", user);
        },
        [AuditActions.SignInRefused] = async w =>
        {
            var user = await NewUserAsync(w, Roles.HR);
            await w.AsAdminAsync(sp => sp.GetRequiredService<UserAdminService>().SetDisabledAsync(user, true));
            await PortalAppFactory.PostLoginAsync(w.App.CreateBrowserLikeClient(), await EmailAsync(w, user), TestUsers.Password);
            return new(null, "User", user);
        },
        [AuditActions.SignedOut] = async w =>
        {
            var user = await NewUserAsync(w, Roles.HR);
            var client = await w.SignedInAsync(user);
            // The layout's sign-out form sits in a menu the prerender leaves closed: the antiforgery token of another form does.
            var token = PortalAppFactory.HiddenInputs(await client.GetStringAsync("/Account/Manage/ChangePassword"))["__RequestVerificationToken"];
            var logout = await client.PostAsync("/Account/Logout", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["ReturnUrl"] = "" }));
            Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);
            return new(user, "User", user);
        },
        [AuditActions.PasswordChanged] = async w =>
        {
            var user = await NewUserAsync(w, Roles.HR);
            await AsOwnAccountAsync(w, user, (account, u) => account.ChangePasswordAsync(u, TestUsers.Password, "Changed-Passphrase-2026"));
            return new(user, "User", user);
        },
        [AuditActions.TwoFactorEnabled] = async w =>
        {
            var user = await NewUserAsync(w, Roles.HR);
            await AsOwnAccountAsync(w, user, (account, u) => account.SetTwoFactorAsync(u, true));
            return new(user, "User", user);
        },
        [AuditActions.TwoFactorDisabled] = async w =>
        {
            var user = await NewUserAsync(w, Roles.HR);
            await AsOwnAccountAsync(w, user, (account, u) => account.ResetAuthenticatorAsync(u));
            return new(user, "User", user);
        },
        // Written by the host's start-up, before any scenario.
        [AuditActions.AdminBootstrapped] = async w =>
            new(null, "User", await w.App.WithDbAsync(db => db.Users.Where(u => u.Email == PortalAppFactory.AdminEmail).Select(u => u.Id).SingleAsync())),

        // User administration.
        [AuditActions.UserCreated] = async w =>
        {
            var created = await w.AsAdminAsync(sp => sp.GetRequiredService<UserAdminService>().CreateAsync(new UserForm { Email = NewEmail(), DisplayName = "新同事", Roles = [Roles.HR] }));
            return new(w.Admin, "User", created.UserId);
        },
        [AuditActions.UserRolesChanged] = async w =>
        {
            var user = await NewUserAsync(w, Roles.Interviewer);
            await w.AsAdminAsync(sp => sp.GetRequiredService<UserAdminService>().SetRolesAsync(user, [Roles.HR]));
            return new(w.Admin, "User", user);
        },
        [AuditActions.UserDisabled] = async w =>
        {
            var user = await NewUserAsync(w, Roles.HR);
            await w.AsAdminAsync(sp => sp.GetRequiredService<UserAdminService>().SetDisabledAsync(user, true));
            return new(w.Admin, "User", user);
        },
        [AuditActions.UserEnabled] = async w =>
        {
            var user = await NewUserAsync(w, Roles.HR);
            await w.AsAdminAsync(async sp =>
            {
                await sp.GetRequiredService<UserAdminService>().SetDisabledAsync(user, true);
                await sp.GetRequiredService<UserAdminService>().SetDisabledAsync(user, false);
            });
            return new(w.Admin, "User", user);
        },
        [AuditActions.UserPasswordReset] = async w =>
        {
            var user = await NewUserAsync(w, Roles.HR);
            await w.AsAdminAsync(sp => sp.GetRequiredService<UserAdminService>().ResetPasswordAsync(user));
            return new(w.Admin, "User", user);
        },
        [AuditActions.UserUnlocked] = async w =>
        {
            var user = await NewUserAsync(w, Roles.HR);
            await w.AsAdminAsync(sp => sp.GetRequiredService<UserAdminService>().UnlockAsync(user));
            return new(w.Admin, "User", user);
        },
        [AuditActions.UserInvited] = async w =>
        {
            var invite = await w.AsAdminAsync(sp => sp.GetRequiredService<UserAdminService>().InviteAsync(new UserForm { Email = NewEmail(), DisplayName = "受邀者", Roles = [Roles.Interviewer] }));
            return new(w.Admin, "User", invite.UserId);
        },
        [AuditActions.UserInvitationAccepted] = async w =>
        {
            var email = NewEmail();
            var invite = await w.AsAdminAsync(sp => sp.GetRequiredService<UserAdminService>().InviteAsync(new UserForm { Email = email, DisplayName = "受邀者", Roles = [Roles.Interviewer] }));
            var mail = w.Smtp.Messages.Last(m => m.To.Mailboxes.Any(b => b.Address == email));
            var link = InvitationLink().Match(mail.TextBody ?? "").Value;
            var accepted = await PortalAppFactory.PostFormAsync(w.App.CreateBrowserLikeClient(), new Uri(link).PathAndQuery,
                new() { ["Input.NewPassword"] = "Accepted-Passphrase-88", ["Input.ConfirmPassword"] = "Accepted-Passphrase-88" });
            Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
            return new(invite.UserId, "User", invite.UserId);
        },
        [AuditActions.UserPasswordResetForced] = async w =>
        {
            var user = await NewUserAsync(w, Roles.HR);
            await w.AsAdminAsync(sp => sp.GetRequiredService<UserAdminService>().ForcePasswordResetAsync(user));
            return new(w.Admin, "User", user);
        },
        [AuditActions.UserTwoFactorReset] = async w =>
        {
            var user = await NewUserAsync(w, Roles.HR);
            await w.AsAdminAsync(sp => sp.GetRequiredService<UserAdminService>().ResetTwoFactorAsync(user));
            return new(w.Admin, "User", user);
        },
        [AuditActions.SettingsChanged] = async w =>
        {
            await w.AsAdminAsync(async sp =>
            {
                var settings = sp.GetRequiredService<SettingsService>();
                await settings.SaveReportsAsync(await settings.GetReportsAsync());
            });
            return new(w.Admin, "Setting", AuditExpectation.Any);
        },

        // The audit trail itself.
        [AuditActions.AuditVerified] = async w =>
        {
            await w.AsAsync(w.Auditor, Roles.Auditor, sp => sp.GetRequiredService<AuditLogService>().VerifyAndRecordAsync());
            return new(w.Auditor, "AuditTrail", null);
        },
        [AuditActions.AuditViewed] = async w =>
        {
            await w.AsAsync(w.Auditor, Roles.Auditor, sp => sp.GetRequiredService<AuditLogService>().RecordViewAsync());
            return new(w.Auditor, "AuditTrail", null);
        },
        [AuditActions.AuditExported] = async w =>
        {
            var client = await w.SignedInAsync(w.Auditor);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/audit/export.csv?action=SignIn.Failed")).StatusCode);
            return new(w.Auditor, "AuditTrail", null);
        },
        [AuditActions.AuditSessionViewed] = async w =>
        {
            await w.AsAsync(w.Auditor, Roles.Auditor, sp => sp.GetRequiredService<SessionAuditService>().GetAsync(w.W.InterviewA));
            return new(w.Auditor, "Interview", w.W.InterviewA.ToString());
        },

        // Positions and agencies.
        [AuditActions.PositionCreated] = async w => new(w.W.Hr, "Position", (await NewPositionAsync(w)).ToString()),
        [AuditActions.PositionUpdated] = async w =>
        {
            var id = await NewPositionAsync(w);
            await w.AsHrAsync(sp => sp.GetRequiredService<PositionService>().SaveAsync(id, new PositionForm { Title = "改名的职位" + id.ToString()[..4], Department = "研发部", Location = "北京", HiringOwnerId = w.W.Hr }));
            return new(w.W.Hr, "Position", id.ToString());
        },
        [AuditActions.PositionClosed] = async w =>
        {
            var id = await NewPositionAsync(w);
            await w.AsHrAsync(sp => sp.GetRequiredService<PositionService>().SetOpenAsync(id, false));
            return new(w.W.Hr, "Position", id.ToString());
        },
        [AuditActions.PositionOpened] = async w =>
        {
            var id = await NewPositionAsync(w);
            await w.AsHrAsync(async sp =>
            {
                await sp.GetRequiredService<PositionService>().SetOpenAsync(id, false);
                await sp.GetRequiredService<PositionService>().SetOpenAsync(id, true);
            });
            return new(w.W.Hr, "Position", id.ToString());
        },
        [AuditActions.AgencyCreated] = async w => new(w.W.Hr, "Agency", (await NewAgencyAsync(w)).ToString()),
        [AuditActions.AgencyUpdated] = async w =>
        {
            var id = await NewAgencyAsync(w);
            await w.AsHrAsync(sp => sp.GetRequiredService<AgencyService>().SaveAsync(id, new AgencyForm { Name = "改名机构" + id.ToString()[..6], ContactName = "赵经理" }));
            return new(w.W.Hr, "Agency", id.ToString());
        },
        [AuditActions.AgencyStatusChanged] = async w =>
        {
            var id = await NewAgencyAsync(w);
            await w.AsHrAsync(sp => sp.GetRequiredService<AgencyService>().SetStatusAsync(id, AgencyStatus.Suspended));
            return new(w.W.Hr, "Agency", id.ToString());
        },

        // Candidates.
        [AuditActions.CandidateCreated] = async w => new(w.W.Hr, "Candidate", (await w.NewInterviewAsync()).Candidate.ToString()),
        [AuditActions.CandidateUpdated] = async w =>
        {
            var (candidate, _) = await w.NewInterviewAsync();
            await w.AsHrAsync(sp => sp.GetRequiredService<CandidateService>().UpdateAsync(candidate,
                new CandidateForm { Name = "改名候选人", Phone = TestPhones.Next(), PositionIds = [w.W.Position] }));
            return new(w.W.Hr, "Candidate", candidate.ToString());
        },
        [AuditActions.CandidateStageChanged] = async w =>
        {
            var (candidate, _) = await w.NewInterviewAsync();
            await w.AsHrAsync(sp => sp.GetRequiredService<CandidateService>().MoveStageAsync(candidate, PipelineStage.Offer, null));
            return new(w.W.Hr, "Candidate", candidate.ToString());
        },
        [AuditActions.CandidateViewed] = async w =>
        {
            await w.AsHrAsync(sp => sp.GetRequiredService<CandidateService>().RecordViewAsync(w.W.CandidateA));
            return new(w.W.Hr, "Candidate", w.W.CandidateA.ToString());
        },
        [AuditActions.CandidateImported] = async w =>
        {
            var csv = "姓名 Name,手机号 Phone,邮箱 Email,来源 Source,招聘机构 Agency,应聘职位 Positions\r\n" + CsvText.Line(["导入候选人", TestPhones.Next(), "", "", "", ""]);
            await w.AsHrAsync(async sp =>
            {
                var import = sp.GetRequiredService<CandidateImportService>();
                var report = await import.ValidateAsync(new MemoryStream(Encoding.UTF8.GetBytes(csv)));
                Assert.Equal(1, await import.ImportAsync(report));
            });
            return new(w.W.Hr, "Candidate", AuditExpectation.Any);
        },
        [AuditActions.CandidateResumeUploaded] = async w =>
        {
            var (candidate, _) = await w.NewInterviewAsync();
            await UploadResumeAsync(w, candidate);
            return new(w.W.Hr, "Candidate", candidate.ToString());
        },
        [AuditActions.CandidateResumeDownloaded] = async w =>
        {
            var (candidate, _) = await w.NewInterviewAsync();
            var file = await UploadResumeAsync(w, candidate);
            var client = await w.SignedInAsync(w.W.Hr);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/candidates/{candidate}/files/{file}")).StatusCode);
            return new(w.W.Hr, "Candidate", candidate.ToString());
        },
        [AuditActions.CandidateNoteAdded] = async w =>
        {
            var (candidate, _) = await w.NewInterviewAsync();
            await w.AsHrAsync(sp => sp.GetRequiredService<CandidateFilesService>().AddNoteAsync(candidate, "沟通顺畅"));
            return new(w.W.Hr, "Candidate", candidate.ToString());
        },

        // Privacy: subject requests, consents recorded by staff, retention.
        [AuditActions.CandidateExported] = async w =>
        {
            var (candidate, _) = await w.NewInterviewAsync();
            await w.AsHrAsync(sp => sp.GetRequiredService<PrivacyService>().ExportAsync(candidate));
            return new(w.W.Hr, "Candidate", candidate.ToString());
        },
        [AuditActions.CandidateErased] = async w =>
        {
            var (candidate, interview) = await w.NewInterviewAsync();
            await w.AsHrAsync(sp => sp.GetRequiredService<InterviewService>().CancelAsync(interview, "候选人要求删除个人信息"));
            await w.AsHrAsync(sp => sp.GetRequiredService<PrivacyService>().EraseAsync(candidate, "候选人书面要求删除"));
            return new(w.W.Hr, "Candidate", candidate.ToString());
        },
        [AuditActions.ConsentWithdrawn] = async w =>
        {
            var (candidate, _) = await w.NewInterviewAsync();
            await w.AsHrAsync(sp => sp.GetRequiredService<PrivacyService>().RecordConsentAsync(candidate,
                new ConsentForm { Kind = ConsentKind.PersonalData, Granted = false, NoticeVersion = "privacy-2026-01", Channel = ConsentChannel.Email }));
            return new(w.W.Hr, "Candidate", candidate.ToString());
        },
        [AuditActions.CandidateAnonymised] = async w => new(null, "Candidate", (await PastRetentionAndSweptAsync(w)).ToString()),
        [AuditActions.CandidateFilesPurged] = async w => new(null, "Candidate", (await PastRetentionAndSweptAsync(w)).ToString()),

        // Interviews.
        [AuditActions.InterviewScheduled] = async w => new(w.W.Hr, "Interview", (await w.NewInterviewAsync()).Interview.ToString()),
        [AuditActions.InterviewRescheduled] = async w =>
        {
            var (_, interview) = await w.NewInterviewAsync();
            var result = await w.AsHrAsync(sp => sp.GetRequiredService<InterviewService>().RescheduleAsync(interview, w.NextSlot(TimeSpan.FromDays(3)), 60, "面试官出差", null));
            Assert.Null(result.Conflict);
            return new(w.W.Hr, "Interview", interview.ToString());
        },
        [AuditActions.InterviewCancelled] = async w =>
        {
            var (_, interview) = await w.NewInterviewAsync();
            await w.AsHrAsync(sp => sp.GetRequiredService<InterviewService>().CancelAsync(interview, "职位已关闭"));
            return new(w.W.Hr, "Interview", interview.ToString());
        },
        [AuditActions.InterviewStatusChanged] = async w =>
        {
            var (_, interview) = await w.NewInterviewAsync();
            await w.AsHrAsync(sp => sp.GetRequiredService<InterviewService>().ChangeStatusAsync(interview, InterviewStatus.InProgress, null));
            return new(w.W.Hr, "Interview", interview.ToString());
        },
        [AuditActions.InterviewCalendarDownloaded] = async w =>
        {
            var (_, interview) = await w.NewInterviewAsync();
            var client = await w.SignedInAsync(w.W.Hr);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/interviews/{interview}/invite.ics")).StatusCode);
            return new(w.W.Hr, "Interview", interview.ToString());
        },
        [AuditActions.InterviewDoubleBookingOverridden] = async w =>
        {
            var (candidate, first) = await w.NewInterviewAsync();
            var start = (await w.InterviewFactsAsync(first)).Start;
            var form = new ScheduleForm
            {
                CandidateId = candidate, PositionId = w.W.Position, Round = InterviewRound.Manager, StartUtc = start, DurationMinutes = 60, InterviewerIds = [w.W.InterviewerA],
            };
            var conflict = (await w.AsHrAsync(sp => sp.GetRequiredService<InterviewService>().ScheduleAsync(form))).Conflict;
            Assert.Equal(first, conflict!.InterviewId);
            form.OverrideReason = "唯一有空的面试官";
            form.AcknowledgedConflictId = conflict.InterviewId;
            var result = await w.AsHrAsync(sp => sp.GetRequiredService<InterviewService>().ScheduleAsync(form));
            Assert.Null(result.Conflict);
            return new(w.W.Hr, "Interview", result.InterviewId!.Value.ToString());
        },
        [AuditActions.AttendanceEscalated] = async w => new(null, "Interview", (await CandidateMissingAsync(w, noShow: false)).ToString()),
        [AuditActions.AttendanceOverridden] = async w =>
        {
            var interview = await CandidateMissingAsync(w, noShow: true);
            await w.AsHrAsync(sp => sp.GetRequiredService<AttendanceService>().OverrideAsync(interview, InterviewStatus.Completed, "候选人改用电话面试"));
            return new(w.W.Hr, "Interview", interview.ToString());
        },

        // Invitations, the mini-program and video tokens.
        [AuditActions.InvitationIssued] = async w =>
        {
            var (_, interview) = await w.NewInterviewAsync();
            await w.AsHrAsync(sp => sp.GetRequiredService<InvitationService>().ReissueAsync(interview));
            return new(w.W.Hr, "Interview", interview.ToString());
        },
        [AuditActions.InvitationRevoked] = async w =>
        {
            var (_, interview) = await w.NewInterviewAsync();
            await w.AsHrAsync(sp => sp.GetRequiredService<InterviewService>().CancelAsync(interview, "候选人已入职他处"));
            return new(w.W.Hr, "Interview", interview.ToString());
        },
        [AuditActions.InvitationViewed] = async w =>
        {
            var (_, interview) = await w.NewInterviewAsync();
            await w.AsHrAsync(sp => sp.GetRequiredService<InvitationService>().GetCardAsync(interview));
            return new(w.W.Hr, "Interview", interview.ToString());
        },
        [AuditActions.InvitationCodeDownloaded] = async w =>
        {
            var (_, interview) = await w.NewInterviewAsync();
            var client = await w.SignedInAsync(w.W.Hr);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/interviews/{interview}/invitation/code.png")).StatusCode);
            return new(w.W.Hr, "Interview", interview.ToString());
        },
        [AuditActions.InvitationPrinted] = async w =>
        {
            var (_, interview) = await w.NewInterviewAsync();
            await w.AsHrAsync(sp => sp.GetRequiredService<InvitationService>().RecordPrintAsync(interview));
            return new(w.W.Hr, "Interview", interview.ToString());
        },
        [AuditActions.InvitationBatchDownloaded] = async w =>
        {
            var (_, interview) = await w.NewInterviewAsync();
            var start = (await w.InterviewFactsAsync(interview)).Start;
            var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(start, TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai")));
            var (_, count) = await w.AsHrAsync(sp => sp.GetRequiredService<InvitationService>().BuildDayBatchAsync(day, "Asia/Shanghai"));
            Assert.True(count >= 1);
            return new(w.W.Hr, "Invitation", AuditExpectation.Any);
        },
        [AuditActions.InvitationAccepted] = async w =>
        {
            var (_, interview) = await w.NewInterviewAsync();
            var openId = w.NewOpenId();
            await w.AcceptedAsync(interview, openId);
            return new(AuditWorld.CandidateActor(openId), "Interview", interview.ToString());
        },
        [AuditActions.ConsentRecorded] = async w =>
        {
            var (candidate, interview) = await w.NewInterviewAsync();
            var openId = w.NewOpenId();
            await w.ConsentAsync(await w.AcceptedAsync(interview, openId), interview, recording: true);
            return new(AuditWorld.CandidateActor(openId), "Candidate", candidate.ToString());
        },
        [AuditActions.VideoTokenIssued] = async w =>
        {
            // Both ways: the candidate through the mini-program, the interviewer through the portal.
            var (_, interview) = await w.NewInterviewAsync();
            var openId = w.NewOpenId();
            await w.AcceptedAsync(interview, openId);
            w.MoveClockTo((await w.InterviewFactsAsync(interview)).Start.AddMinutes(-5));
            var mp = await w.MiniProgramAsync(openId); // a session lasts two hours: the candidate opens the mini-program again on the day
            Assert.Equal(HttpStatusCode.OK, (await mp.PostAsync($"/api/mp/v1/interviews/{interview}/join", null)).StatusCode);
            Assert.NotNull(await w.AsAsync(w.W.InterviewerA, Roles.Interviewer, sp => sp.GetRequiredService<VideoAccessService>().IssueAsync(interview)));
            var candidate = await w.App.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Action == AuditActions.VideoTokenIssued && a.TargetId == interview.ToString() && a.ActorId == AuditWorld.CandidateActor(openId)));
            Assert.True(candidate, "the mini-program's token is audited too");
            return new(w.W.InterviewerA, "Interview", interview.ToString());
        },
        [AuditActions.RescheduleRequested] = async w =>
        {
            var (interview, openId, _) = await RescheduleRequestAsync(w);
            return new(AuditWorld.CandidateActor(openId), "Interview", interview.ToString());
        },
        [AuditActions.RescheduleRequestApproved] = async w =>
        {
            var (interview, _, request) = await RescheduleRequestAsync(w);
            var result = await w.AsHrAsync(sp => sp.GetRequiredService<InterviewService>().ApproveRescheduleRequestAsync(request));
            Assert.Null(result.Conflict);
            return new(w.W.Hr, "Interview", interview.ToString());
        },
        [AuditActions.RescheduleRequestDeclined] = async w =>
        {
            var (interview, _, request) = await RescheduleRequestAsync(w);
            await w.AsHrAsync(sp => sp.GetRequiredService<InterviewService>().DeclineRescheduleRequestAsync(request, "时间无法调整"));
            return new(w.W.Hr, "Interview", interview.ToString());
        },

        // The demo company needs an empty portal of its own.
        [AuditActions.DemoSeeded] = async w =>
        {
            await using var empty = new PortalAppFactory();
            _ = empty.Server;
            await using (var scope = empty.Services.CreateAsyncScope())
            {
                Assert.True((await scope.ServiceProvider.GetRequiredService<DemoDataSeeder>().SeedAsync()).Seeded);
            }

            Assert.True(await empty.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Action == AuditActions.DemoSeeded && a.ActorId == null && a.TargetType == "Database")));
            return new(AuditExpectation.Any, AuditExpectation.Any, AuditExpectation.Any) { InOtherPortal = true };
        },

        // The WeChat permission application.
        [AuditActions.PermissionStarted] = PermissionJourney,
        [AuditActions.PermissionCategoryChosen] = PermissionJourney,
        [AuditActions.PermissionFilingUpdated] = PermissionJourney,
        [AuditActions.PermissionDescriptionUpdated] = PermissionJourney,
        [AuditActions.PermissionMaterialUploaded] = PermissionJourney,
        [AuditActions.PermissionSubmitted] = PermissionJourney,
        [AuditActions.PermissionUnderReview] = PermissionJourney,
        [AuditActions.PermissionRejected] = PermissionJourney,
        [AuditActions.PermissionApproved] = PermissionJourney,
        [AuditActions.PermissionSwitchTicked] = PermissionJourney,
        [AuditActions.PermissionMaterialViewed] = PermissionJourney,
        [AuditActions.PermissionDescriptionExported] = PermissionJourney,
        [AuditActions.PermissionReminderPlanned] = async w =>
        {
            var id = await ReadyApplicationAsync(w);
            await w.AsHrAsync(async sp =>
            {
                await sp.GetRequiredService<PermissionService>().SubmitAsync(id);
                await sp.GetRequiredService<PermissionService>().MarkUnderReviewAsync(id);
            });
            // Eight working days after the submission, on the job's own clock.
            await using var scope = w.App.Services.CreateAsyncScope();
            var clock = new FakeTimeProvider(w.Clock.GetUtcNow().AddDays(14));
            var job = new PermissionReviewReminderJob(scope.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>(), scope.ServiceProvider.GetRequiredService<AuditTrail>(), clock);
            Assert.True(await job.RunAsync(CancellationToken.None) >= 1);
            return new(null, "PermissionApplication", id.ToString());
        },
        [AuditActions.PermissionCategorySaved] = async w =>
        {
            await w.AsAdminAsync(async sp =>
            {
                var permission = sp.GetRequiredService<PermissionService>();
                var row = (await permission.ListCategoriesAsync()).Single(c => c.Id == PermissionSeed.ItMultiPartyCommunication);
                await permission.SaveCategoryAsync(row.Id, CategoryForm.From(row));
            });
            return new(w.Admin, "PermissionCategory", PermissionSeed.ItMultiPartyCommunication.ToString());
        },
        [AuditActions.PermissionCalendarChanged] = async w =>
        {
            var day = new DateOnly(2031, 3, 3);
            await w.AsAdminAsync(sp => sp.GetRequiredService<PermissionService>().SetCalendarDayAsync(day, CalendarDayKind.Holiday, "审计测试"));
            return new(w.Admin, "HolidayCalendar", "2031-03-03");
        },

        // Scorecards.
        [AuditActions.ScorecardSubmitted] = async w =>
        {
            var interview = await InProgressAsync(w, w.W.InterviewerA);
            await SubmitScorecardAsync(w, w.W.InterviewerA, interview);
            return new(w.W.InterviewerA, "Interview", interview.ToString());
        },
        [AuditActions.ScorecardAmended] = async w =>
        {
            var interview = await InProgressAsync(w, w.W.InterviewerA);
            await SubmitScorecardAsync(w, w.W.InterviewerA, interview);
            await w.AsAsync(w.W.InterviewerA, Roles.Interviewer, sp => sp.GetRequiredService<ScorecardService>().AmendAsync(interview));
            await SubmitScorecardAsync(w, w.W.InterviewerA, interview);
            return new(w.W.InterviewerA, "Interview", interview.ToString());
        },
        [AuditActions.ScorecardsViewed] = async w =>
        {
            var interview = await InProgressAsync(w, w.W.InterviewerA, w.W.InterviewerB);
            await SubmitScorecardAsync(w, w.W.InterviewerB, interview);
            await SubmitScorecardAsync(w, w.W.InterviewerA, interview);
            await w.AsAsync(w.W.InterviewerA, Roles.Interviewer, sp => sp.GetRequiredService<ScorecardService>().GetAsync(interview));
            return new(w.W.InterviewerA, "Interview", interview.ToString());
        },
        [AuditActions.CompetenciesSaved] = async w =>
        {
            await w.AsHrAsync(async sp =>
            {
                var scorecards = sp.GetRequiredService<ScorecardService>();
                var current = (await scorecards.CompetenciesAsync()).Where(c => c.Round == InterviewRound.HR).OrderBy(c => c.Order).ToList();
                await scorecards.SaveCompetenciesAsync(InterviewRound.HR, [.. current.Select(c => new CompetencyInput(c.Id, c.Name, c.Description))]);
            });
            return new(w.W.Hr, "Competencies", "HR");
        },

        // Recordings, from the ZEGO callbacks.
        [AuditActions.RecordingStarted] = async w => new(null, "Interview", (await w.RecordedSessionAsync()).Interview.ToString()),
        [AuditActions.RecordingStopped] = async w => new(null, "Interview", (await w.RecordedSessionAsync()).Interview.ToString()),
        [AuditActions.RecordingNotConsented] = async w =>
        {
            var (candidate, interview) = await w.NewInterviewAsync();
            await w.ConsentAsync(await w.AcceptedAsync(interview, w.NewOpenId()), interview, recording: false);
            var (start, roomId) = await w.InterviewFactsAsync(interview);
            w.MoveClockTo(start.AddMinutes(-5));
            var room = w.RoomOf(candidate, start, roomId);
            await room.PanelJoinsAsync(-3);
            await room.CandidateJoinsAsync(1);
            await w.RunAttendanceSweepAsync();
            return new(null, "Interview", interview.ToString());
        },
        [AuditActions.RecordingFailed] = async w =>
        {
            var (candidate, interview) = await w.NewInterviewAsync();
            await w.ConsentAsync(await w.AcceptedAsync(interview, w.NewOpenId()), interview, recording: true);
            var (start, roomId) = await w.InterviewFactsAsync(interview);
            w.MoveClockTo(start.AddMinutes(-5));
            var room = w.RoomOf(candidate, start, roomId);
            await room.PanelJoinsAsync(-3);
            await room.CandidateJoinsAsync(1);
            var taskId = await w.App.WithDbAsync(db => db.Recordings.Where(r => r.InterviewId == interview).Select(r => r.TaskId!).SingleAsync());
            await w.PostCallbackAsync(new JsonObject
            {
                ["app_id"] = FakeZegoServer.AppId, ["task_id"] = taskId, ["room_id"] = roomId, ["event_type"] = 2, ["message"] = "idle too long",
                ["timestamp"] = "0", ["sequence"] = 1, ["detail"] = new JsonObject { ["quit_reason"] = 3 },
            });
            return new(null, "Interview", interview.ToString());
        },
        [AuditActions.RecordingViewed] = async w =>
        {
            var (interview, file, _) = await w.RecordedSessionAsync();
            var client = await w.SignedInAsync(w.W.Hr);
            Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync(RecordingEndpoints.PlayPath(file))).StatusCode);
            return new(w.W.Hr, "Interview", interview.ToString());
        },
        [AuditActions.RecordingDeleted] = async w =>
        {
            var (interview, _, _) = await w.RecordedSessionAsync();
            w.MoveClockTo(w.Now.AddDays(1.1)); // past the one-day retention this world is configured with
            await using var scope = w.App.Services.CreateAsyncScope();
            await ActivatorUtilities.CreateInstance<RecordingRetentionJob>(scope.ServiceProvider).RunAsync(CancellationToken.None);
            return new(null, "Interview", interview.ToString());
        },

        // Reminders and reports.
        [AuditActions.ReminderTestSent] = async w =>
        {
            await w.AsAdminAsync(sp => sp.GetRequiredService<ReminderService>().SendTestAsync(ReminderChannel.InApp, null));
            return new(w.Admin, "Reminder", AuditExpectation.Any);
        },
        [AuditActions.ReminderRetried] = async w =>
        {
            // A WeChat message without a configured template is skipped: one to retry.
            await w.AsAdminAsync(sp => sp.GetRequiredService<ReminderService>().SendTestAsync(ReminderChannel.WeChat, "openid-retry"));
            var id = await w.App.WithDbAsync(db => db.Reminders.Where(r => r.Kind == ReminderKind.Test && r.Channel == ReminderChannel.WeChat).OrderByDescending(r => r.Id).Select(r => r.Id).FirstAsync());
            await w.AsAdminAsync(sp => sp.GetRequiredService<ReminderService>().RetryAsync(id));
            return new(w.Admin, "Reminder", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        },
        [AuditActions.ReportExported] = async w =>
        {
            await w.AsHrAsync(async sp =>
            {
                var reports = sp.GetRequiredService<ReportService>();
                await reports.ExportAsync(ReportKind.NoShows, await reports.DefaultFilterAsync(), ReportFormat.Csv);
            });
            return new(w.W.Hr, "Report", nameof(ReportKind.NoShows));
        },
    };

    private static readonly Dictionary<AuditWorld, Lazy<Task<Guid>>> Journeys = [];

    /// <summary>One application's journey (start → … → approved, one switch ticked, a material viewed, the description exported), once per world.</summary>
    private static async Task<AuditExpectation> PermissionJourney(AuditWorld w)
    {
        Lazy<Task<Guid>> journey;
        lock (Journeys)
        {
            if (!Journeys.TryGetValue(w, out journey!))
            {
                journey = new(() => RunPermissionJourneyAsync(w));
                Journeys[w] = journey;
            }
        }

        return new(w.W.Hr, "PermissionApplication", (await journey.Value).ToString());
    }

    private static async Task<Guid> RunPermissionJourneyAsync(AuditWorld w)
    {
        var id = await ReadyApplicationAsync(w);
        await w.AsHrAsync(async sp =>
        {
            var s = sp.GetRequiredService<PermissionService>();
            await s.SubmitAsync(id);
            await s.MarkUnderReviewAsync(id);
            await s.RejectAsync(id, RejectionReason.WrongCategory, "类目不符");
            await s.SubmitAsync(id);
            await s.ApproveAsync(id);
            // One switch only: the other would enable live-pusher and change every join mode in this world.
            await s.TickSwitchAsync(id, LiveSwitch.LivePlayer);
        });
        var material = await w.App.WithDbAsync(db => db.PermissionMaterials.Where(m => m.ApplicationId == id).Select(m => m.Id).FirstAsync());
        var client = await w.SignedInAsync(w.W.Hr);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/permission/materials/{material}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/permission/{id}/description.md")).StatusCode);
        return id;
    }

    private static async Task<Guid> ReadyApplicationAsync(AuditWorld w)
    {
        const string company = "上海面试通信息科技有限公司";
        return await w.AsHrAsync(async sp =>
        {
            var s = sp.GetRequiredService<PermissionService>();
            var id = await s.StartAsync("wx" + Guid.NewGuid().ToString("N")[..16], "面试通");
            await s.ChooseCategoryAsync(id, PermissionSeed.ItMultiPartyCommunication);
            await s.UploadMaterialAsync(id, MaterialKind.BusinessLicence, new MemoryStream(TestImages.Png(300, 200)), "营业执照.png");
            await s.SetFilingAsync(id, company, "沪ICP备20261125号-1", company);
            await s.SetDescriptionAsync(id, PermissionService.GenerateDescription((await s.GetAsync(id))!));
            return id;
        });
    }

    private static string NewEmail() => $"u{Guid.NewGuid():N}@example.com";

    private static Task<string> NewUserAsync(AuditWorld w, string role) => TestUsers.CreateAsync(w.App.Services, NewEmail(), role);

    private static Task<string> EmailAsync(AuditWorld w, string user) => w.App.WithDbAsync(db => db.Users.Where(u => u.Id == user).Select(u => u.Email!).SingleAsync());

    private static async Task WithUserManagerAsync(AuditWorld w, string user, Func<UserManager<ApplicationUser>, ApplicationUser, Task> work)
    {
        await using var scope = w.App.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        await work(users, (await users.FindByIdAsync(user))!);
    }

    /// <summary>A user's own account change, made as that user (the account pages' service).</summary>
    private static Task AsOwnAccountAsync(AuditWorld w, string user, Func<AccountChanges, ApplicationUser, Task<IdentityResult>> change) =>
        w.AsAsync(user, Roles.HR, async sp =>
        {
            var u = (await sp.GetRequiredService<UserManager<ApplicationUser>>().FindByIdAsync(user))!;
            Assert.True((await change(sp.GetRequiredService<AccountChanges>(), u)).Succeeded);
        });

    private static Task<Guid> NewPositionAsync(AuditWorld w) =>
        w.AsHrAsync(sp => sp.GetRequiredService<PositionService>().SaveAsync(null,
            new PositionForm { Title = "审计职位" + Guid.NewGuid().ToString("N")[..6], Department = "研发部", Location = "上海", HiringOwnerId = w.W.Hr }));

    private static Task<Guid> NewAgencyAsync(AuditWorld w) =>
        w.AsHrAsync(sp => sp.GetRequiredService<AgencyService>().SaveAsync(null, new AgencyForm { Name = "审计机构" + Guid.NewGuid().ToString("N")[..6], ContactName = "孙经理" }));

    private static Task<Guid> UploadResumeAsync(AuditWorld w, Guid candidate) =>
        w.AsHrAsync(sp => sp.GetRequiredService<CandidateFilesService>().UploadResumeAsync(candidate, new MemoryStream(InterviewPortal.Tests.Domain.Recruiting.CandidateFileTests.Pdf()), "简历.pdf"));

    private static async Task<Guid> InProgressAsync(AuditWorld w, params string[] panel)
    {
        var (candidate, _) = await w.NewInterviewAsync();
        var interview = await w.W.ScheduleAsync(candidate, w.NextSlot(TimeSpan.FromDays(2)), panel);
        await w.AsHrAsync(sp => sp.GetRequiredService<InterviewService>().ChangeStatusAsync(interview, InterviewStatus.InProgress, null));
        return interview;
    }

    private static Task SubmitScorecardAsync(AuditWorld w, string interviewer, Guid interview) =>
        w.AsAsync(interviewer, Roles.Interviewer, async sp =>
        {
            var s = sp.GetRequiredService<ScorecardService>();
            var form = ScorecardForm.For((await s.GetAsync(interview))!);
            foreach (var rating in form.Ratings)
            {
                rating.Score = 4;
                rating.Evidence = "举例充分";
            }

            form.Recommendation = Recommendation.Yes;
            await s.SubmitAsync(interview, form);
        });

    /// <summary>The panel joins, the candidate never does: escalated at +5 min, a no-show past +15 min (when asked).</summary>
    private static async Task<Guid> CandidateMissingAsync(AuditWorld w, bool noShow)
    {
        var (candidate, interview) = await w.NewInterviewAsync();
        var (start, roomId) = await w.InterviewFactsAsync(interview);
        w.MoveClockTo(start.AddMinutes(-1));
        await w.RoomOf(candidate, start, roomId).PanelJoinsAsync(0);
        w.MoveClockTo(start.AddMinutes(5));
        await w.RunAttendanceSweepAsync();
        if (noShow)
        {
            w.MoveClockTo(start.AddMinutes(15) + InterviewPortal.Domain.Sessions.AttendanceRules.LateCallbackGrace);
            await w.RunAttendanceSweepAsync();
        }

        return interview;
    }

    /// <summary>A candidate asks (in the mini-program) to move an interview five days away by a day.</summary>
    private static async Task<(Guid Interview, string OpenId, Guid Request)> RescheduleRequestAsync(AuditWorld w)
    {
        var (_, interview) = await w.NewInterviewAsync(TimeSpan.FromDays(5));
        var openId = w.NewOpenId();
        var mp = await w.AcceptedAsync(interview, openId);
        var slot = w.NextSlot(TimeSpan.FromDays(6));
        var ask = await mp.PostAsJsonAsync($"/api/mp/v1/interviews/{interview}/reschedule-requests", new { slot = slot.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"), reason = "那天要考试" });
        Assert.Equal(HttpStatusCode.Created, ask.StatusCode);
        var request = (await w.AsHrAsync(sp => sp.GetRequiredService<InterviewService>().RescheduleRequestsAsync(interview))).Single().Id;
        return (interview, openId, request);
    }

    [GeneratedRegex(@"http\S+AcceptInvitation\?token=[A-Za-z0-9_-]+")]
    private static partial Regex InvitationLink();
    /// <summary>A candidate with a résumé, rejected 200 days ago, and the nightly retention run over it.</summary>
    private static async Task<Guid> PastRetentionAndSweptAsync(AuditWorld w)
    {
        var (candidate, _) = await w.NewInterviewAsync();
        await UploadResumeAsync(w, candidate);
        await w.AsHrAsync(sp => sp.GetRequiredService<CandidateService>().MoveStageAsync(candidate, PipelineStage.Rejected, "岗位要求不符"));
        var longAgo = w.Now.AddDays(-200);
        await w.App.WithDbAsync(db => db.Candidates.Where(c => c.Id == candidate).ExecuteUpdateAsync(u => u.SetProperty(c => c.StageEnteredAtUtc, longAgo)));
        await using var scope = w.App.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<RetentionService>().ApplyAsync();
        return candidate;
    }

}
