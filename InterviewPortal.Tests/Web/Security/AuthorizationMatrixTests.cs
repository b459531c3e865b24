using System.Net;
using System.Text;
using InterviewPortal.Domain.Identity;
using InterviewPortal.Domain.Permission;
using InterviewPortal.Tests.TestSupport;
using InterviewPortal.Web.Features.Invitations;
using InterviewPortal.Web.Features.Permission;
using InterviewPortal.Web.Features.Recruiting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace InterviewPortal.Tests.Web.Security;

/// <summary>
/// Every page and endpoint the portal routes, tried over real HTTP as each role (anonymous, Admin, HR, an interviewer on
/// agency A's panel, one who is not, agency A, agency B, Auditor) with agency A's real ids, against authorization-matrix.md. A route the
/// file does not list, or a row whose route no longer exists, fails; so does any answer other than the one expected,
/// any 5xx, and agency A's candidate appearing in anything agency B, an anonymous caller or a refused caller receives.
/// </summary>
[Collection(PortalHostCollection.Name)]
public sealed class AuthorizationMatrixTests(AuthorizationMatrixTests.World world) : IClassFixture<AuthorizationMatrixTests.World>
{
    [Fact]
    public void TheMatrixFile_ListsEveryRouteThePortalAnswers_AndNoOther()
    {
        var discovered = AuthorizationMatrix.Discover(world.App.Services);
        var listed = AuthorizationMatrix.Read().Select(r => $"{r.Method} {r.Route}").ToList();

        var duplicates = listed.GroupBy(r => r).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        var missing = discovered.Where(d => !listed.Contains(d)).ToList();
        var stale = listed.Where(l => !discovered.Contains(l)).Distinct().ToList();

        Assert.True(missing.Count == 0 && stale.Count == 0 && duplicates.Count == 0,
            (missing.Count > 0 ? $"Routes with no expectation in authorization-matrix.md (add a row each):\n  {string.Join("\n  ", missing)}\n" : "") +
            (stale.Count > 0 ? $"Rows in authorization-matrix.md for routes the portal no longer has:\n  {string.Join("\n  ", stale)}\n" : "") +
            (duplicates.Count > 0 ? $"Rows listed twice:\n  {string.Join("\n  ", duplicates)}" : ""));
    }

    [Fact]
    public async Task EveryRoute_AnswersEachRoleAsTheMatrixSays_WithNoServerErrorAndNoOtherAgencysData()
    {
        var failures = new List<string>();
        // Posts last: none of them may change who a client is signed in as, but if one did the gets would not notice.
        foreach (var row in AuthorizationMatrix.Read().OrderBy(r => r.Method.StartsWith("POST", StringComparison.Ordinal) ? 1 : 0))
        {
            var url = AuthorizationMatrix.Fill(row.Try, world.Values);
            foreach (var role in AuthorizationMatrix.Roles)
            {
                using var response = await SendAsync(world.Clients[role], row.Method, url);
                var actual = Outcome(response);
                var body = await response.Content.ReadAsStringAsync();
                if (actual != row.Expected[role])
                {
                    failures.Add($"line {row.Line} {row.Method} {url} as {role}: expected {row.Expected[role]}, got {actual} {Snippet(response, body)}");
                }

                // Agency A's candidate is read by Admin, HR, agency A, the interviewer on their panel and the Auditor (in
                // audit records), in allowed answers only; agency A itself is not even named to agency B or an anonymous caller.
                var mayReadCandidateA = role is "Admin" or "HR" or "Interviewer" or "AgencyA" or "Auditor" && actual == "ok";
                var markers = role is "AgencyB" or "Anonymous" ? world.AgencyAMarkers : world.CandidateAMarkers;
                if (!mayReadCandidateA && markers.FirstOrDefault(body.Contains) is { } leaked)
                {
                    failures.Add($"line {row.Line} {row.Method} {url} as {role}: the answer ({actual}) contains '{leaked}' of agency A");
                }
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} answers differ from authorization-matrix.md:\n{string.Join("\n", failures)}");
    }

    private static string Snippet(HttpResponseMessage response, string body) =>
        response.Headers.Location is { } location ? $"(to {location})"
        : response.Content.Headers.ContentType?.MediaType is "application/json" or "application/problem+json" or "text/plain" ? $"({body[..Math.Min(body.Length, 200)]})"
        : "";

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, string method, string url)
    {
        var request = new HttpRequestMessage(new HttpMethod(method == "ANY" ? "GET" : method.Split(',')[0]), url);
        // The header the portal's own scripts send with their API calls (the video token asks for it).
        request.Headers.Add("X-Portal-Request", "1");
        if (request.Method != HttpMethod.Get && request.Method != HttpMethod.Head)
        {
            // A JSON API gets an empty object, a form endpoint an empty form (so its antiforgery check is what answers).
            request.Content = url.StartsWith("/api/", StringComparison.Ordinal)
                ? new StringContent("{}", Encoding.UTF8, "application/json")
                : new FormUrlEncodedContent([]);
        }

        return client.SendAsync(request);
    }

