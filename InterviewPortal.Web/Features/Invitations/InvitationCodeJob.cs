using InterviewPortal.Domain.Invitations;
using InterviewPortal.Web.Data;
using InterviewPortal.Web.Setup;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace InterviewPortal.Web.Features.Invitations;

/// <summary>
/// Makes invitation codes ahead of time, so an HR user opening a card or a day's batch never waits on WeChat: a WeChat
/// mini-program code when WeChat is configured, otherwise a standard QR code of the link. Queued when an invitation is
/// issued; a sweep every few minutes makes any that were missed (a restart between commit and queue).
/// </summary>
public sealed class InvitationCodeJob(
    IDbContextFactory<AppDbContext> dbFactory, InvitationTokenProtector protector, InvitationFiles files, IOptions<PortalOptions> portal,
    TimeProvider clock, ILogger<InvitationCodeJob> log)
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

        var (png, kind) = (QrCodes.Png(InvitationService.LinkFor(portal.Value, token)), InvitationCodeKind.LinkQrCode);
        await files.WriteAsync(invitation.Id, png, ct);
        invitation.RecordCodeReady(kind, now);
        await db.SaveChangesAsync(ct);
        log.LogInformation("Invitation {InvitationId}: {CodeKind} made", invitationId, kind);
    }

    /// <summary>Makes the codes of usable invitations that have none yet (at most <paramref name="max"/> a run).</summary>
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
            await MakeAsync(id, ct);
        }
    }
}
