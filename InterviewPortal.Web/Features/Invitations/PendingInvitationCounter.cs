using InterviewPortal.Web.Data;
using InterviewPortal.Web.Features.Permission;
using Microsoft.EntityFrameworkCore;

namespace InterviewPortal.Web.Features.Invitations;

/// <summary>
/// How many invitations a join-mode change reaches: those still usable (not revoked, join window not closed). They
/// carry no mode of their own; the join API answers the mode in force, so they follow without being re-sent.
/// </summary>
public sealed class PendingInvitationCounter(IDbContextFactory<AppDbContext> dbFactory, TimeProvider clock) : IPendingInvitationCounter
{
    public async Task<int> CountPendingAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Invitations.CountAsync(i => i.RevokedAtUtc == null && i.ExpiresAtUtc > now, ct);
    }
}
