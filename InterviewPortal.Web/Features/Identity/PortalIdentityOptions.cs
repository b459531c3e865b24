using System.ComponentModel.DataAnnotations;

namespace InterviewPortal.Web.Features.Identity;

/// <summary><c>Identity:*</c> settings.</summary>
public sealed class PortalIdentityOptions
{
    [Range(3, 20)]
    public int MaxFailedAccessAttempts { get; set; } = 5;

    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How often an open interactive page re-checks the user (disabled, demoted, password changed).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:01:00")]
    public TimeSpan RevalidationInterval { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary><c>Bootstrap:*</c> settings: the first admin of an empty database.</summary>
public sealed class BootstrapOptions
{
    [Required]
    [EmailAddress]
    public string AdminEmail { get; set; } = "admin@interviewportal.local";

    /// <summary>When absent, a random password is generated and printed once to the console.</summary>
    public string? AdminPassword { get; set; }
}
