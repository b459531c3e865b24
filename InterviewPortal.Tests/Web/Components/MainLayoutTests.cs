using Bunit;
using InterviewPortal.Domain.Identity;
using InterviewPortal.Tests.TestSupport;
using InterviewPortal.Web.Components.Layout;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace InterviewPortal.Tests.Web.Components;

public sealed class MainLayoutTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private static PortalBunitContext Create() => PortalBunitContext.Create("zh-CN", Roles.HR);

    [Fact]
    public async Task AppBarMenus_AreStandInsUntilThePointerReachesTheAppBar_ThenMudMenus()
    {
        await using var ctx = Create();
        var layout = ctx.Render<MainLayout>(p => p.Add(x => x.Body, (RenderFragment)(b => b.AddContent(0, "page"))));
        Assert.Empty(layout.FindComponents<MudMenu>());
        Assert.Equal("menu", layout.Find("[data-testid=language-menu] button").GetAttribute("aria-haspopup"));
        Assert.Contains("测试用户", layout.Find("[data-testid=user-menu]").TextContent);

        layout.Find("header").PointerEnter();

        layout.WaitForAssertion(() => Assert.Equal(2, layout.FindComponents<MudMenu>().Count), Wait);
        Assert.False(layout.Find("header").HasAttribute("blazor:onpointerenter"));
    }

    [Fact]
    public async Task ALanguageMenuStandIn_Clicked_OpensTheLanguageMenu()
    {
        await using var ctx = Create();
        var layout = ctx.Render<MainLayout>(p => p.Add(x => x.Body, (RenderFragment)(b => b.AddContent(0, "page"))));

        layout.Find("[data-testid=language-menu] button").Click();

        // The layout's own MudPopoverProvider shows the open menu.
        layout.WaitForAssertion(() => Assert.Contains("English", layout.Find(".mud-popover-open [data-testid=lang-en]").TextContent), Wait);
        Assert.Contains("culture/set?culture=en-US", layout.Find("[data-testid=lang-en]").OuterHtml);
    }

    [Theory]
    [InlineData("[data-testid=language-menu] button")]
    [InlineData("[data-testid=user-menu] [role=button]")]
    public async Task AMenuStandInThatGetsTheFocus_PassesItToItsMudMenu(string standIn)
    {
        await using var ctx = Create();
        var layout = ctx.Render<MainLayout>(p => p.Add(x => x.Body, (RenderFragment)(b => b.AddContent(0, "page"))));

        Assert.DoesNotContain(ctx.JSInterop.Invocations, i => i.Identifier == "mudElementRef.focusFirst");

        layout.Find(standIn).Focus();

        layout.WaitForAssertion(() => Assert.Equal(2, layout.FindComponents<MudMenu>().Count), Wait);
        // The stand-in is gone from the page: the first focusable element of its menu's wrapper (the activator) takes the focus.
        var focusing = Assert.Single(ctx.JSInterop.Invocations, i => i.Identifier == "mudElementRef.focusFirst");
        Assert.False(string.IsNullOrEmpty(((ElementReference)focusing.Arguments[0]!).Id));
        Assert.Equal("d-contents", layout.Find(standIn.Split(' ')[0]).ParentElement!.ClassName);
    }

    [Fact]
    public async Task FocusReachingTheNavigation_MakesTheAppBarMenus()
    {
        await using var ctx = Create();
        var layout = ctx.Render<MainLayout>(p => p.Add(x => x.Body, (RenderFragment)(b => b.AddContent(0, "page"))));

        layout.Find("[data-testid=nav]").ParentElement!.FocusIn();

        layout.WaitForAssertion(() => Assert.Equal(2, layout.FindComponents<MudMenu>().Count), Wait);
    }
}
