using System.Globalization;
using System.Security.Claims;
using InterviewPortal.Web.Data;
using InterviewPortal.Web.Features.Identity;

namespace InterviewPortal.Web.Features.Shared;

/// <summary>Shows UTC times in the viewer's time zone (their profile's, default Asia/Shanghai) and culture.</summary>
public sealed class UserClock(ClientOrigin origin, TimeProvider clock)
{
    private TimeZoneInfo? _zone;

    public async Task<TimeZoneInfo> ZoneAsync()
    {
        if (_zone is not null)
        {
            return _zone;
        }

        var user = await origin.GetUserAsync();
        var id = user.FindFirstValue(PortalClaims.TimeZone) ?? ApplicationUser.DefaultTimeZone;
        _zone = TimeZoneInfo.TryFindSystemTimeZoneById(id, out var tz) ? tz : TimeZoneInfo.FindSystemTimeZoneById(ApplicationUser.DefaultTimeZone);
        return _zone;
    }

    /// <summary>Zone to use before <see cref="ZoneAsync"/> has run (the default).</summary>
    public TimeZoneInfo Zone => _zone ?? TimeZoneInfo.FindSystemTimeZoneById(ApplicationUser.DefaultTimeZone);

    public DateTime ToLocal(DateTime utc) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Zone);

    /// <summary>A wall-clock time in the viewer's zone as UTC; a time skipped by a daylight-saving change is refused.</summary>
    public DateTime ToUtc(DateTime local)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        return Zone.IsInvalidTime(local)
            ? throw new InterviewPortal.Domain.DomainException("InterviewStartInvalidLocalTime")
            : TimeZoneInfo.ConvertTimeToUtc(local, Zone);
    }

    public string Format(DateTime utc, string format = "g") => ToLocal(utc).ToString(format, CultureInfo.CurrentCulture);

    public DateTime LocalToday => TimeZoneInfo.ConvertTimeFromUtc(clock.GetUtcNow().UtcDateTime, Zone).Date;
}
