using InterviewPortal.Tests.TestSupport;
using Microsoft.Playwright;

namespace InterviewPortal.Tests.EndToEnd;

/// <summary>Debian's Chromium driven by Playwright against the portal on a real loopback port.</summary>
public sealed class BrowserSession : IAsyncDisposable
{
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = default!;

    public List<string> ConsoleErrors { get; } = [];

    public static async Task<BrowserSession> StartAsync()
    {
        var path = TestSupport.Browser.ExecutablePath
            ?? throw new InvalidOperationException($"Chromium not found at PORTAL_CHROMIUM or {TestSupport.Browser.DefaultPath}; CI must install Debian's chromium.");
        var session = new BrowserSession { _playwright = await Playwright.CreateAsync() };
        session.Browser = await session._playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = path,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
        });
        return session;
    }

    public async Task<IPage> NewPageAsync(Uri baseAddress)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseAddress.ToString(), Locale = "en-US", ViewportSize = new() { Width = 1366, Height = 860 } });
        context.SetDefaultTimeout(20_000);
        var page = await context.NewPageAsync();
        page.Console += (_, msg) =>
        {
            if (msg.Type == "error")
            {
                ConsoleErrors.Add(msg.Text);
            }
        };
        return page;
    }

    /// <summary>Signs in through the login page (the test users' password unless another is given) and waits for the dashboard.</summary>
    public static async Task SignInAsync(IPage page, string email, string? password = null)
    {
        await page.GotoAsync("/Account/Login");
        await page.FillAsync("[id='Input.Email']", email);
        await page.FillAsync("[id='Input.Password']", password ?? TestUsers.Password);
        await page.ClickAsync("[data-testid=login-submit]");
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/$"));
    }

    /// <summary>Waits until the Blazor circuit is live: prerendered buttons ignore clicks.</summary>
    public static Task WaitForInteractiveAsync(IPage page) =>
        page.Locator("[data-interactive=true]").WaitForAsync(new() { State = WaitForSelectorState.Attached });

    /// <summary>
    /// Waits for a navigation the circuit made (NavigationManager.NavigateTo: a history.pushState, no new document) by
    /// polling the page's URL. WaitForURLAsync also waits for the frame's "load" state, and CI once saw it time out with
    /// the page already at the matching URL and the dialog closed.
    /// </summary>
    public static Task WaitForCircuitNavigationAsync(IPage page, System.Text.RegularExpressions.Regex url) =>
        Assertions.Expect(page).ToHaveURLAsync(url, new() { Timeout = 20_000 });

    /// <summary>
    /// Ticks a checkbox the circuit renders. A click that lands while the circuit is re-rendering the box (another field's
    /// change still on its way) can be lost, and Playwright then reports that the click "did not change its state" (CI, twice,
    /// in the privacy journey). The box is ticked again then, at most three times in all, as a person would; it must end
    /// up ticked. A tick that did land is never undone: checking a ticked box does nothing.
    /// </summary>
    public static async Task TickAsync(ILocator box)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await box.CheckAsync(new LocatorCheckOptions { Force = true });
                break;
            }
            catch (PlaywrightException ex) when (attempt < 3 && ex.Message.Contains("did not change its state", StringComparison.Ordinal))
            {
                // Lost in a re-render: tick again.
            }
        }

        await Assertions.Expect(box).ToBeCheckedAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
    }
}
