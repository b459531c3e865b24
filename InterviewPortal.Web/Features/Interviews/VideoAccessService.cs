using InterviewPortal.Domain;
using InterviewPortal.Domain.Audit;
using InterviewPortal.Domain.Interviews;
using InterviewPortal.Web.Data;
using InterviewPortal.Web.Features.Audit;
using InterviewPortal.Web.Features.MiniProgram;
using InterviewPortal.Web.Features.Recruiting;
using InterviewPortal.Web.Features.Settings;
using InterviewPortal.Web.Features.Shared;
using InterviewPortal.Web.Integrations.Zego;
using Microsoft.EntityFrameworkCore;

namespace InterviewPortal.Web.Features.Interviews;

/// <summary>
/// Room tokens for the portal's side of an interview: the panel (and HR, who may sit in) get their own ZEGO token for
/// the same room the candidate joins, inside the same join window. Audited without the token.
/// </summary>
public sealed class VideoAccessService(
    IDbContextFactory<AppDbContext> dbFactory, ClientOrigin origin, AuditTrail audit, SettingsService settings, ZegoTokenService zego, TimeProvider clock)
{
    /// <summary>The caller's token, or null when they may not see the interview (404).</summary>
    public async Task<ZegoRoomToken?> IssueAsync(Guid interviewId, CancellationToken ct = default)
    {
        var caller = await origin.GetCallerAsync();
        if (!zego.IsEnabled)
        {
            throw new DomainException("VideoNotConfigured");
        }

        var policy = await settings.GetSchedulingAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var interview = await db.VisibleInterviews(caller).AsNoTracking().Include(i => i.Interviewers).FirstOrDefaultAsync(i => i.Id == interviewId, ct);
        // Agencies see an interview's time and attendance, never its room.
        if (interview is null || caller.IsAgencyOnly)
        {
            return null;
        }

        if (!caller.IsRecruiter && interview.Interviewers.All(p => p.UserId != caller.UserId))
        {
            return null;
        }

        if (interview.Status is not (InterviewStatus.Scheduled or InterviewStatus.InProgress))
        {
            throw new DomainException("VideoInterviewNotOpen");
        }

        var (opens, closes) = policy.JoinWindow(interview.StartUtc, interview.EndUtc);
        if (now < opens || now >= closes)
        {
            throw new DomainException("VideoOutsideJoinWindow", policy.JoinOpensMinutesBefore, policy.JoinClosesMinutesAfterEnd);
        }

        var userId = MiniProgramService.InterviewerVideoUserId(caller.UserId);
        var issued = zego.Issue(interview.VideoRoomId, userId, MiniProgramService.StreamIdFor(interview.VideoRoomId, userId), closes);
        await audit.RecordAsync(await audit.DescribeAsync(new AuditEvent(AuditActions.VideoTokenIssued, "Interview", interview.Id.ToString(),
            $"portal user, room {issued.RoomId} user {issued.UserId} until {issued.ExpiresAtUtc:O}")), ct);
        return issued;
    }
}
