namespace InterviewPortal.Web.Resources;

/// <summary>
/// Marker for the portal's user-facing strings: Strings.resx (Simplified Chinese, the neutral language) and
/// Strings.en.resx (English). Inject <c>IStringLocalizer&lt;Strings&gt;</c>.
/// </summary>
public sealed class Strings;
