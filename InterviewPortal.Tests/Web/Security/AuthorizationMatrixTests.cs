using System.Net;
using System.Text;
using InterviewPortal.Tests.TestSupport;

namespace InterviewPortal.Tests.Web.Security;

/// <summary>
/// Every page and endpoint the portal routes, tried over real HTTP as each role (anonymous, Admin, HR, an interviewer on
/// agency A's panel, one who is not, agency A, agency B, Auditor) with agency A's real ids, against authorization-matrix.md. A route the
/// file does not list, or a row whose route no longer exists, fails; so does any answer other than the one expected,
/// any 5xx, and agency A's candidate appearing in anything agency B, an anonymous caller or a refused caller receives.
/// </summary>
[Collection(PortalHostCollection.Name)]
public sealed class AuthorizationMatrixTests(MatrixWorld world) : IClassFixture<MatrixWorld>
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
}
