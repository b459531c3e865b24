using System.Security.Claims;
using InterviewPortal.Web.Features.Settings;

namespace InterviewPortal.Web.Features.Identity;

/// <summary>
/// Keeps a signed-in user on the account pages until they have done what the portal requires first: change a
/// generated password, and set up two-factor sign-in when their role requires it.
/// </summary>
public sealed class AccountGate(RequestDelegate next)
{
    public const string ChangePasswordPath = "/Account/Manage/ChangePassword";
    public const string EnableAuthenticatorPath = "/Account/Manage/EnableAuthenticator";

    public async Task InvokeAsync(HttpContext context, SettingsService settings)
    {
        var user = context.User;
        if (user.Identity?.IsAuthenticated != true || IsAlwaysAllowed(context.Request.Path))
        {
            await next(context);
            return;
        }

        string? requiredPage = null;
        if (user.HasClaim(PortalClaims.MustChangePassword, "1"))
        {
            requiredPage = ChangePasswordPath;
        }
        else if (!user.HasClaim(PortalClaims.TwoFactor, "1")
            && (await settings.GetSecurityAsync(context.RequestAborted)).RequiresTwoFactor(user.FindAll(ClaimTypes.Role).Select(c => c.Value)))
        {
            requiredPage = EnableAuthenticatorPath;
        }

        if (requiredPage is null || context.Request.Path.StartsWithSegments(requiredPage, StringComparison.OrdinalIgnoreCase))
        {
            await next(context);
            return;
        }

        if (context.Request.Path.StartsWithSegments("/_blazor") || context.Request.Path.StartsWithSegments("/api"))
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return;
        }

        context.Response.Redirect($"{context.Request.PathBase}{requiredPage}?required=1");
    }

    private static bool IsAlwaysAllowed(PathString path) =>
        path.StartsWithSegments("/Account/Logout", StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments("/Account/Manage/GenerateRecoveryCodes", StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments("/culture", StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments("/_framework", StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments("/_content", StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments("/lib", StringComparison.OrdinalIgnoreCase)
        || StaticFileExtensions.Contains(Path.GetExtension(path.Value ?? ""));

    // Only the static assets the pages need (styles, scripts, images, fonts), not any path that happens to hold a dot.
    private static readonly HashSet<string> StaticFileExtensions = new(StringComparer.OrdinalIgnoreCase)
    {
        ".css", ".js", ".mjs", ".map", ".png", ".ico", ".svg", ".jpg", ".webp", ".woff", ".woff2", ".ttf",
    };
}
