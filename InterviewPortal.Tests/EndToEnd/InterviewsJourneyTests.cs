using System.Text.RegularExpressions;
using InterviewPortal.Domain.Identity;
using InterviewPortal.Tests.TestSupport;
using Microsoft.Playwright;

namespace InterviewPortal.Tests.EndToEnd;

/// <summary>
/// An HR user, in Chinese, narrows the interviews list with the pickers (by mouse and by keyboard) and a select, reloads
/// it, leaves the filters (the pickers go back to their stand-ins, still showing the choice) and comes back to them by
/// keyboard and by mouse, and clears them.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class InterviewsJourneyTests
{
    [BrowserFact]
    public async Task HR_FiltersTheInterviewsByInterviewerStatusAndPosition_KeepsTheFiltersInTheAddress_AndClearsThem()
    {
        await using var app = new PortalAppFactory(realServer: true);
        app.StartServer();
        var world = await RecruitingWorld.CreateAsync(app);
        await TestUsers.CreateAsync(app.Services, "hr.filters@example.com", Roles.HR);
        await using var browser = await BrowserSession.StartAsync();
        var page = await browser.NewPageAsync(app.ServerAddress);
        await BrowserSession.SignInAsync(page, "hr.filters@example.com");

        await page.GotoAsync("/interviews");
        await BrowserSession.WaitForInteractiveAsync(page);
        var grid = page.Locator("[data-testid=interviews-grid] tbody");
        await Assertions.Expect(grid).ToContainTextAsync("张三");
        await Assertions.Expect(grid).ToContainTextAsync("李四");

        // The interviewer: typed into the picker, chosen from its list. The picker is made when the pointer reaches the
        // filters (a stand-in until then), and opens once it has the focus.
        var interviewer = page.Locator("input[data-testid=interviews-interviewer]");
        await interviewer.ClickAsync();
        await Assertions.Expect(interviewer).ToHaveAttributeAsync("aria-expanded", "true");
        await interviewer.FillAsync("ia.");
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasTextString = "ia." }).First.ClickAsync();
        await page.WaitForURLAsync(new Regex($"interviewer={world.InterviewerA}"));
        await Assertions.Expect(grid).ToContainTextAsync("张三");
        await Assertions.Expect(grid).Not.ToContainTextAsync("李四");

        // The status: a select.
        await page.SelectOptionAsync("#interviews-status", "Cancelled");
        await page.WaitForURLAsync(new Regex("status=Cancelled"));
        await Assertions.Expect(grid).ToContainTextAsync("暂无记录");

        // A reload shows the same filters, read from the address.
        await page.ReloadAsync();
        await BrowserSession.WaitForInteractiveAsync(page);
        await Assertions.Expect(interviewer).ToHaveValueAsync(new Regex("^ia\\."));
        await Assertions.Expect(page.Locator("#interviews-status")).ToHaveValueAsync("Cancelled");
        await Assertions.Expect(grid).ToContainTextAsync("暂无记录");

        // The position, from the keyboard: the focus reaching the filters makes the pickers, Tab moves on to the
        // position's, typing narrows its list and Enter takes the first.
        await page.FocusAsync("#interviews-round");
        await Assertions.Expect(page.Locator("#interviews-position")).ToHaveCountAsync(0); // the stand-in has given way
        await page.Keyboard.PressAsync("Tab");
        var position = page.Locator("input[data-testid=interviews-position]");
        await Assertions.Expect(position).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync("后端");
        await Assertions.Expect(page.Locator(".mud-popover-open .mud-list-item", new() { HasTextString = "后端工程师" })).ToHaveCountAsync(1);
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync(new Regex($"position={world.Position}"));
        await Assertions.Expect(position).ToHaveValueAsync(new Regex("^后端工程师"));

        // Shift+Tab out of the filters (round, status, the dates' fields) to the schedule button, the pointer over the
        // pager: once out of use, the pickers go back to their stand-ins, which show the chosen position; the filter
        // stays, and the focus stays where the user put it.
        await page.Locator("[data-testid=interviews-page-info]").HoverAsync();
        for (var i = 0; i < 12 && await FocusIsInTheFiltersAsync(page); i++)
        {
            await page.Keyboard.PressAsync("Shift+Tab");
        }

        var schedule = page.Locator("[data-testid=interview-schedule]");
        await Assertions.Expect(schedule).ToBeFocusedAsync();
        var standIn = page.Locator("#interviews-position");
        await Assertions.Expect(standIn).ToHaveCountAsync(1);
        await Assertions.Expect(standIn).ToHaveValueAsync(new Regex("^后端工程师"));
        await Assertions.Expect(standIn).ToHaveAttributeAsync("aria-expanded", "false");
        Assert.Matches($"position={world.Position}", page.Url);
        await Assertions.Expect(schedule).ToBeFocusedAsync();

        // Back by keyboard: Tab into the filters makes the pickers again, and the position's opens its list on the focus.
        await page.Keyboard.PressAsync("Tab");
        await Assertions.Expect(standIn).ToHaveCountAsync(0);
        for (var i = 0; i < 12 && !await position.EvaluateAsync<bool>("e => e === document.activeElement"); i++)
        {
            await page.Keyboard.PressAsync("Tab");
        }

        await Assertions.Expect(position).ToBeFocusedAsync();
        await Assertions.Expect(position).ToHaveAttributeAsync("aria-expanded", "true");
        await Assertions.Expect(position).ToHaveValueAsync(new Regex("^后端工程师"));
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(position).ToHaveAttributeAsync("aria-expanded", "false");

        // Out again with the mouse (a click on the pager's text), then back by mouse: a click on the stand-in opens its list.
        await page.Locator("[data-testid=interviews-page-info]").ClickAsync();
        await Assertions.Expect(standIn).ToHaveValueAsync(new Regex("^后端工程师"));
        await position.ClickAsync();
        await Assertions.Expect(standIn).ToHaveCountAsync(0);
        await Assertions.Expect(position).ToHaveAttributeAsync("aria-expanded", "true");
        await Assertions.Expect(page.Locator(".mud-popover-open .mud-list-item", new() { HasTextString = "后端工程师" })).ToHaveCountAsync(1);
        await page.Keyboard.PressAsync("Escape");
        Assert.Matches($"position={world.Position}", page.Url);

        // Clear the filters, then open an interview from its candidate's link.
        await page.GetByRole(AriaRole.Button, new() { Name = "清除筛选" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/interviews$"));
        await Assertions.Expect(grid).ToContainTextAsync("李四");
        await Assertions.Expect(interviewer).ToHaveValueAsync("");
        await grid.GetByRole(AriaRole.Link, new() { Name = "张三" }).ClickAsync();
        await page.WaitForURLAsync(new Regex($"/interviews/{world.InterviewA}$"));

        // The browser's half of a swap back to stand-ins, which the steps above cannot time: a focus that reaches a
        // control after portal.inUse said "out of use", and is lost when the control is replaced, goes to the stand-in
        // with the control's data-testid; a focus that has moved on elsewhere is left there.
        var focused = await page.EvaluateAsync<string[]>("""
            () => {
                const area = document.createElement("div");
                area.style.cssText = "position: fixed; left: -1000px; top: -1000px";
                area.innerHTML = '<input data-testid="picker" id="real"><button id="elsewhere">x</button>';
                document.body.append(area);
                const lost = portal.inUse([area], [area]) ? "in use" : (() => {
                    area.querySelector("#real").focus();
                    area.querySelector("#real").remove();
                    area.insertAdjacentHTML("afterbegin", '<div data-testid="picker"><input id="stand-in"></div>');
                    portal.restoreFocus([area]);
                    return document.activeElement.id;
                })();
                area.innerHTML = '<input data-testid="picker" id="real"><button id="elsewhere">x</button>';
                const movedOn = portal.inUse([area], [area]) ? "in use" : (() => {
                    area.querySelector("#real").focus();
                    area.querySelector("#elsewhere").focus();
                    area.querySelector("#real").replaceWith(Object.assign(document.createElement("input"), { id: "stand-in" }));
                    portal.restoreFocus([area]);
                    return document.activeElement.id;
                })();
                area.remove();
                return [lost, movedOn];
            }
            """);
        Assert.Equal(["stand-in", "elsewhere"], focused);

        Assert.Empty(browser.ConsoleErrors);
    }

    [BrowserFact]
    public async Task HR_TypesAFromDateWithTheKeyboard_AndTheListIsFilteredByThatDate_NotByTheYearsTypedOnTheWay()
    {
        // Chromium sends a change for each digit of the year (0002, 0020, 0202, 2026); before, each was put in the address
        // and each re-render could write an earlier value back into the input while the next digit was typed (the filter
        // once ended on 0006-03-15). How often that happens depends on timing, so the test checks what does not: no
        // address with a year still being typed.
        await using var app = new PortalAppFactory(realServer: true);
        app.StartServer();
        await TestUsers.CreateAsync(app.Services, "hr.dates@example.com", Roles.HR);
        await using var browser = await BrowserSession.StartAsync();
        var page = await browser.NewPageAsync(app.ServerAddress);
        await BrowserSession.SignInAsync(page, "hr.dates@example.com");
        await page.GotoAsync("/interviews");
        await BrowserSession.WaitForInteractiveAsync(page);

        var addresses = new List<string>();
        page.FrameNavigated += (_, frame) => addresses.Add(frame.Url);

        // The browser's locale is en-US: month, day, then year.
        await page.FocusAsync("#interviews-from");
        await page.Keyboard.TypeAsync("03152026", new() { Delay = 60 });

        await page.WaitForURLAsync(new Regex("from=2026-03-15"));
        await page.Keyboard.PressAsync("Tab");
        await Assertions.Expect(page.Locator("#interviews-from")).ToHaveValueAsync("2026-03-15");
        Assert.Matches("from=2026-03-15$", page.Url);
        Assert.DoesNotContain(addresses, a => a.Contains("from=0"));
        Assert.Empty(browser.ConsoleErrors);
    }

    private static Task<bool> FocusIsInTheFiltersAsync(IPage page) =>
        page.EvaluateAsync<bool>("() => document.querySelector('[data-testid=interviews-filters]').contains(document.activeElement)");
}
