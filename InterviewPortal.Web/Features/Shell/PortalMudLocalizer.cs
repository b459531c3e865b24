using InterviewPortal.Web.Resources;
using Microsoft.Extensions.Localization;
using MudBlazor;

namespace InterviewPortal.Web.Features.Shell;

/// <summary>MudBlazor's built-in texts (pager, dialogs, pickers) from the portal's own resources.</summary>
public sealed class PortalMudLocalizer(IStringLocalizer<Strings> strings) : MudLocalizer
{
    public override LocalizedString this[string key] => strings[key];

    public override LocalizedString this[string key, params object[] arguments] => strings[key, arguments];
}
