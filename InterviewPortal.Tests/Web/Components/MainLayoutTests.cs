using Bunit;
using InterviewPortal.Domain.Identity;
using InterviewPortal.Tests.TestSupport;
using InterviewPortal.Web.Components.Layout;
using InterviewPortal.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Time.Testing;
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

    /// <summary>The press alone opens the menu (the release may land on the activator that replaced the stand-in; AppBarMenusBrowserTests), but only the primary button's.</summary>
    [Theory]
    [InlineData("[data-testid=language-menu] button", "[data-testid=lang-en]")]
    [InlineData("[data-testid=user-menu] [role=button]", "[data-testid=logout]")]
    public async Task AMenuStandIn_PressedWithThePrimaryButton_OpensItsMenu_AnotherButtonDoesNot(string standIn, string item)
    {
        await using var ctx = Create();
        var layout = ctx.Render<MainLayout>(p => p.Add(x => x.Body, (RenderFragment)(b => b.AddContent(0, "page"))));

        layout.Find(standIn).PointerDown(new Microsoft.AspNetCore.Components.Web.PointerEventArgs { Button = 2 });
        Assert.Empty(layout.FindComponents<MudMenu>());

        layout.Find(standIn).PointerDown(new Microsoft.AspNetCore.Components.Web.PointerEventArgs { Button = 0 });

        layout.WaitForAssertion(() => Assert.NotNull(layout.Find($".mud-popover-open {item}")), Wait);
        Assert.Equal(2, layout.FindComponents<MudMenu>().Count);
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
    public async Task AMenuOpenedThenClosed_GoesBackToItsStandIn_OnceThePointerHasLeftTheAppBar_ButNotWhileOpen()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var ctx = PortalBunitContext.Create(clock, "zh-CN", Roles.HR);
        var layout = ctx.Render<MainLayout>(p => p.Add(x => x.Body, (RenderFragment)(b => b.AddContent(0, "page"))));
        layout.Find("[data-testid=language-menu] button").Click();
        layout.WaitForAssertion(() => Assert.NotNull(layout.Find(".mud-popover-open [data-testid=lang-en]")), Wait);

        // Open: the pointer leaving the app bar does not take it down.
        layout.Find("header").PointerLeave();
        clock.Advance(StandInRelease.Delay);
        await ctx.Renderer.Dispatcher.InvokeAsync(() => { });
        Assert.Equal(2, layout.FindComponents<MudMenu>().Count);
        Assert.DoesNotContain(ctx.JSInterop.Invocations, i => i.Identifier == "portal.inUse");

        // Closed from its activator (a toggle), then the pointer leaves.
        layout.Find("[data-testid=language-menu] button").Click();
        layout.WaitForAssertion(() => Assert.Empty(layout.FindAll(".mud-popover-open [data-testid=lang-en]")), Wait);
        layout.Find("header").PointerLeave();
        clock.Advance(StandInRelease.Delay);

        layout.WaitForAssertion(() => Assert.Empty(layout.FindComponents<MudMenu>()), Wait);
        var asked = Assert.Single(ctx.JSInterop.Invocations, i => i.Identifier == "portal.inUse");
        // The focus is looked for in the app bar and the navigation, the pointer over the app bar only.
        var focusAreas = (ElementReference[])asked.Arguments[0]!;
        Assert.Equal(2, focusAreas.Select(e => e.Id).Where(id => !string.IsNullOrEmpty(id)).Distinct().Count());
        Assert.Equal([focusAreas[0].Id], ((ElementReference[])asked.Arguments[1]!).Select(e => e.Id));
        var standIn = layout.Find("[data-testid=language-menu] button");
        Assert.Equal("menu", standIn.GetAttribute("aria-haspopup"));
        Assert.Equal("false", standIn.GetAttribute("aria-expanded"));
        Assert.Equal("语言", standIn.GetAttribute("aria-label"));
        Assert.Contains("测试用户", layout.Find("[data-testid=user-menu] [role=button]").TextContent);
        Assert.False(layout.Find("header").HasAttribute("blazor:onpointerleave"));

        layout.Find("header").PointerEnter();

        layout.WaitForAssertion(() => Assert.Equal(2, layout.FindComponents<MudMenu>().Count), Wait);
    }

    [Fact]
    public async Task Menus_StayWhileTheBrowserSaysTheFocusIsInTheAppBarOrTheNavigation()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var ctx = PortalBunitContext.Create(clock, "zh-CN", Roles.HR);
        ctx.JSInterop.Setup<bool>("portal.inUse", _ => true).SetResult(true);
        var layout = ctx.Render<MainLayout>(p => p.Add(x => x.Body, (RenderFragment)(b => b.AddContent(0, "page"))));
        layout.Find("[data-testid=nav]").ParentElement!.FocusIn();
        layout.WaitForAssertion(() => Assert.Equal(2, layout.FindComponents<MudMenu>().Count), Wait);

        layout.Find("[data-testid=nav]").ParentElement!.FocusOut();
        clock.Advance(StandInRelease.Delay);

        layout.WaitForAssertion(() => Assert.Single(ctx.JSInterop.Invocations, i => i.Identifier == "portal.inUse"), Wait);
        await ctx.Renderer.Dispatcher.InvokeAsync(() => { });
        Assert.Equal(2, layout.FindComponents<MudMenu>().Count);
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
