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
/// <remarks>
/// A singleton: every join asks for the mode, so the answer is kept for <see cref="CacheFor"/>.
/// <see cref="PermissionService"/> calls <see cref="Invalidate"/> once a state change is committed, so in this
/// process a change shows at once; another process (a second portal on the same database) sees it within
/// <see cref="CacheFor"/>. Anything that changes permission states behind the service's back must call
/// <see cref="Invalidate"/> too.
/// </remarks>
public sealed class JoinModeService(IDbContextFactory<AppDbContext> dbFactory, IOptions<ZegoOptions> zego, TimeProvider clock)
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(2);

    private readonly Lock _gate = new();
    private readonly Dictionary<string, (DateTime Until, JoinMode Mode)> _cache = [];
    private long _generation;

    public bool PluginEnabled => zego.Value.PluginEnabled;

    public JoinMode ModeFor(PermissionState state) =>
        state == PermissionState.Enabled ? JoinMode.NativePusher : PluginEnabled ? JoinMode.ZegoPlugin : JoinMode.H5WebView;

    /// <summary>The mode in force: native when the mini-program's application (any, when no AppID is given) is Enabled.</summary>
    public async Task<JoinMode> CurrentAsync(string? appId = null, CancellationToken ct = default)
    {
        var key = appId ?? "";
        var now = clock.GetUtcNow().UtcDateTime;
        long generation;
        lock (_gate)
        {
            if (_cache.TryGetValue(key, out var cached) && cached.Until > now)
            {
                return cached.Mode;
            }

            generation = _generation;
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var enabled = await db.PermissionApplications.AsNoTracking()
            .AnyAsync(a => a.State == PermissionState.Enabled && (appId == null || a.AppId == appId), ct);
        var mode = ModeFor(enabled ? PermissionState.Enabled : PermissionState.NotStarted);
        lock (_gate)
        {
            // A change committed while this read ran may not be in it: keep the answer only when none was.
            if (generation == _generation)
            {
                _cache[key] = (now + CacheFor, mode);
            }
        }

        return mode;
    }

    /// <summary>Forgets the cached mode: the next <see cref="CurrentAsync"/> reads the permission state again.</summary>
    public void Invalidate()
    {
        lock (_gate)
        {
            _generation++;
            _cache.Clear();
        }
    }
}
