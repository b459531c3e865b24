using System.Security.Claims;
using InterviewPortal.Domain;
using InterviewPortal.Domain.Identity;
using InterviewPortal.Web.Features.Identity;

namespace InterviewPortal.Web.Features.Shared;

/// <summary>The signed-in person a service acts for: id, roles and, for agency users, their agency.</summary>
public sealed record Caller(string UserId, IReadOnlySet<string> Roles, Guid? AgencyId)
{
    public bool IsAdmin => Roles.Contains(Domain.Identity.Roles.Admin);

    public bool IsHR => Roles.Contains(Domain.Identity.Roles.HR);

    /// <summary>Admin or HR: sees every candidate and interview.</summary>
    public bool IsRecruiter => IsAdmin || IsHR;

    /// <summary>An agency user who is nothing more: every query is limited to their agency.</summary>
    public bool IsAgencyOnly => !IsRecruiter && Roles.Contains(Domain.Identity.Roles.Agency);

    public bool IsInterviewer => Roles.Contains(Domain.Identity.Roles.Interviewer);

    /// <summary>Admin or Auditor: reads the audit log and every session log.</summary>
    public bool IsAuditReader => IsAdmin || Roles.Contains(Domain.Identity.Roles.Auditor);

    public static Caller From(ClaimsPrincipal user)
    {
        if (user.Identity?.IsAuthenticated != true)
        {
            throw new DomainException("NotAllowed");
        }

        var roles = user.FindAll(ClaimTypes.Role).Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
        Guid? agency = Guid.TryParse(user.FindFirstValue(PortalClaims.AgencyId), out var a) ? a : null;
        return new Caller(user.FindFirstValue(ClaimTypes.NameIdentifier)!, roles, agency);
    }

    public void RequireAuditReader()
    {
        if (!IsAuditReader)
        {
            throw new DomainException("NotAllowed");
        }
    }

    public void RequireRecruiter()
    {
        if (!IsRecruiter)
        {
            throw new DomainException("NotAllowed");
        }
    }
}

public static class CallerExtensions
{
    public static async Task<Caller> GetCallerAsync(this ClientOrigin origin) => Caller.From(await origin.GetUserAsync());
}
