using System.Security.Cryptography;
using InterviewPortal.Domain;
using InterviewPortal.Domain.Audit;
using InterviewPortal.Domain.Interviews;
using InterviewPortal.Domain.Invitations;
using InterviewPortal.Domain.Permission;
using InterviewPortal.Domain.Recruiting;
using InterviewPortal.Web.Data;
using InterviewPortal.Web.Features.Audit;
using InterviewPortal.Web.Features.Permission;
using InterviewPortal.Web.Features.Settings;
using InterviewPortal.Web.Integrations.WeChat;
using InterviewPortal.Web.Integrations.Zego;
using InterviewPortal.Web.Setup;
using Microsoft.EntityFrameworkCore;

namespace InterviewPortal.Web.Features.MiniProgram;

public sealed record MpLoginResult(string Session, DateTime ExpiresAt);

public sealed record MpAcceptResult(Guid InterviewId, DateTime StartUtc, string TimeZone);

public sealed record MpInterview(
    Guid Id, string PositionTitle, InterviewRound Round, InterviewStatus Status, DateTime StartUtc, DateTime EndUtc, string TimeZone,
    DateTime JoinOpensAt, DateTime JoinClosesAt, bool CanJoinNow, JoinMode JoinMode, bool CanRequestReschedule);

public sealed record MpJoinResult(uint AppId, string RoomId, string UserId, string StreamId, string Token, DateTime ExpiresAt, JoinMode JoinMode);

