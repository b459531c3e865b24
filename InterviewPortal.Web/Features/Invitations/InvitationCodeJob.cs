using InterviewPortal.Domain.Invitations;
using InterviewPortal.Web.Data;
using InterviewPortal.Web.Integrations.QrCodes;
using InterviewPortal.Web.Integrations.WeChat;
using InterviewPortal.Web.Setup;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace InterviewPortal.Web.Features.Invitations;

/// <summary>
/// Makes invitation codes ahead of time, so an HR user opening a card or a day's batch never waits on WeChat: a WeChat
/// mini-program code (scene = the token) when WeChat is configured, otherwise a standard QR code of the link. Queued
/// when an invitation is issued; a sweep every few minutes makes any that were missed (a restart between commit and
/// queue, or WeChat refusing for a while). A failure is kept on the invitation and rethrown, so Hangfire retries it.
/// </summary>
public sealed class InvitationCodeJob(
    IDbContextFactory<AppDbContext> dbFactory, InvitationTokenProtector protector, InvitationFiles files, QrCodeService qr, WeChatClient weChat,
    IOptions<PortalOptions> portal, TimeProvider clock, ILogger<InvitationCodeJob> log)
{
    public const string SweepJobId = "invitation-codes";

    public async Task MakeAsync(Guid invitationId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var invitation = await db.Invitations.FirstOrDefaultAsync(i => i.Id == invitationId, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        if (invitation is null || invitation.CodeReadyAtUtc is not null || !invitation.IsUsableAt(now))
        {
            return;
        }

        var token = protector.Unprotect(invitation.ProtectedToken);
        if (token is null)
        {
            invitation.RecordCodeFailure("The invitation token key changed; re-issue the invitation.");
            await db.SaveChangesAsync(ct);
            log.LogError("Invitation {InvitationId}: token cannot be decrypted with the current key; no code made", invitationId);
            return;
        }

        byte[] image;
        InvitationCodeKind kind;
        if (weChat.IsConfigured)
        {
            try
            {
                image = (await weChat.GetUnlimitedCodeAsync(token, ct)).Content;
                kind = InvitationCodeKind.MiniProgramCode;
            }
            catch (WeChatException ex)
            {
                // Kept for the card ("the link's QR code works meanwhile") and retried by Hangfire and the sweep.
                invitation.RecordCodeFailure($"{ex.Api} {ex.ErrCode} {ex.ErrMsg}".Trim());
                await db.SaveChangesAsync(CancellationToken.None);
                log.LogWarning(ex, "Invitation {InvitationId}: WeChat refused the mini-program code ({ErrCode})", invitationId, ex.ErrCode);
                throw;
            }
        }
        else
        {
            image = qr.RenderPng(InvitationService.LinkFor(portal.Value, token));
            kind = InvitationCodeKind.LinkQrCode;
        }

        await files.WriteAsync(invitation.Id, image, ct);
        invitation.RecordCodeReady(kind, now);
        await db.SaveChangesAsync(ct);
        log.LogInformation("Invitation {InvitationId}: {CodeKind} made", invitationId, kind);
    }

    /// <summary>
    /// Makes the codes of usable invitations that have none yet (at most <paramref name="max"/> a run, well under
    /// WeChat's 5,000 a minute); stops at the first quota refusal rather than hammering WeChat.
    /// </summary>
    public async Task SweepAsync(int max, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        List<Guid> ids;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            ids = await db.Invitations.AsNoTracking()
                .Where(i => i.RevokedAtUtc == null && i.ExpiresAtUtc > now && i.CodeReadyAtUtc == null)
                .OrderBy(i => i.CreatedAtUtc).Select(i => i.Id).Take(max).ToListAsync(ct);
        }

        foreach (var id in ids)
        {
            try
            {
                await MakeAsync(id, ct);
            }
            catch (WeChatQuotaReachedException)
            {
                log.LogWarning("Invitation code sweep stopped: WeChat quota reached; {Left} codes wait for the next run", ids.Count - ids.IndexOf(id));
                return;
            }
            catch (WeChatException)
            {
                // Recorded on the invitation and logged by MakeAsync; the others still get their codes.
            }
        }
    }
}
