using System.Collections.Concurrent;
using System.Reflection;
using System.Text.RegularExpressions;
using InterviewPortal.Tests.TestSupport;
using InterviewPortal.Tests.Web.Security;
using InterviewPortal.Web.Components;
using Microsoft.AspNetCore.Components;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace InterviewPortal.Tests.EndToEnd;

/// <summary>A <see cref="MatrixWorld"/> on a loopback port, for the browser.</summary>
public sealed class BrowserMatrixWorld() : MatrixWorld(realServer: true);

/// <summary>
/// Chromium opens every page each role may open (the pages authorization-matrix.md marks ok for it, with the seeded
/// company's ids), waits for the interactive ones to connect, and fails on any Content Security Policy violation,
/// console error or uncaught page error; every response from the portal carries nosniff, and every document the CSP
/// without 'unsafe-eval' or script 'unsafe-inline', frame-ancestors 'none' and a Referrer-Policy.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class SecurityHeadersBrowserTests(BrowserMatrixWorld world, ITestOutputHelper output) : IClassFixture<BrowserMatrixWorld>
{
    // Reported from inside the page: a violation blocked by the browser, with what and where.
    private const string ProbeHost = "csp-probe.invalid";

    private const string ViolationListener = """
        document.addEventListener('securitypolicyviolation', e =>
          console.error(`securitypolicyviolation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile || e.documentURI}:${e.lineNumber}`));
        """;

    [BrowserFact]
    public async Task EveryPage_AsEveryRole_LoadsWithoutCspViolationOrConsoleError_AndWithTheSecurityHeaders()
    {
        var pages = Pages();
        var problems = new ConcurrentQueue<string>();
        var total = System.Diagnostics.Stopwatch.StartNew();
        var visits = 0;
        await using var browser = await BrowserSession.StartAsync();

        // One context per role, two roles at a time: the portal and Chromium share two cores.
        using var gate = new SemaphoreSlim(2);
        var probeHeard = await Task.WhenAll(AuthorizationMatrix.Roles.Select(async role =>
        {
            await gate.WaitAsync();
            try
            {
                var urls = pages.Where(p => p.Row.Expected[role] == "ok").Select(p => (Url: AuthorizationMatrix.Fill(p.Row.Try, world.Values), p.Interactive)).ToList();
                var watch = System.Diagnostics.Stopwatch.StartNew();
                var heard = await VisitAsync(browser.Browser, role, urls, problems, probe: role == "Anonymous");
                Interlocked.Add(ref visits, urls.Count);
                output.WriteLine($"{role}: {urls.Count} pages in {watch.Elapsed.TotalSeconds:F1} s");
                return heard;
            }
            finally
            {
                gate.Release();
            }
        }));

        output.WriteLine($"{visits} visits of {pages.Count} pages in {total.Elapsed.TotalSeconds:F1} s (load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]})");
        Assert.True(probeHeard.Any(h => h), "the probe's blocked image was not reported: the violation listener hears nothing");
        Assert.True(problems.IsEmpty, $"{problems.Count} problems over {visits} page visits:\n{string.Join("\n", problems.Distinct())}");
        Assert.True(visits >= pages.Count, $"only {visits} visits for {pages.Count} pages");
    }

    /// <summary>
    /// Signs in as <paramref name="role"/> in a context of its own and opens each address, waiting for the interactive
    /// pages' circuits. With <paramref name="probe"/>, first makes a page load an image from another origin (which the
    /// CSP blocks) and returns whether the listener reported it, so a silent listener cannot pass for a clean portal.
    /// </summary>
    private async Task<bool> VisitAsync(IBrowser browser, string role, List<(string Url, bool Interactive)> urls, ConcurrentQueue<string> problems, bool probe)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = world.App.ServerAddress.ToString(), Locale = "zh-CN" });
        context.SetDefaultTimeout(30_000);
        await context.AddInitScriptAsync(ViolationListener);
        var page = await context.NewPageAsync();
        var current = "(sign-in)";
        var heard = false;
        page.Console += (_, msg) =>
        {
            if (msg.Text.Contains(ProbeHost, StringComparison.Ordinal))
            {
                heard |= msg.Text.StartsWith("securitypolicyviolation", StringComparison.Ordinal);
            }
            else if (msg.Type == "error" || msg.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                problems.Enqueue($"{role} {current}: console {msg.Type}: {msg.Text}");
            }
        };
        page.PageError += (_, error) => problems.Enqueue($"{role} {current}: page error: {error}");
        page.Response += (_, response) =>
        {
            foreach (var problem in HeaderProblems(response, world.App.ServerAddress))
            {
                problems.Enqueue($"{role} {current}: {problem}");
            }
        };

        if (role != "Anonymous")
        {
            await SignInAsync(page, world.Emails[role]);
        }

        if (probe)
        {
            current = "(probe)";
            await page.GotoAsync("/Account/Login");
            await page.EvaluateAsync($"() => {{ const i = document.createElement('img'); i.src = 'https://{ProbeHost}/x.png'; document.body.appendChild(i); }}");
            for (var i = 0; i < 50 && !heard; i++)
            {
                await page.WaitForTimeoutAsync(100);
            }
        }

        foreach (var (url, interactive) in urls)
        {
            current = url;
            try
            {
                var response = await page.GotoAsync(url, new() { WaitUntil = WaitUntilState.DOMContentLoaded });
                if (response?.Status != 200)
                {
                    problems.Enqueue($"{role} {url}: answered {response?.Status}, the matrix says ok");
                    continue;
                }

                if (interactive)
                {
                    await BrowserSession.WaitForInteractiveAsync(page);
                }
            }
            catch (TimeoutException ex)
            {
                problems.Enqueue($"{role} {url}: {ex.Message.Split('\n')[0]} (now at {page.Url})");
            }
        }

        await context.CloseAsync();
        return heard;
    }

    private static async Task SignInAsync(IPage page, string email)
    {
        await page.GotoAsync("/Account/Login");
        await page.FillAsync("[id='Input.Email']", email);
        await page.FillAsync("[id='Input.Password']", TestUsers.Password);
        await page.ClickAsync("[data-testid=login-submit]");
        await page.WaitForURLAsync(url => !url.Contains("/Account/Login", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The matrix's page rows (routes of components in the Web assembly), and whether the page runs interactively.</summary>
    private static List<(MatrixRow Row, bool Interactive)> Pages()
    {
        var components = typeof(App).Assembly.GetTypes()
            .Where(t => typeof(IComponent).IsAssignableFrom(t))
            .SelectMany(t => t.GetCustomAttributes<RouteAttribute>().Select(r => (Route: "/" + r.Template.TrimStart('/'), Static: t.IsDefined(typeof(ExcludeFromInteractiveRoutingAttribute), true))))
            .ToDictionary(c => c.Route, c => !c.Static);
        return [.. AuthorizationMatrix.Read().Where(r => r.Method == "GET" && components.ContainsKey(r.Route)).Select(r => (r, components[r.Route]))];
    }

    private static IEnumerable<string> HeaderProblems(IResponse response, Uri portal)
    {
        if (!Uri.TryCreate(response.Url, UriKind.Absolute, out var url) || url.Authority != portal.Authority || response.Status is >= 300 and < 400)
        {
            yield break;
        }

        var headers = response.Headers;
        if (headers.GetValueOrDefault("x-content-type-options") != "nosniff")
        {
            yield return $"{url.PathAndQuery}: X-Content-Type-Options is '{headers.GetValueOrDefault("x-content-type-options")}', not nosniff";
        }

        if (response.Request.ResourceType != "document")
        {
            yield break;
        }

        var csp = headers.GetValueOrDefault("content-security-policy") ?? "";
        var scriptSrc = ScriptSrc().Match(csp).Value;
        if (!csp.Contains("frame-ancestors 'none'", StringComparison.Ordinal) || csp.Contains("unsafe-eval", StringComparison.Ordinal)
            || scriptSrc.Length == 0 || scriptSrc.Contains("unsafe-inline", StringComparison.Ordinal))
        {
            yield return $"{url.PathAndQuery}: Content-Security-Policy '{csp}' (wants frame-ancestors 'none', a script-src without 'unsafe-inline', no 'unsafe-eval')";
        }

        if (string.IsNullOrEmpty(headers.GetValueOrDefault("referrer-policy")))
        {
            yield return $"{url.PathAndQuery}: no Referrer-Policy";
        }
    }

    [GeneratedRegex("script-src [^;]*")]
    private static partial Regex ScriptSrc();
}