    /// <summary>The answer in the matrix's words: ok, login, denied, redirect (elsewhere) or the status code.</summary>
    public static string Outcome(HttpResponseMessage response)
    {
        var code = (int)response.StatusCode;
        if (code is >= 300 and < 400 && response.Headers.Location is { } location)
        {
            var target = new Uri(new Uri("http://localhost"), location).AbsolutePath;
            return target.StartsWith("/Account/Login", StringComparison.OrdinalIgnoreCase) ? "login"
                : target.StartsWith("/Account/AccessDenied", StringComparison.OrdinalIgnoreCase) ? "denied"
                : "redirect";
        }

        return code switch
        {
            200 => "ok",
            403 => "denied",
            _ => code.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
    }

    /// <summary>One portal, a small company (<see cref="RecruitingWorld"/>) with agency A's ids filled in, and a signed-in client per role.</summary>
    public sealed class World : IAsyncLifetime
    {
        // ZEGO configured (nothing here calls it): the video and callback endpoints then get as far as their own checks.
        public PortalAppFactory App { get; } = new(new Dictionary<string, string?>
        {
            ["Portal:PublicBaseUrl"] = "https://jobs.example.com",
            ["Zego:AppId"] = FakeZegoServer.AppId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Zego:ServerSecret"] = FakeZegoServer.ServerSecret,
            ["Zego:CallbackSecret"] = "cb_secret_matrix_0001",
        });

        public Dictionary<string, HttpClient> Clients { get; } = [];

        public Dictionary<string, string> Values { get; } = [];

        /// <summary>What only someone allowed to read agency A's candidate may receive: their (unique) name and full phone.</summary>
        public List<string> CandidateAMarkers { get; } = [];

        /// <summary>What agency B and anonymous callers never receive: agency A's candidate and agency A's name.</summary>
        public List<string> AgencyAMarkers { get; } = [];

        public async Task InitializeAsync()
        {
            _ = App.Server;
            var w = await RecruitingWorld.CreateAsync(App);
            var tag = Guid.NewGuid().ToString("N")[..8];
            var details = (await w.AsHrAsync(sp => sp.GetRequiredService<CandidateService>().GetAsync(w.CandidateA)))!;
            var name = $"甲方候选人{tag}";
            await w.AsHrAsync(sp => sp.GetRequiredService<CandidateService>().UpdateAsync(w.CandidateA, new CandidateForm
            {
                Name = name, Phone = details.Phone, Source = details.Source, AgencyId = details.AgencyId, PositionIds = [w.Position],
            }));
            CandidateAMarkers.AddRange([name, details.Phone]);
            AgencyAMarkers.AddRange([name, details.Phone, details.AgencyName!]);

            var file = await w.AsHrAsync(sp => sp.GetRequiredService<CandidateFilesService>().UploadResumeAsync(w.CandidateA, new MemoryStream(TestImages.Pdf()), "a.pdf"));
            var card = (await w.AsHrAsync(sp => sp.GetRequiredService<InvitationService>().GetCardAsync(w.InterviewA)))!;
            var permission = await w.AsHrAsync(sp => sp.GetRequiredService<PermissionService>().StartAsync("wx1234567890abcdef", "面试门户"));
            var material = await w.AsHrAsync(sp => sp.GetRequiredService<PermissionService>().UploadMaterialAsync(permission, MaterialKind.BusinessLicence, new MemoryStream(TestImages.Png(40, 30)), "licence.png"));

            Values["candidateA"] = w.CandidateA.ToString();
            Values["interviewA"] = w.InterviewA.ToString();
            Values["fileA"] = file.ToString();
            var link = card.Link!;
            Values["tokenA"] = link[(link.LastIndexOf('/') + 1)..];
            Values["permission"] = permission.ToString();
            Values["material"] = material.Id.ToString();

            var admin = await TestUsers.CreateAsync(App.Services, $"admin.{tag}@example.com", Roles.Admin);
            var auditor = await TestUsers.CreateAsync(App.Services, $"auditor.{tag}@example.com", Roles.Auditor);
            Clients["Anonymous"] = App.CreateBrowserLikeClient();
            Clients["Admin"] = await SignInAsync(admin);
            Clients["HR"] = await SignInAsync(w.Hr);
            Clients["Interviewer"] = await SignInAsync(w.InterviewerA);
            Clients["OtherInterviewer"] = await SignInAsync(w.InterviewerB);
            Clients["AgencyA"] = await SignInAsync(w.AgencyUserA);
            Clients["AgencyB"] = await SignInAsync(w.AgencyUserB);
            Clients["Auditor"] = await SignInAsync(auditor);
        }

        private async Task<HttpClient> SignInAsync(string userId)
        {
            var email = await App.WithDbAsync(db => db.Users.Where(u => u.Id == userId).Select(u => u.Email!).SingleAsync());
            var client = App.CreateBrowserLikeClient();
            Assert.Equal(HttpStatusCode.Redirect, (await PortalAppFactory.PostLoginAsync(client, email, TestUsers.Password)).StatusCode);
            return client;
        }

        public async Task DisposeAsync()
        {
            foreach (var client in Clients.Values)
            {
                client.Dispose();
            }

            await App.DisposeAsync();
        }
    }
}
