using Bunit;
using InterviewPortal.Domain.Identity;
using InterviewPortal.Domain.Interviews;
using InterviewPortal.Domain.Recruiting;
using InterviewPortal.Tests.TestSupport;
using InterviewPortal.Web.Data;
using InterviewPortal.Web.Features.Interviews;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using InterviewPortal.Web.Components.Shared;
using InterviewPortal.Web.Features.Recruiting;
using MudBlazor;
using Position = InterviewPortal.Domain.Recruiting.Position;

namespace InterviewPortal.Tests.Web.Components;

public sealed class InterviewsPageTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task InterviewsPage_ShowsEachStartInTheViewersTimeZone_WithTheExactTimeAndZoneAsTitle_AndTheStatusAsItsLabel()
    {
        await using var ctx = PortalBunitContext.Create("zh-CN", Roles.HR);
        var start = DateTime.UtcNow.Date.AddDays(2).AddHours(1).AddMinutes(30);
        await SeedAsync(ctx, interviewers: 1, positions: 1, agencies: 0, firstStartUtc: start);

        var page = ctx.Render<InterviewsPage>();

        page.WaitForAssertion(() => Assert.Single(Rows(page)), Wait);
        // 01:30 UTC is 09:30 in Asia/Shanghai, the zone of a user who has not chosen one.
        var time = page.Find("[data-testid=interviews-grid] tbody tr td span[title]");
        Assert.Equal(start.AddHours(8).ToString("yyyy-MM-dd ddd HH:mm", new System.Globalization.CultureInfo("zh-CN")), time.TextContent);
        Assert.Equal($"{start.AddHours(8):yyyy-MM-dd} 09:30:00 (Asia/Shanghai)", time.GetAttribute("title"));
        Assert.Contains("已安排", page.Find("[data-testid=interviews-grid] tbody tr .mud-chip.mud-chip-color-info").TextContent);
    }

    [Fact]
    public async Task InterviewsPage_PagesSortsAndResizesOnTheServer_AndSaysWhereItIs()
    {
        await using var ctx = PortalBunitContext.Create("zh-CN", Roles.HR);
        await SeedAsync(ctx, interviewers: 3, positions: 1, agencies: 0, interviews: 30);
        var page = ctx.Render<InterviewsPage>();
        page.WaitForAssertion(() => Assert.Equal(25, Rows(page).Count), Wait);
        Assert.Equal("候选人0", Rows(page)[0].Cells[1].TextContent);
        Assert.Equal("第 1-25 条，共 30 条", page.Find("[data-testid=interviews-page-info]").TextContent);
        Assert.True(page.Find("button[aria-label=上一页]").HasAttribute("disabled"));

        page.Find("button[aria-label=下一页]").Click();

        page.WaitForAssertion(() => Assert.Equal(["候选人25", "候选人26", "候选人27", "候选人28", "候选人29"], Rows(page).Select(r => r.Cells[1].TextContent)), Wait);
        Assert.Equal("第 26-30 条，共 30 条", page.Find("[data-testid=interviews-page-info]").TextContent);
        Assert.True(page.Find("button[aria-label=下一页]").HasAttribute("disabled"));
        Assert.Equal("ascending", page.Find("th[aria-sort]").GetAttribute("aria-sort"));

        page.Find("button[aria-label=排序]").Click();

        page.WaitForAssertion(() => Assert.Equal("候选人29", Rows(page)[0].Cells[1].TextContent), Wait);
        Assert.Equal("descending", page.Find("th[aria-sort]").GetAttribute("aria-sort"));
        Assert.Equal("第 1-25 条，共 30 条", page.Find("[data-testid=interviews-page-info]").TextContent);

        page.Find("select[data-testid=interviews-page-size]").Change("50");

        page.WaitForAssertion(() => Assert.Equal(30, Rows(page).Count), Wait);
        Assert.Equal("第 1-30 条，共 30 条", page.Find("[data-testid=interviews-page-info]").TextContent);
        Assert.Matches("^interviews/[0-9a-f-]{36}$", Rows(page)[0].Cells[1].QuerySelector("a")!.GetAttribute("href"));
    }

    [Fact]
    public async Task InterviewsPage_AFilterChosenOnALaterPage_StartsAgainAtTheFirstPage()
    {
        await using var ctx = PortalBunitContext.Create("zh-CN", Roles.HR);
        var world = await SeedAsync(ctx, interviewers: 2, positions: 1, agencies: 0, interviews: 60);
        var page = ctx.Render<InterviewsPage>();
        page.WaitForAssertion(() => Assert.Equal(25, Rows(page).Count), Wait);
        page.Find("button[aria-label=下一页]").Click();
        page.WaitForAssertion(() => Assert.Equal("第 26-50 条，共 60 条", page.Find("[data-testid=interviews-page-info]").TextContent), Wait);

        ctx.Services.GetRequiredService<NavigationManager>().NavigateTo($"interviews?interviewer={Uri.EscapeDataString(world.Interviewers[1])}");

        page.WaitForAssertion(() => Assert.Equal("第 1-25 条，共 30 条", page.Find("[data-testid=interviews-page-info]").TextContent), Wait);
        Assert.All(Rows(page), r => Assert.Equal("面试官1", r.Cells[4].TextContent));
    }

    [Fact]
    public async Task Filters_PutTheDatesStatusRoundAndSearchInTheAddress_AndTheirClearButtonsTakeThemOut()
    {
        await using var ctx = PortalBunitContext.Create("zh-CN", Roles.HR);
        await SeedAsync(ctx, interviewers: 2, positions: 1, agencies: 0);
        var navigation = ctx.Services.GetRequiredService<NavigationManager>();
        var page = ctx.Render<InterviewsPage>();
        page.WaitForAssertion(() => Assert.Equal(2, Rows(page).Count), Wait);

        page.Find("#interviews-from").Change("2030-01-02");
        page.WaitForAssertion(() => Assert.Contains("from=2030-01-02", navigation.Uri), Wait);
        page.Find("#interviews-to").Change("2030-01-31");
        page.WaitForAssertion(() => Assert.Contains("to=2030-01-31", navigation.Uri), Wait);
        page.Find("#interviews-status").Change(nameof(InterviewStatus.Cancelled));
        page.WaitForAssertion(() => Assert.Contains("status=Cancelled", navigation.Uri), Wait);
        page.Find("#interviews-round").Change(nameof(InterviewRound.Final));
        page.WaitForAssertion(() => Assert.Contains("round=Final", navigation.Uri), Wait);
        page.Find("#interviews-search").Change("张");
        page.WaitForAssertion(() => Assert.Contains($"q={Uri.EscapeDataString("张")}", navigation.Uri), Wait);
        page.WaitForAssertion(() => Assert.Equal("2030-01-02", page.Find("#interviews-from").GetAttribute("value")), Wait);
        Assert.NotNull(page.Find("#interviews-status option[value=Cancelled]").GetAttribute("selected"));
        Assert.NotNull(page.Find("#interviews-round option[value=Final]").GetAttribute("selected"));

        foreach (var field in new[] { "interviews-from", "interviews-search" })
        {
            page.Find($"#{field} ~ button.mud-input-clear-button").Click();
        }

        page.WaitForAssertion(() =>
        {
            Assert.DoesNotContain("from=", navigation.Uri);
            Assert.DoesNotContain("q=", navigation.Uri);
        }, Wait);
        Assert.Contains("to=2030-01-31", navigation.Uri);
        page.Find("#interviews-status").Change("");
        page.WaitForAssertion(() => Assert.DoesNotContain("status=", navigation.Uri), Wait);
    }

    [Fact]
    public async Task ADateWhoseYearIsStillBeingTyped_IsNotRenderedBackIntoItsInput_NorPutInTheAddress()
    {
        await using var ctx = PortalBunitContext.Create("zh-CN", Roles.HR);
        var navigation = ctx.Services.GetRequiredService<NavigationManager>();
        var page = ctx.Render<InterviewsPage>();
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=interviews-page-info]")), Wait);

        // Chromium's change events while "2026" is typed into the year of 03/15/____.
        page.Find("#interviews-from").Change("0002-03-15");
        page.Find("#interviews-from").Change("0020-03-15");

        // The input keeps what the browser has: the page writes nothing into it (a late write would restart the year).
        Assert.Null(page.Find("#interviews-from").GetAttribute("value"));
        Assert.DoesNotContain("from=", navigation.Uri);

        page.Find("#interviews-from").Change("2026-03-15");

        page.WaitForAssertion(() => Assert.EndsWith("from=2026-03-15", navigation.Uri), Wait);
        Assert.Equal("2026-03-15", page.Find("#interviews-from").GetAttribute("value"));
    }

    [Fact]
    public async Task TwoFiltersChosenBeforeTheAddressCatchesUp_BothEndInTheAddress_AndTheControlsShowThemMeanwhile()
    {
        await using var ctx = PortalBunitContext.Create("zh-CN", Roles.HR);
        var navigation = ctx.Services.GetRequiredService<NavigationManager>();
        var page = ctx.Render<InterviewsPage>();
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=interviews-page-info]")), Wait);
        // The browser's round trip: the first navigation waits until released (the second, started meanwhile, cancels it).
        var roundTrip = new TaskCompletionSource();
        var navigations = 0;
        using var _ = navigation.RegisterLocationChangingHandler(async _ =>
        {
            if (++navigations == 1)
            {
                await roundTrip.Task;
            }
        });

        page.Find("#interviews-status").Change(nameof(InterviewStatus.Cancelled));
        page.Find("#interviews-round").Change(nameof(InterviewRound.Final));

        Assert.NotNull(page.Find("#interviews-status option[value=Cancelled]").GetAttribute("selected"));
        Assert.NotNull(page.Find("#interviews-round option[value=Final]").GetAttribute("selected"));
        page.WaitForAssertion(() =>
        {
            Assert.Contains("status=Cancelled", navigation.Uri);
            Assert.Contains("round=Final", navigation.Uri);
        }, Wait);
        roundTrip.SetResult();
        Assert.Equal(2, navigations);
    }

    [Fact]
    public async Task EveryFilter_IsNamedByItsLabel()
    {
        await using var ctx = PortalBunitContext.Create("en-US", Roles.HR);
        var page = ctx.Render<InterviewsPage>();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("input[data-testid=interviews-interviewer]")), Wait);

        var labels = page.FindAll("label[for]").ToDictionary(l => l.GetAttribute("for")!, l => l.TextContent.Trim());
        var controls = page.FindAll("input:not([type=hidden]):not([type=checkbox]), select");

        Assert.Equal(9, controls.Count);
        Assert.All(controls, c => Assert.False(string.IsNullOrEmpty(labels.GetValueOrDefault(c.Id ?? ""))));
        Assert.Equal("Rows per page:", labels["interviews-page-size"]);
        Assert.Equal("My interviews", page.Find("input[role=switch]").ParentElement!.ParentElement!.ParentElement!.ParentElement!.TextContent.Trim());
    }

    [Fact]
    public async Task ForAnInterviewer_TheMineSwitchButNoPickersNorScheduleButton_AndPickerIdsInTheAddressAreNotLookedUp()
    {
        // The pickers' lookups are for recruiters only (they refuse anyone else): an interviewer's page must not call them.
        await using var ctx = PortalBunitContext.Create("zh-CN", Roles.Interviewer);
        ctx.Services.GetRequiredService<NavigationManager>().NavigateTo(
            $"interviews?interviewer=someone&position={Guid.NewGuid()}&agency={Guid.NewGuid()}");

        var page = ctx.Render<InterviewsPage>();

        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=interviews-page-info]")), Wait);
        page.WaitForAssertion(() => Assert.Contains("暂无记录", page.Find("[data-testid=interviews-grid] tbody").TextContent), Wait);
        Assert.NotNull(page.Find("input[role=switch][data-testid=interviews-mine]"));
        Assert.Empty(page.FindAll("[data-testid=interview-schedule]"));
        Assert.Empty(page.FindAll("#interviews-position, #interviews-interviewer, #interviews-agency"));
        page.Find("[data-testid=interviews-filters]").PointerEnter();
        Assert.Empty(page.FindAll("input[data-testid=interviews-agency]"));
    }

    [Fact]
    public async Task InterviewerPicker_OffersThePeopleWhoseNameContainsWhatIsTyped_AndPutsTheChosenOneInTheAddress()
    {
        await using var ctx = PortalBunitContext.Create("zh-CN", Roles.HR);
        var world = await SeedAsync(ctx, interviewers: 15, positions: 2, agencies: 0);
        var popovers = ctx.Render<MudPopoverProvider>();
        var page = ctx.Render<InterviewsPage>();
        page.WaitForAssertion(() => Assert.Equal(15, Rows(page).Count), Wait);
        page.Find("input[data-testid=interviews-interviewer]").Focus();
        page.WaitForAssertion(() => Assert.Single(page.FindComponents<MudAutocomplete<PersonOption>>()), Wait);

        page.Find("input[data-testid=interviews-interviewer]").Input("面试官1");

        popovers.WaitForAssertion(() => Assert.Equal(["面试官1", "面试官10", "面试官11", "面试官12", "面试官13", "面试官14"], Options(popovers)), Wait);
        popovers.FindAll(".mud-popover-open .mud-list-item").Single(i => i.TextContent.Contains("面试官12")).Click();

        page.WaitForAssertion(() => Assert.Contains($"interviewer={Uri.EscapeDataString(world.Interviewers[12])}", ctx.Services.GetRequiredService<NavigationManager>().Uri), Wait);
        page.WaitForAssertion(() => Assert.Equal("面试官12", Assert.Single(Rows(page)).Cells[4].TextContent.Trim()), Wait);
        Assert.Equal("面试官12", page.Find("input[data-testid=interviews-interviewer]").GetAttribute("value"));
    }

    [Fact]
    public async Task Pickers_ShowTheInterviewerPositionAndAgencyOfTheAddressByName_WhenThePageOpensOnIt()
    {
        await using var ctx = PortalBunitContext.Create("en-US", Roles.HR);
        var world = await SeedAsync(ctx, interviewers: 3, positions: 3, agencies: 2);
        ctx.Services.GetRequiredService<NavigationManager>().NavigateTo(
            $"interviews?interviewer={Uri.EscapeDataString(world.Interviewers[1])}&position={world.Positions[2]}&agency={world.Agencies[1]}");

        var page = ctx.Render<InterviewsPage>();

        page.WaitForAssertion(() =>
        {
            Assert.Equal("面试官1", page.Find("input[data-testid=interviews-interviewer]").GetAttribute("value"));
            Assert.Equal("职位2", page.Find("input[data-testid=interviews-position]").GetAttribute("value"));
            Assert.Equal("猎头1", page.Find("input[data-testid=interviews-agency]").GetAttribute("value"));
        }, Wait);
    }

    [Fact]
    public async Task Pickers_AreStandInsUntilThePointerReachesTheFilters_ThenMudAutocompletes_WithoutRenderingThePage()
    {
        await using var ctx = PortalBunitContext.Create("zh-CN", Roles.HR);
        await SeedAsync(ctx, interviewers: 1, positions: 1, agencies: 1);
        var page = ctx.Render<InterviewsPage>();
        page.WaitForAssertion(() => Assert.Single(Rows(page)), Wait);
        Assert.Empty(page.FindComponents<MudAutocomplete<AgencyOption>>());
        Assert.Equal("combobox", page.Find("input[data-testid=interviews-agency]").GetAttribute("role"));
        var pageRender = PageRender(page);

        page.Find("[data-testid=interviews-filters]").PointerEnter();

        page.WaitForAssertion(() =>
        {
            Assert.Single(page.FindComponents<MudAutocomplete<PositionOption>>());
            Assert.Single(page.FindComponents<MudAutocomplete<PersonOption>>());
            Assert.Single(page.FindComponents<MudAutocomplete<AgencyOption>>());
        }, Wait);
        // Only the pickers' part rendered: the page's tree (rows and all) is not kept twice for them (docs/perf.md).
        Assert.Equal(pageRender, PageRender(page));
        page.Find("[data-testid=interviews-filters]").PointerEnter();
        Assert.Single(page.FindComponents<MudAutocomplete<AgencyOption>>());
        Assert.Equal(pageRender, PageRender(page));
        Assert.DoesNotContain(ctx.JSInterop.Invocations, i => i.Identifier.Contains("focus", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task APickerStandIn_GivenTheFocus_PassesItToItsPicker()
    {
        await using var ctx = PortalBunitContext.Create("zh-CN", Roles.HR);
        var page = ctx.Render<InterviewsPage>();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("input[data-testid=interviews-position]")), Wait);

        page.Find("input[data-testid=interviews-position]").Focus();

        page.WaitForAssertion(() => Assert.Single(page.FindComponents<MudAutocomplete<PositionOption>>()), Wait);
        page.WaitForAssertion(() => ctx.JSInterop.VerifyFocusAsyncInvoke(), Wait);
    }

    [Fact]
    public async Task APickerUsedThenLeft_GoesBackToItsStandIn_ShowingTheChosenPosition_WithTheFilterKept_AndComesBackWithThePointer()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var ctx = PortalBunitContext.Create(clock, "zh-CN", Roles.HR);
        var world = await SeedAsync(ctx, interviewers: 2, positions: 2, agencies: 0);
        var navigation = ctx.Services.GetRequiredService<NavigationManager>();
        var popovers = ctx.Render<MudPopoverProvider>();
        var page = ctx.Render<InterviewsPage>();
        page.WaitForAssertion(() => Assert.Equal(2, Rows(page).Count), Wait);
        page.Find("[data-testid=interviews-filters]").PointerEnter();
        page.WaitForAssertion(() => Assert.Single(page.FindComponents<MudAutocomplete<PositionOption>>()), Wait);
        page.Find("input[data-testid=interviews-position]").Focus();
        popovers.WaitForAssertion(() => Assert.Equal(["职位0", "职位1"], popovers.FindAll(".mud-popover-open .mud-list-item").Select(i => i.TextContent.Trim())), Wait);
        popovers.FindAll(".mud-popover-open .mud-list-item").Single(i => i.TextContent.Contains("职位1")).Click();
        page.WaitForAssertion(() => Assert.Equal("职位1", Assert.Single(Rows(page)).Cells[2].TextContent), Wait);
        var address = navigation.Uri;
        Assert.Contains($"position={world.Positions[1]}", address);
        var renders = page.RenderCount;
        var pageRender = PageRender(page);

        page.Find("[data-testid=interviews-filters]").FocusOut();
        page.Find("[data-testid=interviews-filters]").PointerLeave();
        clock.Advance(StandInRelease.Delay - TimeSpan.FromMilliseconds(1));
        await ctx.Renderer.Dispatcher.InvokeAsync(() => { });

        // Leaving renders nothing, and the picker stays for the wait.
        Assert.Equal(renders, page.RenderCount);
        Assert.Single(page.FindComponents<MudAutocomplete<PositionOption>>());
        Assert.DoesNotContain(ctx.JSInterop.Invocations, i => i.Identifier == "portal.inUse");

        clock.Advance(TimeSpan.FromMilliseconds(1));

        // Loose JS interop answers false: the browser has neither the focus nor the pointer in the filters.
        page.WaitForAssertion(() => Assert.Empty(page.FindComponents<MudAutocomplete<PositionOption>>()), Wait);
        Assert.Empty(page.FindComponents<MudAutocomplete<PersonOption>>());
        Assert.Empty(page.FindComponents<MudAutocomplete<AgencyOption>>());
        var asked = Assert.Single(ctx.JSInterop.Invocations, i => i.Identifier == "portal.inUse");
        // The focus and the pointer are looked for in the filters (one element).
        var filters = Assert.Single((ElementReference[])asked.Arguments[0]!).Id;
        Assert.False(string.IsNullOrEmpty(filters));
        Assert.Equal([filters], ((ElementReference[])asked.Arguments[1]!).Select(e => e.Id));
        page.WaitForAssertion(() => Assert.Single(ctx.JSInterop.Invocations, i => i.Identifier == "portal.restoreFocus"), Wait);
        var standIn = page.Find("#interviews-position");
        Assert.Equal("职位1", standIn.GetAttribute("value"));
        Assert.Equal("combobox", standIn.GetAttribute("role"));
        Assert.Equal("false", standIn.GetAttribute("aria-expanded"));
        Assert.NotNull(page.Find("#interviews-position ~ button.mud-input-clear-button"));
        Assert.Equal(address, navigation.Uri);
        Assert.Equal("职位1", Assert.Single(Rows(page)).Cells[2].TextContent);
        // Only the pickers' part rendered.
        Assert.Equal(pageRender, PageRender(page));

        page.Find("[data-testid=interviews-filters]").PointerEnter();

        page.WaitForAssertion(() => Assert.Single(page.FindComponents<MudAutocomplete<PositionOption>>()), Wait);
        Assert.Equal("职位1", page.Find("input[data-testid=interviews-position]").GetAttribute("value"));
    }

    [Fact]
    public async Task Pickers_StayWhileTheBrowserSaysTheFocusOrThePointerIsStillInTheFilters()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var ctx = PortalBunitContext.Create(clock, "zh-CN", Roles.HR);
        ctx.JSInterop.Setup<bool>("portal.inUse", _ => true).SetResult(true);
        var page = ctx.Render<InterviewsPage>();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("input[data-testid=interviews-agency]")), Wait);
        page.Find("[data-testid=interviews-filters]").PointerEnter();
        page.WaitForAssertion(() => Assert.Single(page.FindComponents<MudAutocomplete<AgencyOption>>()), Wait);

        page.Find("[data-testid=interviews-filters]").FocusOut();
        clock.Advance(StandInRelease.Delay);

        page.WaitForAssertion(() => Assert.Single(ctx.JSInterop.Invocations, i => i.Identifier == "portal.inUse"), Wait);
        await ctx.Renderer.Dispatcher.InvokeAsync(() => { });
        Assert.Single(page.FindComponents<MudAutocomplete<AgencyOption>>());
        Assert.DoesNotContain(ctx.JSInterop.Invocations, i => i.Identifier == "portal.restoreFocus");
    }

    [Fact]
    public async Task APickerWhoseListIsOpen_StaysAfterThePointerLeaves_AndGoesBackToItsStandInOnceTheListCloses()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var ctx = PortalBunitContext.Create(clock, "zh-CN", Roles.HR);
        await SeedAsync(ctx, interviewers: 3, positions: 1, agencies: 0);
        var popovers = ctx.Render<MudPopoverProvider>();
        var page = ctx.Render<InterviewsPage>();
        page.WaitForAssertion(() => Assert.Equal(3, Rows(page).Count), Wait);
        page.Find("input[data-testid=interviews-interviewer]").Focus();
        page.WaitForAssertion(() => Assert.Single(page.FindComponents<MudAutocomplete<PersonOption>>()), Wait);
        page.Find("input[data-testid=interviews-interviewer]").Focus();
        popovers.WaitForAssertion(() => Assert.Equal(3, Options(popovers).Count), Wait);

        page.Find("[data-testid=interviews-filters]").PointerLeave();
        page.Find("[data-testid=interviews-filters]").FocusOut();
        clock.Advance(StandInRelease.Delay);
        await ctx.Renderer.Dispatcher.InvokeAsync(() => { });

        Assert.Single(page.FindComponents<MudAutocomplete<PersonOption>>());
        Assert.DoesNotContain(ctx.JSInterop.Invocations, i => i.Identifier == "portal.inUse");

        page.Find("input[data-testid=interviews-interviewer]").KeyUp(new Microsoft.AspNetCore.Components.Web.KeyboardEventArgs { Key = "Escape" });
        popovers.WaitForAssertion(() => Assert.Empty(Options(popovers)), Wait);
        clock.Advance(StandInRelease.Delay);

        page.WaitForAssertion(() => Assert.Empty(page.FindComponents<MudAutocomplete<PersonOption>>()), Wait);
        Assert.Equal("", page.Find("#interviews-interviewer").GetAttribute("value") ?? "");
        Assert.Empty(page.FindAll("#interviews-interviewer ~ button.mud-input-clear-button"));
    }

    [Fact]
    public async Task APickerWhoseListWasOpened_IsNoLongerHeld_OnceBackToItsStandIn()
    {
        // A taken-down picker must not stay reachable from the popover provider's or the overlay section's render tree
        // from before it went (each component keeps its previous tree for its next diff): a circuit after use would
        // keep every picker it ever made, with all it references (docs/perf.md, "after use").
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        // bUnit keeps every JS call's arguments, among them MudBlazor's .NET object references to the picker's parts.
        await using var ctx = PortalBunitContext.Create(clock, keepJsObjectReferences: false, "zh-CN", Roles.HR);
        await SeedAsync(ctx, interviewers: 1, positions: 3, agencies: 0);
        var popovers = ctx.Render<MudPopoverProvider>();
        var page = ctx.Render<InterviewsPage>();
        page.WaitForAssertion(() => Assert.Single(Rows(page)), Wait);
        page.Find("input[data-testid=interviews-position]").Focus();
        page.WaitForAssertion(() => Assert.Single(page.FindComponents<MudAutocomplete<PositionOption>>()), Wait);
        page.Find("input[data-testid=interviews-position]").Focus();
        popovers.WaitForAssertion(() => Assert.Equal(3, popovers.FindAll(".mud-popover-open .mud-list-item").Count), Wait);
        Assert.NotEmpty(popovers.FindAll(".mud-overlay"));
        var picker = Weakly(page.FindComponent<MudAutocomplete<PositionOption>>);

        page.Find("input[data-testid=interviews-position]").KeyUp(new Microsoft.AspNetCore.Components.Web.KeyboardEventArgs { Key = "Escape" });
        popovers.WaitForAssertion(() => Assert.Empty(popovers.FindAll(".mud-popover-open .mud-list-item")), Wait);
        page.Find("[data-testid=interviews-filters]").FocusOut();
        page.Find("[data-testid=interviews-filters]").PointerLeave();
        clock.Advance(StandInRelease.Delay);
        page.WaitForAssertion(() => Assert.Empty(page.FindComponents<MudAutocomplete<PositionOption>>()), Wait);
        page.WaitForAssertion(() => Assert.Single(ctx.JSInterop.Invocations, i => i.Identifier == "portal.restoreFocus"), Wait);
        // MudBlazor disconnects a gone popover from the browser in a batch every QueueDelay.
        clock.Advance(TimeSpan.FromSeconds(1));
        await ctx.Renderer.Dispatcher.InvokeAsync(() => { });

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        Assert.False(picker.IsAlive);
        Assert.Equal("", page.Find("#interviews-position").GetAttribute("value") ?? "");
    }

    [Fact]
    public async Task InterviewsPage_RendersTheSameComponents_WhetherTheCompanyHasTwoOrSixtyInterviewersPositionsAndAgencies()
    {
        // Each rendered component holds its own render tree in the circuit (docs/perf.md): the pickers' options exist only
        // while a list is open, so a bigger company does not make every open interviews page bigger. A full first page
        // of interviews either way.
        var small = await CountComponentsAsync(interviewers: 2, positions: 2, agencies: 2);
        var large = await CountComponentsAsync(interviewers: 60, positions: 60, agencies: 60);

        Assert.Equal(small, large);
    }

    private static async Task<int> CountComponentsAsync(int interviewers, int positions, int agencies)
    {
        await using var ctx = PortalBunitContext.Create("zh-CN", Roles.HR);
        await SeedAsync(ctx, interviewers, positions, agencies, interviews: 30);
        var popovers = ctx.Render<MudPopoverProvider>();
        var page = ctx.Render<InterviewsPage>();
        page.WaitForAssertion(() => Assert.Equal(25, Rows(page).Count), Wait);
        return page.FindComponents<IComponent>().Count + popovers.FindComponents<IComponent>().Count;
    }

    // Not inlined, so no local of the test's own frame keeps the component alive.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static WeakReference Weakly<T>(Func<IRenderedComponent<T>> find) where T : IComponent => new(find().Instance);

    // A row's click handler is a closure over its row, so its id is new each time the page itself renders.
    private static string? PageRender(IRenderedComponent<InterviewsPage> page) => Rows(page)[0].GetAttribute("blazor:onclick");

    private static List<AngleSharp.Html.Dom.IHtmlTableRowElement> Rows(IRenderedComponent<InterviewsPage> page) =>
        page.FindAll("[data-testid=interviews-grid] tbody tr").OfType<AngleSharp.Html.Dom.IHtmlTableRowElement>().Where(r => r.Cells.Length > 1).ToList();

    private static List<string> Options(IRenderedComponent<MudPopoverProvider> popovers) =>
        popovers.FindAll(".mud-popover-open .mud-list-item").Select(i => i.TextContent.Replace(i.QuerySelector(".mud-text-secondary")?.TextContent ?? "", "").Trim()).ToList();

    private sealed record World(List<string> Interviewers, List<Guid> Positions, List<Guid> Agencies);

    /// <summary>
    /// Interviewers 面试官0…, positions 职位0…, agencies 猎头0… and <paramref name="interviews"/> interviews (one per
    /// interviewer unless said; a candidate each; the interviewers, positions and agencies in turn), an hour apart from
    /// <paramref name="firstStartUtc"/> (the day after tomorrow at 01:00 UTC unless said).
    /// </summary>
    private static async Task<World> SeedAsync(PortalBunitContext ctx, int interviewers, int positions, int agencies, DateTime? firstStartUtc = null, int? interviews = null)
    {
        var factory = ctx.Services.GetRequiredService<IDbContextFactory<AppDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        var now = DateTime.UtcNow;
        var role = new IdentityRole(Roles.Interviewer) { NormalizedName = Roles.Interviewer.ToUpperInvariant() };
        db.Roles.Add(role);
        db.Users.Add(new ApplicationUser { Id = ctx.UserId, UserName = "tester@example.com", Email = "tester@example.com", DisplayName = "测试用户", SecurityStamp = "s" });
        var people = Enumerable.Range(0, interviewers).Select(i => new ApplicationUser
        {
            UserName = $"interviewer{i}@example.com", Email = $"interviewer{i}@example.com", DisplayName = $"面试官{i}", SecurityStamp = "s", CreatedAtUtc = now,
        }).ToList();
        db.Users.AddRange(people);
        db.UserRoles.AddRange(people.Select(p => new IdentityUserRole<string> { UserId = p.Id, RoleId = role.Id }));
        var openings = Enumerable.Range(0, positions).Select(i => Position.Create(Guid.NewGuid(), $"职位{i}", "研发部", "上海", ctx.UserId, [], now)).ToList();
        db.Positions.AddRange(openings);
        var firms = Enumerable.Range(0, agencies).Select(i => Agency.Create(Guid.NewGuid(), $"猎头{i}", "王经理", null, null, now)).ToList();
        db.Agencies.AddRange(firms);
        var start = firstStartUtc ?? now.Date.AddDays(2).AddHours(1);
        for (var i = 0; i < (interviews ?? interviewers); i++)
        {
            var position = openings[i % openings.Count];
            Guid? agency = firms.Count == 0 ? null : firms[i % firms.Count].Id;
            var candidate = Candidate.Create(Guid.NewGuid(), $"候选人{i}", $"1390000{i:D4}", null, agency is null ? CandidateSource.Direct : CandidateSource.Agency, agency, [position.Id], ctx.UserId, now);
            db.Candidates.Add(candidate);
            db.Interviews.Add(Interview.Schedule(Guid.NewGuid(), candidate.Id, position.Id, agency, InterviewRound.Technical, start.AddHours(i), 45, [people[i % people.Count].Id], null, null, ctx.UserId, now));
        }

        await db.SaveChangesAsync();
        return new World(people.Select(p => p.Id).ToList(), openings.Select(p => p.Id).ToList(), firms.Select(a => a.Id).ToList());
    }
}
