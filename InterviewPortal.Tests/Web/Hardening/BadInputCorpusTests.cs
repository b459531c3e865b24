using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using InterviewPortal.Domain;
using InterviewPortal.Domain.Identity;
using InterviewPortal.Domain.Permission;
using InterviewPortal.Tests.TestSupport;
using InterviewPortal.Web.Features.Audit;
using InterviewPortal.Web.Features.Invitations;
using InterviewPortal.Web.Features.Permission;
using InterviewPortal.Web.Features.Recruiting;
using InterviewPortal.Web.Features.Recruiting.Import;
using InterviewPortal.Web.Resources;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Routing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;

namespace InterviewPortal.Tests.Web.Hardening;

/// <summary>
/// Runs <see cref="BadInputCorpus"/> against the real portal on a loopback port: every bad request gets a 4xx (a
/// problem+json with a Chinese title, by default, from the JSON endpoints), never a 5xx, and no table of the database
/// gains or loses a row. The corpus is checked against the endpoints the portal itself maps, so a new one cannot be left out.
/// </summary>
[Collection(PortalHostCollection.Name)]
public sealed class BadInputCorpusTests : IAsyncLifetime
{
    private FakeWeChatServer _weChat = null!;
    private PortalAppFactory _app = null!;

    public async Task InitializeAsync()
    {
        _weChat = await FakeWeChatServer.StartAsync();
        _app = new PortalAppFactory(new Dictionary<string, string?>
        {
            ["WeChat:ApiBaseUrl"] = _weChat.BaseAddress.ToString(),
            ["WeChat:AppId"] = FakeWeChatServer.AppId,
            ["WeChat:AppSecret"] = FakeWeChatServer.AppSecret,
            ["Zego:AppId"] = "1234567890",
            ["Zego:ServerSecret"] = "0123456789abcdef0123456789abcdef",
            ["Zego:CallbackSecret"] = BadInputCorpus.ZegoSecret,
            ["Portal:PublicBaseUrl"] = "https://jobs.example.com",
            // The corpus is about answers, not about the rate limits (RateLimitTests): one client sends all of it.
            ["MiniProgram:LoginPerMinutePerIp"] = "100000",
            ["MiniProgram:CallsPerMinute"] = "100000",
            ["MiniProgram:CallsPerMinutePerIp"] = "100000",
            ["RateLimits:LoginPerMinutePerIp"] = "100000",
            ["RateLimits:ZegoCallbacksPerMinutePerIp"] = "100000",
        }, realServer: true);
        _app.StartServer();
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _weChat.DisposeAsync();
    }

    [Fact]
    public void EveryEndpointAndAnonymousPage_HasBadInputCases()
    {
        var covered = BadInputCorpus.Requests().Select(r => r.Endpoint).Concat(AnonymousPages().SelectMany(p => BadInputCorpus.PageRequests(p.Route, p.Path)).Select(r => r.Endpoint)).ToHashSet();
        var missing = MappedEndpoints().Where(e => !covered.Contains(e)).ToList();

        Assert.True(missing.Count == 0, "Endpoints without bad-input cases in BadInputCorpus: " + string.Join(", ", missing));
        Assert.Contains("GET /i/{Token}", covered);
    }

    [Fact]
    public async Task EveryBadRequest_Gets4xx_WithAProblemFromTheJsonEndpoints_AndWritesNothing()
    {
        var (hr, mp, interview, token) = await WorldAsync();
        var before = await RowCountsAsync();
        var requests = BadInputCorpus.Requests().Concat(AnonymousPages().SelectMany(p => BadInputCorpus.PageRequests(p.Route, p.Path))).ToList();
        var failures = new List<string>();

        foreach (var r in requests)
        {
            var client = r.Sender switch { Sender.Hr => hr, Sender.MiniProgram => mp, _ => Client() };
            var path = r.Path.Replace("{interview}", interview.ToString()).Replace("{token}", token);
            using var request = new HttpRequestMessage(new HttpMethod(r.Method), path) { Content = r.Body() };
            foreach (var (name, value) in r.Headers ?? [])
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }

            HttpResponseMessage response;
            try
            {
                response = await client.SendAsync(request);
            }
            catch (HttpRequestException ex)
            {
                // Kestrel may answer 413 and close before a huge body is fully sent: that is a refusal too, if it said so.
                failures.Add($"{r}: no answer ({ex.Message})");
                continue;
            }

            var problem = await CheckAsync(r, response);
            if (problem is not null)
            {
                failures.Add($"{r}: {problem}");
            }

            if (r.Sender == Sender.Anonymous)
            {
                client.Dispose();
            }
        }