/// <summary>
/// What the candidate's mini-program may do: log in (code2Session → an opaque short-lived session bound to the
/// openid), accept an invitation (binding their WeChat account to the candidate, first binding wins), list their
/// interviews, join one inside its window (a ZEGO token pinned to their own stream), record consent, and ask for a new
/// slot. Every refusal is a <see cref="MiniProgramProblem"/> or a <see cref="DomainException"/>; nothing is half-written.
/// </summary>
public sealed class MiniProgramService(
    IDbContextFactory<AppDbContext> dbFactory, WeChatClient weChat, ZegoTokenService zego, JoinModeService joinModes, AuditTrail audit, JoinCommit joins,
    SettingsService settings, DatabaseSettings database, MiniProgramSessionLimiter limiter, TimeProvider clock, ILogger<MiniProgramService> log)
{
    public static readonly TimeSpan SessionLifetime = TimeSpan.FromHours(2);

    public async Task<MpLoginResult> LoginAsync(string code, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(code) || code.Length > 128)
        {
            throw MiniProgramProblem.BadRequest("code_invalid", "MpErrorCodeInvalid");
        }

        if (!weChat.IsConfigured)
        {
            throw new MiniProgramProblem(StatusCodes.Status503ServiceUnavailable, "wechat_not_configured", "MpErrorWeChatNotConfigured");
        }

        WeChatSession session;
        try
        {
            session = await weChat.Code2SessionAsync(code, ct);
        }
        catch (WeChatQuotaReachedException ex)
        {
            log.LogWarning(ex, "code2Session refused: WeChat quota reached until {RetryAfter}", ex.RetryAfterUtc);
            throw new MiniProgramProblem(StatusCodes.Status503ServiceUnavailable, "wechat_busy", "MpErrorWeChatBusy");
        }
        catch (WeChatException ex) when (ex.ErrCode is 40029 or 40163 or 40226)
        {
            // An invalid, used or blocked login code: the mini-program should call wx.login again.
            log.LogInformation("code2Session refused the login code: {ErrCode}", ex.ErrCode);
            throw new MiniProgramProblem(StatusCodes.Status401Unauthorized, "code_invalid", "MpErrorCodeInvalid");
        }
        catch (WeChatException ex) when (ex.ErrCode == -1)
        {
            log.LogWarning("code2Session refused: WeChat is busy (errcode -1)");
            throw new MiniProgramProblem(StatusCodes.Status503ServiceUnavailable, "wechat_busy", "MpErrorWeChatBusy");
        }
        catch (WeChatException ex)
        {
            // Unreachable, timed out, an HTTP error or an answer that is not WeChat's (the client logged which). Nothing is
            // written; the mini-program tries again later with a fresh wx.login code (WeChat may have used up this one).
            log.LogWarning("code2Session failed: {ErrCode} {ErrMsg}", ex.ErrCode, ex.ErrMsg);
            throw new MiniProgramProblem(StatusCodes.Status503ServiceUnavailable, "wechat_unavailable", "MpErrorWeChatUnavailable");
        }

        var token = NewSessionToken();
        var now = Now;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = MiniProgramSession.Start(InvitationToken.Hash(token), session.OpenId, now, SessionLifetime);
        db.MiniProgramSessions.Add(row);
        await db.SaveChangesAsync(ct);
        return new MpLoginResult(token, row.ExpiresAtUtc);
    }

    /// <summary>The session behind a bearer token, or a 401 problem.</summary>
    public async Task<MiniProgramSession> AuthenticateAsync(string? bearer, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await AuthenticateInAsync(db, bearer, ct);
    }

    private async Task<MiniProgramSession> AuthenticateInAsync(AppDbContext db, string? bearer, CancellationToken ct)
    {
        var session = await SessionByHash(db, BearerHash(bearer), ct);
        if (session is null || !session.IsValidAt(Now))
        {
            throw MiniProgramProblem.Unauthorized();
        }

        limiter.Count(session.TokenHash);
        return session;
    }

    public async Task<MpAcceptResult> AcceptAsync(MiniProgramSession session, string token, CancellationToken ct)
    {
        if (!InvitationToken.IsWellFormed(token))
        {
            throw MiniProgramProblem.NotFound();
        }

        var now = Now;
        var e = await DescribeAsync(AuditActions.InvitationAccepted, session);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Two phones accepting the same forwarded code at once: one binding wins, the other gets the 409.
        await WriteLock.TakeAsync(db, database, "InterviewPortal.WeChatBinding", ct);
        var hash = InvitationToken.Hash(token);
        var invitation = await db.Invitations.FirstOrDefaultAsync(i => i.TokenHash == hash, ct) ?? throw MiniProgramProblem.NotFound();
        invitation.RequireUsable(now);
        var candidate = await db.Candidates.FirstAsync(c => c.Id == invitation.CandidateId, ct);
        var interview = await db.Interviews.AsNoTracking().FirstAsync(i => i.Id == invitation.InterviewId, ct);
        bool bound;
        try
        {
            bound = candidate.BindWeChat(session.OpenId, now);
        }
        catch (DomainException ex) when (ex.MessageKey == "InvitationBoundToAnotherWeChat")
        {
            throw new MiniProgramProblem(StatusCodes.Status409Conflict, "invitation_bound_elsewhere", ex.MessageKey);
        }

        invitation.RecordAccepted(now);
        await db.SaveChangesAsync(ct);
        await audit.AppendAsync(db, e with { TargetType = "Interview", TargetId = interview.Id.ToString(), Summary = $"invitation {invitation.Id}; candidate {candidate.Id}{(bound ? " bound to this WeChat account" : "")}" }, ct);
        await tx.CommitAsync(ct);
        return new MpAcceptResult(interview.Id, interview.StartUtc, interview.CandidateTimeZone);
    }

    /// <summary>The bound candidate's interviews that have not finished their join window, soonest first.</summary>
    public async Task<IReadOnlyList<MpInterview>> CurrentAsync(MiniProgramSession session, CancellationToken ct)
    {
        var policy = await settings.GetSchedulingAsync(ct);
        var mode = await joinModes.CurrentAsync(ct: ct);
        var now = Now;
        var earliestStart = now.AddMinutes(-(policy.JoinClosesMinutesAfterEnd + 180));
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await (
            from c in db.Candidates
            where c.WeChatOpenId == session.OpenId
            join i in db.Interviews on c.Id equals i.CandidateId
            where (i.Status == InterviewStatus.Scheduled || i.Status == InterviewStatus.InProgress) && i.StartUtc >= earliestStart
            join p in db.Positions on i.PositionId equals p.Id
            orderby i.StartUtc
            select new { Interview = i, p.Title }).AsNoTracking().Take(20).ToListAsync(ct);
        return rows
            .Select(r => (r.Interview, r.Title, Window: policy.JoinWindow(r.Interview.StartUtc, r.Interview.EndUtc)))
            .Where(r => r.Window.ClosesUtc > now)
            .Select(r => new MpInterview(r.Interview.Id, r.Title, r.Interview.Round, r.Interview.Status, r.Interview.StartUtc, r.Interview.EndUtc, r.Interview.CandidateTimeZone,
                r.Window.OpensUtc, r.Window.ClosesUtc, now >= r.Window.OpensUtc && now < r.Window.ClosesUtc, mode, CanAsk(r.Interview, policy, now)))
            .ToList();
    }

    /// <summary>
    /// The candidate's room token, only for the candidate bound to this WeChat account and only inside the join window;
    /// it lives until the window closes. The audit trail records who, when and until when — never the token.
    /// </summary>
    public async Task<MpJoinResult> JoinAsync(string? bearer, Guid interviewId, CancellationToken ct)
    {
        if (!zego.IsEnabled)
        {
            throw new MiniProgramProblem(StatusCodes.Status503ServiceUnavailable, "video_not_configured", "MpErrorVideoNotConfigured");
        }

        var tokenHash = BearerHash(bearer);
        var policy = await settings.GetSchedulingAsync(ct);
        var mode = await joinModes.CurrentAsync(ct: ct);
        // The request's address, user agent and correlation id; the actor (the session's WeChat account, never a portal
        // user signed in in the same browser) and its role are set where the session is read.
        var e = await audit.DescribeAsync(new AuditEvent(AuditActions.VideoTokenIssued), actor: Anonymous);
        // The session and the interview are read and the issuance committed to the audit trail (the join's record, which
        // the invitation's tracking counts) together with the other joins of the moment (JoinCommit); the token is minted
        // here, after that commit, so the writer every join waits for does not spend its time on the cipher.
        var outcome = await joins.JoinAsync(new JoinCommit.Request(tokenHash, interviewId, policy, mode, e));
        var grant = outcome.Granted ?? throw outcome.Refused!;
        if (Now >= grant.ValidUntilUtc)
        {
            // The window closed between the decision and now (a moment at most): the token would be born expired.
            throw new MiniProgramProblem(StatusCodes.Status409Conflict, "join_window_closed", "MpErrorJoinClosed");
        }

        var issued = zego.Issue(grant.RoomId, grant.UserId, grant.StreamId, grant.ValidUntilUtc);
        return new MpJoinResult(issued.AppId, issued.RoomId, issued.UserId, issued.StreamId, issued.Token, issued.ExpiresAtUtc, grant.Mode);
    }

    public async Task<long> RecordConsentAsync(MiniProgramSession session, Guid interviewId, bool recording, string? noticeVersion, CancellationToken ct)
    {
        var e = await DescribeAsync(AuditActions.ConsentRecorded, session);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var interview = await BoundInterviewAsync(db, session, interviewId, ct);
        var record = ConsentRecord.Record(interview.CandidateId, ConsentKind.Recording, recording, noticeVersion, ConsentChannel.MiniProgram, interview.Id, Now);
        db.ConsentRecords.Add(record);
        await db.SaveChangesAsync(ct);
        // The interview carries the latest answer for the coverage report; written apart from the interview's own
        // changes (no version check), so an HR reschedule at the same moment cannot refuse the candidate's answer.
        await db.Interviews.Where(i => i.Id == interview.Id).ExecuteUpdateAsync(s => s.SetProperty(i => i.RecordingConsent, recording), ct);
        await audit.AppendAsync(db, e with { TargetType = "Candidate", TargetId = interview.CandidateId.ToString(), Summary = $"recording {(recording ? "granted" : "refused")}, notice {record.NoticeVersion}, interview {interview.Id}" }, ct);
        await tx.CommitAsync(ct);
        return record.Id;
    }

    public async Task<Guid> RequestRescheduleAsync(MiniProgramSession session, Guid interviewId, DateTime slotUtc, string? reason, CancellationToken ct)
    {
        var policy = await settings.GetSchedulingAsync(ct);
        var e = await DescribeAsync(AuditActions.RescheduleRequested, session);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var interview = await BoundInterviewAsync(db, session, interviewId, ct);
        if (await db.RescheduleRequests.AnyAsync(r => r.InterviewId == interview.Id && r.Status == RescheduleRequestStatus.Pending, ct))
        {
            throw new MiniProgramProblem(StatusCodes.Status409Conflict, "reschedule_pending", "MpErrorReschedulePending");
        }

        var request = RescheduleRequest.Ask(interview, DateTime.SpecifyKind(slotUtc, DateTimeKind.Utc), reason, policy, Now);
        db.RescheduleRequests.Add(request);
        await db.SaveChangesAsync(ct);
        await audit.AppendAsync(db, e with { TargetType = "Interview", TargetId = interview.Id.ToString(), Summary = $"request {request.Id}: {interview.StartUtc:O} -> {request.RequestedStartUtc:O}" }, ct);
        await tx.CommitAsync(ct);
        return request.Id;
    }

    /// <summary>ZEGO user ids are ASCII: the candidate's is derived from their id, never their name.</summary>
    public static string CandidateVideoUserId(Guid candidateId) => "c" + candidateId.ToString("N");

    public static string InterviewerVideoUserId(string userId) => "u" + Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(userId)))[..32];

    /// <summary>Each participant publishes exactly one stream, named after the room and themselves.</summary>
    public static string StreamIdFor(string roomId, string videoUserId) => $"{roomId}_{videoUserId}";

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    // Every authenticated call reads its session: compiled once, no expression tree to build, evaluate and look up per call.
    private static readonly Func<AppDbContext, string, CancellationToken, Task<MiniProgramSession?>> SessionByHash =
        EF.CompileAsyncQuery((AppDbContext db, string hash, CancellationToken _) => db.MiniProgramSessions.AsNoTracking().FirstOrDefault(s => s.TokenHash == hash));

    private static bool CanAsk(Interview interview, SchedulingPolicy policy, DateTime now) =>
        interview.Status == InterviewStatus.Scheduled && interview.CandidateReschedules < policy.CandidateMaxReschedules
        && interview.StartUtc - now >= TimeSpan.FromHours(policy.CandidateRescheduleMinHoursBefore);

    /// <summary>The interview, when it belongs to a candidate bound to this WeChat account; else 404 (never "not yours").</summary>
    private static async Task<Interview> BoundInterviewAsync(AppDbContext db, MiniProgramSession session, Guid interviewId, CancellationToken ct) =>
        await db.Interviews.FirstOrDefaultAsync(i => i.Id == interviewId && db.Candidates.Any(c => c.Id == i.CandidateId && c.WeChatOpenId == session.OpenId), ct)
        ?? throw MiniProgramProblem.NotFound();

    /// <summary>The actor role of the candidate's own actions in the audit trail.</summary>
    public const string CandidateRole = "Candidate";

    /// <summary>The actor of a mini-program action: the WeChat account (a short hash of the openid, not the openid).</summary>
    internal static string ActorIdOf(string openId) => "wechat:" + InvitationToken.Hash(openId)[..16];

    private Task<AuditEvent> DescribeAsync(string action, MiniProgramSession session) =>
        audit.DescribeAsync(new AuditEvent(action) { ActorId = ActorIdOf(session.OpenId), ActorRole = CandidateRole });

    private static readonly System.Security.Claims.ClaimsPrincipal Anonymous = new();

    /// <summary>The hash a session is stored under, for a bearer of the right form (43 base64url characters); else a 401 problem.</summary>
    private static string BearerHash(string? bearer) =>
        string.IsNullOrEmpty(bearer) || bearer.Length != 43 || !bearer.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')
            ? throw MiniProgramProblem.Unauthorized()
            : InvitationToken.Hash(bearer);

    private static string NewSessionToken() => Base64Url(RandomNumberGenerator.GetBytes(32));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
