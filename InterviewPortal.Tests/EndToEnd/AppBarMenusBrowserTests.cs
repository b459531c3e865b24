using System.Text.RegularExpressions;
using InterviewPortal.Domain.Identity;
using InterviewPortal.Tests.TestSupport;
using Microsoft.Playwright;

namespace InterviewPortal.Tests.EndToEnd;

/// <summary>
/// The app bar's language and user menus are stand-ins until the pointer or the focus reaches the app bar; the render
/// that swaps in the MudMenus can reach the browser between the mouse button going down and coming up. The stand-in is
/// then gone before the release, so no click reaches it or the new activator. CI lost a language-menu click this way
/// once (PortalJourneyTests, stop 17). Here the portal's renders are held back on the circuit's WebSocket so the swap
/// lands exactly in that gap, every time.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class AppBarMenusBrowserTests
{
    [BrowserFact]
    public async Task AMenuStandIn_WhoseMenusAreMadeBetweenPressAndRelease_StillOpensItsMenu()
    {
        await using var app = new PortalAppFactory(realServer: true);
        app.StartServer();
        await TestUsers.CreateAsync(app.Services, "hr.menus@example.com", Roles.HR);
        await using var browser = await BrowserSession.StartAsync();
        var page = await browser.NewPageAsync(app.ServerAddress);
        var gate = await CircuitGate.RouteAsync(page);

        await BrowserSession.SignInAsync(page, "hr.menus@example.com");
        await BrowserSession.WaitForInteractiveAsync(page);
        Assert.True(gate.Connected, "the circuit's WebSocket did not go through the gate");

        await ClickAcrossTheSwapAsync(page, gate, "[data-testid=language-menu] button");
        await Assertions.Expect(page.Locator("[data-testid=lang-en]")).ToBeVisibleAsync(new() { Timeout = 10_000 });

        // The user menu, from a fresh page (both menus are stand-ins again), the pointer off the app bar.
        await page.Mouse.MoveAsync(600, 500);
        await page.ReloadAsync();
        await BrowserSession.WaitForInteractiveAsync(page);
        await ClickAcrossTheSwapAsync(page, gate, "[data-testid=user-menu] [role=button] .portal-user-chip"); // the activator is display: contents
        await Assertions.Expect(page.Locator("[data-testid=logout]")).ToBeVisibleAsync(new() { Timeout = 10_000 });
    }

    /// <summary>
    /// Presses the primary button on a stand-in (or the element of it given) while the portal's renders are held (the pointer entering the app bar and
    /// the press's focus have already asked the portal to make the menus), lets the renders through, waits until the
    /// stand-in is gone, then releases the button over the menu's activator that took its place.
    /// </summary>
    private static async Task ClickAcrossTheSwapAsync(IPage page, CircuitGate gate, string standInSelector)
    {
        var standIn = await page.QuerySelectorAsync(standInSelector) ?? throw new InvalidOperationException($"no stand-in at {standInSelector}");
        var box = await standIn.BoundingBoxAsync() ?? throw new InvalidOperationException($"{standInSelector} is not laid out");
        await page.Mouse.MoveAsync(600, 500);

        gate.Hold();
        await page.Mouse.MoveAsync(box.X + box.Width / 2, box.Y + box.Height / 2);
        await page.Mouse.DownAsync();
        // The press reached the page's Blazor while the stand-in was still there: the renders it asked for are held.
        Assert.True(await standIn.EvaluateAsync<bool>("e => e.isConnected"), "the stand-in was replaced before the press");
        gate.Release();
        await standIn.WaitForElementStateAsync(ElementState.Hidden, new() { Timeout = 10_000 });
        await page.Mouse.UpAsync();
    }

    /// <summary>
    /// The circuit's WebSocket routed through Playwright: what the page sends goes straight on; what the portal sends is
    /// held while <see cref="Hold"/> is on and delivered, in order, at <see cref="Release"/>.
    /// </summary>
    private sealed class CircuitGate
    {
        private readonly Lock _lock = new();
        private readonly Queue<(IWebSocketRoute ToPage, IWebSocketFrame Frame)> _held = new();
        private bool _holding;

        public bool Connected { get; private set; }

        public static async Task<CircuitGate> RouteAsync(IPage page)
        {
            var gate = new CircuitGate();
            await page.RouteWebSocketAsync(new Regex("/_blazor"), ws =>
            {
                var server = ws.ConnectToServer();
                gate.Connected = true;
                server.OnMessage(frame => gate.FromPortal(ws, frame));
            });
            return gate;
        }

        public void Hold()
        {
            lock (_lock)
            {
                _holding = true;
            }
        }

        public void Release()
        {
            lock (_lock)
            {
                _holding = false;
                while (_held.TryDequeue(out var held))
                {
                    Forward(held.ToPage, held.Frame);
                }
            }
        }

        private void FromPortal(IWebSocketRoute toPage, IWebSocketFrame frame)
        {
            lock (_lock)
            {
                if (_holding)
                {
                    _held.Enqueue((toPage, frame));
                }
                else
                {
                    Forward(toPage, frame);
                }
            }
        }

        private static void Forward(IWebSocketRoute toPage, IWebSocketFrame frame)
        {
            if (frame.Binary is { } bytes)
            {
                toPage.Send(bytes);
            }
            else
            {
                toPage.Send(frame.Text ?? "");
            }
        }
    }
}
