using InterviewPortal.Domain.Permission;
using InterviewPortal.Web.Data;
using InterviewPortal.Web.Integrations.Zego;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace InterviewPortal.Web.Features.Permission;

/// <summary>
/// How many pending invitations a join-mode change affects (implemented by the invitations feature).
/// </summary>
public interface IPendingInvitationCounter
{
    Task<int> CountPendingAsync(CancellationToken ct = default);
}

/// <summary>
/// The single source of the join mode: the permission state. Enabled → <see cref="JoinMode.NativePusher"/>; any other
/// state → <see cref="JoinMode.ZegoPlugin"/> when <c>Zego:PluginEnabled</c> is true, else <see cref="JoinMode.H5WebView"/>.
/// Invitations ask it at join time, so pending ones follow a state change without being re-sent.
/// </summary>
public sealed class JoinModeService(IDbContextFactory<AppDbContext> dbFactory, IOptions<ZegoOptions> zego)
{
    public bool PluginEnabled => zego.Value.PluginEnabled;

    public JoinMode ModeFor(PermissionState state) =>
        state == PermissionState.Enabled ? JoinMode.NativePusher : PluginEnabled ? JoinMode.ZegoPlugin : JoinMode.H5WebView;

    /// <summary>The mode in force: native when the mini-program's application (any, when no AppID is given) is Enabled.</summary>
    public async Task<JoinMode> CurrentAsync(string? appId = null, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var enabled = await db.PermissionApplications.AsNoTracking()
            .AnyAsync(a => a.State == PermissionState.Enabled && (appId == null || a.AppId == appId), ct);
        return ModeFor(enabled ? PermissionState.Enabled : PermissionState.NotStarted);
    }
}
