namespace InterviewPortal.Web.Data;

/// <summary>An admin-editable setting stored as JSON under a stable key.</summary>
public sealed class PortalSetting
{
    public string Key { get; set; } = "";

    public string ValueJson { get; set; } = "";

    public DateTime UpdatedAtUtc { get; set; }

    public string? UpdatedBy { get; set; }
}
