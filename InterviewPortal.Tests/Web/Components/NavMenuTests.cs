using Bunit;
using InterviewPortal.Domain.Identity;
using InterviewPortal.Tests.TestSupport;
using InterviewPortal.Web.Components.Layout;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Interfaces;

namespace InterviewPortal.Tests.Web.Components;

public sealed class NavMenuTests
{
    [Theory]
    [InlineData(Roles.HR, "|interviews|calendar|candidates|reports|invitations/batch|positions|agencies|permission|scorecards/competencies")]
    [InlineData(Roles.Interviewer, "|interviews|calendar|candidates")]
    [InlineData(Roles.Agency, "|interviews|calendar|candidates|reports|invitations/batch")]
    [InlineData(Roles.Auditor, "|audit|audit/sessions|users")]
    [InlineData(Roles.Admin, "|interviews|calendar|candidates|reports|invitations/batch|positions|agencies|permission|scorecards/competencies|audit|audit/sessions|users|settings|privacy/retention|reminders|jobs")]
    public async Task NavMenu_LinksEachRoleToItsPages_InOrder(string role, string hrefs)
    {
        await using var ctx = PortalBunitContext.Create("zh-CN", role);

        var menu = ctx.Render<NavMenu>();

        Assert.Equal(hrefs.Split('|'), menu.FindAll("a.mud-nav-link").Select(a => a.GetAttribute("href")));
    }

    [Fact]
    public async Task NavMenu_MarksTheLinkOfTheCurrentPage_AndFollowsNavigation()
    {
        await using var ctx = PortalBunitContext.Create("en-US", Roles.HR);
        var navigation = ctx.Services.GetRequiredService<NavigationManager>();
        navigation.NavigateTo("interviews/6f1c2a4e-0000-4000-8000-000000000001?tab=history");

        var menu = ctx.Render<NavMenu>();

        var current = Assert.Single(menu.FindAll("a.mud-nav-link.active"));
        Assert.Equal("interviews", current.GetAttribute("href"));
        Assert.Equal("page", current.GetAttribute("aria-current"));
        Assert.Equal("Interviews", current.TextContent.Trim());

        navigation.NavigateTo("");

        menu.WaitForAssertion(() => Assert.Equal("", Assert.Single(menu.FindAll("a.mud-nav-link.active")).GetAttribute("href")));
        Assert.Null(menu.Find("a[href=interviews]").GetAttribute("aria-current"));
    }

    [Fact]
    public async Task NavMenu_AdministrationGroup_FoldsAwayAndBack_SayingSoToAssistiveTechnology()
    {
        await using var ctx = PortalBunitContext.Create("zh-CN", Roles.Admin);
        var menu = ctx.Render<NavMenu>();
        var toggle = menu.Find("button[aria-controls=nav-administration]");
        Assert.Equal("true", toggle.GetAttribute("aria-expanded"));
        Assert.Equal("展开或收起 系统管理", toggle.GetAttribute("aria-label"));

        toggle.Click();

        Assert.Equal("false", menu.Find("button[aria-controls=nav-administration]").GetAttribute("aria-expanded"));
        Assert.True(menu.Find("#nav-administration").ParentElement!.ParentElement!.ParentElement!.HasAttribute("hidden"));

        menu.Find("button[aria-controls=nav-administration]").Click();

        Assert.Equal("true", menu.Find("button[aria-controls=nav-administration]").GetAttribute("aria-expanded"));
        Assert.False(menu.Find("#nav-administration").ParentElement!.ParentElement!.ParentElement!.HasAttribute("hidden"));
    }

    [Fact]
    public async Task NavMenu_AClickedLink_TellsTheDrawer_SoAnOverlayDrawerClosesAfterTheNavigation()
    {
        await using var ctx = PortalBunitContext.Create("zh-CN", Roles.HR);
        var drawer = new DrawerSpy();
        var menu = ctx.Render<CascadingValue<INavigationEventReceiver>>(p => p.Add(x => x.Value, drawer).AddChildContent<NavMenu>());

        menu.Find("a[href=candidates]").Click();

        Assert.Equal(1, drawer.Navigations);
    }

    private sealed class DrawerSpy : INavigationEventReceiver
    {
        public int Navigations { get; private set; }

        public Task OnNavigation()
        {
            Navigations++;
            return Task.CompletedTask;
        }
    }
}