        var after = await RowCountsAsync();
        var changed = before.Where(t => after.GetValueOrDefault(t.Key) != t.Value).Select(t => $"{t.Key} {t.Value} -> {after.GetValueOrDefault(t.Key)}").ToList();
        Assert.True(failures.Count == 0, $"{failures.Count} of {requests.Count} bad requests were answered wrongly:\n" + string.Join("\n", failures));
        Assert.True(changed.Count == 0, "Rows written by bad requests: " + string.Join(", ", changed));
    }

    [Fact]
    public async Task EveryBadUpload_IsRefusedWithItsLocalizedRule_AndStoresNothing()
    {
        var w = await RecruitingWorld.CreateAsync(_app);
        var permissionId = await w.AsHrAsync(sp => sp.GetRequiredService<PermissionService>().StartAsync("wx" + Guid.NewGuid().ToString("N")[..16], "面试通"));
        var before = await RowCountsAsync();
        var filesBefore = FilesOnDisk();
        var l = _app.Services.GetRequiredService<IStringLocalizer<Strings>>();
        var failures = new List<string>();

        async Task ExpectRuleAsync(string upload, string name, string rule, Func<IServiceProvider, Task> work)
        {
            try
            {
                await w.AsHrAsync(work);
                failures.Add($"{upload} [{name}]: accepted");
            }
            catch (DomainException ex) when (ex.MessageKey == rule && !l[rule].ResourceNotFound)
            {
            }
            catch (Exception ex)
            {
                failures.Add($"{upload} [{name}]: {ex.GetType().Name} {(ex as DomainException)?.MessageKey} {ex.Message}, expected {rule}");
            }
        }

        foreach (var (name, content, rule) in BadInputCorpus.ResumeFiles())
        {
            await ExpectRuleAsync("résumé", name, rule, sp => sp.GetRequiredService<CandidateFilesService>().UploadResumeAsync(w.CandidateA, new MemoryStream(content), "简历.pdf"));
        }

        foreach (var (name, content, rule) in BadInputCorpus.ImportFiles())
        {
            await ExpectRuleAsync("CSV import", name, rule, async sp =>
            {
                var import = sp.GetRequiredService<CandidateImportService>();
                var report = await import.ValidateAsync(new MemoryStream(content), null);
                await import.ImportAsync(report, null);
            });
        }

        foreach (var (name, content, rule) in BadInputCorpus.ImageFiles())
        {
            await ExpectRuleAsync("permission material", name, rule, sp => sp.GetRequiredService<PermissionService>().UploadMaterialAsync(permissionId, MaterialKind.BusinessLicence, new MemoryStream(content), "营业执照.png"));
        }

        var after = await RowCountsAsync();
        var changed = before.Where(t => after.GetValueOrDefault(t.Key) != t.Value).Select(t => $"{t.Key} {t.Value} -> {after.GetValueOrDefault(t.Key)}").ToList();
        Assert.True(failures.Count == 0, "Bad uploads answered wrongly:\n" + string.Join("\n", failures));
        Assert.True(changed.Count == 0, "Rows written by bad uploads: " + string.Join(", ", changed));
        Assert.Equal(filesBefore, FilesOnDisk());
    }

    private static async Task<string?> CheckAsync(BadRequest r, HttpResponseMessage response)
    {
        var status = (int)response.StatusCode;
        var text = await response.Content.ReadAsStringAsync();
        var brief = text.Length > 300 ? text[..300] : text;
        if (status >= 500)
        {
            return $"{status}: {brief}";
        }

        if (r.Expect == Expect.Ignored)
        {
            return null;
        }

        if (r.Expect == Expect.Refused && status == 302 && !r.Path.StartsWith("/api/", StringComparison.Ordinal)
            && response.Headers.Location?.OriginalString is { } to && (to.Contains("/Account/Login") || to.Contains("/Account/AccessDenied")))
        {
            return null;
        }

        if (status is < 400 or >= 500)
        {
            return $"expected a 4xx, got {status}: {brief}";
        }

        if (r.Expect == Expect.Refused)
        {
            return null;
        }

        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
        {
            return $"{status} is not problem+json ({response.Content.Headers.ContentType}): {brief}";
        }

        using var doc = JsonDocument.Parse(text);
        var title = doc.RootElement.TryGetProperty("title", out var t) ? t.GetString() : null;
        // Localized: the portal answers in Chinese unless English is asked for.
        return title is { Length: > 0 } && title.Any(c => c is >= '\u4e00' and <= '\u9fff') ? null : $"{status} problem without a Chinese title: {brief}";
    }

    private async Task<(HttpClient Hr, HttpClient Mp, Guid Interview, string Token)> WorldAsync()
    {
        var w = await RecruitingWorld.CreateAsync(_app);
        var card = await w.AsHrAsync(sp => sp.GetRequiredService<InvitationService>().GetCardAsync(w.InterviewA));
        var token = card!.Link![(card.Link!.LastIndexOf('/') + 1)..];

        var hr = Client();
        var email = await _app.WithDbAsync(db => Task.FromResult(db.Users.Single(u => u.Id == w.Hr).Email!));
        Assert.Equal(HttpStatusCode.Redirect, (await PortalAppFactory.PostLoginAsync(hr, email, TestUsers.Password)).StatusCode);

        _weChat.AddLoginCode("wx-corpus", "openid-corpus");
        var mp = Client();
        var login = await mp.PostAsJsonAsync("/api/mp/v1/login", new { code = "wx-corpus" });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        mp.DefaultRequestHeaders.Authorization = new("Bearer", (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("session").GetString());
        Assert.Equal(HttpStatusCode.OK, (await mp.PostAsync($"/api/mp/v1/invitations/{token}/accept", null)).StatusCode);

        // A second, unaccepted invitation for the anonymous accept cases.
        var other = await w.AsHrAsync(sp => sp.GetRequiredService<InvitationService>().GetCardAsync(w.InterviewB));
        return (hr, mp, w.InterviewA, other!.Link![(other.Link!.LastIndexOf('/') + 1)..]);
    }

    private HttpClient Client() =>
        new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() }) { BaseAddress = _app.ServerAddress };

    /// <summary>The endpoints the corpus must cover: every one the portal maps except its authorised pages and the framework's own.</summary>
    private IEnumerable<string> MappedEndpoints()
    {
        foreach (var e in _app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var route = "/" + e.RoutePattern.RawText?.TrimStart('/');
            if (IsFramework(e, route) || e.Metadata.GetMetadata<ComponentTypeMetadata>() is not null)
            {
                continue;
            }

            var methods = e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods;
            foreach (var method in methods is { Count: > 0 } ? methods : ["*"])
            {
                yield return $"{method} {route}";
            }
        }

        foreach (var (route, _) in AnonymousPages())
        {
            yield return $"GET {route}";
            yield return $"POST {route}";
        }
    }

    /// <summary>The routable pages anyone may open (no [Authorize]), with a path that reaches each.</summary>
    private IEnumerable<(string Route, string Path)> AnonymousPages() =>
        _app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<ComponentTypeMetadata>() is not null && e.Metadata.GetMetadata<IAuthorizeData>() is null)
            .Select(e => "/" + e.RoutePattern.RawText?.TrimStart('/'))
            .Distinct()
            .Select(route => (route, System.Text.RegularExpressions.Regex.Replace(route, @"\{[^}]+\}", "x")));

    private static bool IsFramework(RouteEndpoint e, string route) =>
        route.StartsWith("/_", StringComparison.Ordinal)
        || e.Metadata.Any(m => m.GetType().FullName?.Contains("StaticAsset", StringComparison.Ordinal) == true);

    private async Task<Dictionary<string, long>> RowCountsAsync()
    {
        // The audit trail's search index is written behind the trail, once a second: brought up to date first, so a pass
        // indexing entries written before the request is not counted as the request's.
        await _app.Services.GetRequiredService<AuditIndexer>().CatchUpAsync(CancellationToken.None);
        await using var connection = new SqliteConnection($"Data Source={_app.DatabaseFile};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'";
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        var counts = new Dictionary<string, long>();
        foreach (var table in tables)
        {
            await using var count = connection.CreateCommand();
            count.CommandText = $"SELECT COUNT(*) FROM \"{table}\"";
            counts[table] = (long)(await count.ExecuteScalarAsync())!;
        }

        return counts;
    }

    private string[] FilesOnDisk()
    {
        var root = Path.Combine(_app.Directory, "files");
        return Directory.Exists(root) ? [.. Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Order()] : [];
    }
}
