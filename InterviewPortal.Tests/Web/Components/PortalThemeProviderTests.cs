using Bunit;
using InterviewPortal.Tests.TestSupport;
using InterviewPortal.Web.Components.Layout;
using MudBlazor;

namespace InterviewPortal.Tests.Web.Components;

public sealed class PortalThemeProviderTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task PortalThemeProvider_RendersExactlyWhatMudThemeProviderRenders(bool dark)
    {
        await using var ctx = PortalBunitContext.Create("zh-CN");

        var mud = ctx.Render<MudThemeProvider>(p => p.Add(x => x.Theme, PortalTheme.Theme).Add(x => x.IsDarkMode, dark));
        var portal = ctx.Render<PortalThemeProvider>(p => p.Add(x => x.Theme, PortalTheme.Theme).Add(x => x.IsDarkMode, dark));
        var again = ctx.Render<PortalThemeProvider>(p => p.Add(x => x.Theme, PortalTheme.Theme).Add(x => x.IsDarkMode, dark));

        Assert.Contains("--mud-palette-primary", mud.Markup);
        Assert.Equal(mud.Markup, portal.Markup);
        Assert.Equal(mud.Markup, again.Markup);
    }

    [Fact]
    public async Task PortalThemeProvider_SwitchesToTheDarkSheet_WhenTheModeChanges()
    {
        await using var ctx = PortalBunitContext.Create("zh-CN");
        var dark = ctx.Render<MudThemeProvider>(p => p.Add(x => x.Theme, PortalTheme.Theme).Add(x => x.IsDarkMode, true)).Markup;
        var portal = ctx.Render<PortalThemeProvider>(p => p.Add(x => x.Theme, PortalTheme.Theme).Add(x => x.IsDarkMode, false));
        Assert.NotEqual(dark, portal.Markup);

        portal.Render(p => p.Add(x => x.IsDarkMode, true));

        Assert.Equal(dark, portal.Markup);
    }
}
