namespace InterviewPortal.Web.Setup;

/// <summary>A setting is missing or wrong. The message names the setting and what would be accepted.</summary>
public sealed class PortalConfigurationException(string setting, string problem)
    : Exception($"Configuration error in '{setting}': {problem}")
{
    public string Setting { get; } = setting;
}
