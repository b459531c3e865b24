using System.Net.Http.Headers;
using System.Text;
using InterviewPortal.Tests.TestSupport;

namespace InterviewPortal.Tests.Web.Hardening;

/// <summary>Who sends a case: nobody, a signed-in HR user, or the mini-program with a valid session.</summary>
public enum Sender
{
    Anonymous,
    Hr,
    MiniProgram,
}

/// <summary>
/// What a bad request must get. <see cref="Problem"/>: a 4xx problem+json with a title in the caller's language (the JSON
/// endpoints). <see cref="Refused"/>: any 4xx, or the sign-in / access-denied redirect a browser gets (pages and file
/// downloads answer HTML or nothing). <see cref="Ignored"/>: the
/// junk is not input the endpoint reads (a query string on a parameterless download), so any answer below 500 will do.
/// Whatever the answer, nothing is written.
/// </summary>
public enum Expect
{
    Problem,
    Refused,
    Ignored,
}

/// <summary>
/// One bad request. <see cref="Endpoint"/> is the route as the portal lists it ("POST /api/mp/v1/login"); the path may
/// hold <c>{interview}</c> (the mini-program session's own interview) and <c>{token}</c> (its invitation), filled in
/// when the world exists.
/// </summary>
public sealed record BadRequest(string Endpoint, string Case, Sender Sender, string Method, string Path, Func<HttpContent?> Body, Expect Expect, (string Name, string Value)[]? Headers = null)
{
    public override string ToString() => $"{Endpoint} [{Case}]";
}

/// <summary>
/// The bad-input corpus: every endpoint the portal maps outside its authorised pages, and the anonymous pages, each with
/// the malformed requests it must refuse. <see cref="BadInputCorpusTests"/> fails when the portal maps an endpoint that
/// has no entry here, runs every case against the real portal (Kestrel, so its limits are real), and checks the answers
/// and that no table gained or lost a row. The uploads (résumé, CSV import, permission images) are Blazor file inputs, so
/// their corpus goes through their services: <see cref="ResumeFiles"/>, <see cref="ImportFiles"/>, <see cref="ImageFiles"/>.
/// </summary>
public static class BadInputCorpus
{
    private const string Mp = "/api/mp/v1";

    /// <summary>Bodies every endpoint that reads JSON gets.</summary>
    public static IEnumerable<(string Case, Func<HttpContent> Body)> JsonBodies() =>
    [
        ("malformed JSON", () => Json("{\"code\":")),
        ("truncated JSON", () => Json("{\"code\":\"abc\",\"recording\":tr")),
        ("wrong types", () => Json("{\"code\":42,\"recording\":\"yes\",\"noticeVersion\":[],\"slot\":{},\"reason\":false,\"timestamp\":[],\"signature\":7,\"nonce\":null}")),
        ("top-level array", () => Json("[{\"code\":\"x\"}]")),
        ("top-level string", () => Json("\"code\"")),
        ("empty body", () => Json("")),
        ("deep nesting", () => Json(new string('[', 20_000) + new string(']', 20_000))),
        ("deep object nesting", () => Json(string.Concat(Enumerable.Repeat("{\"a\":", 3_000)) + "1" + new string('}', 3_000))),
        ("huge body", () => Json("{\"code\":\"" + new string('x', 3 * 1024 * 1024) + "\"}")),
        ("huge chunked body", () => Chunked(Encoding.UTF8.GetBytes("{\"reason\":\"" + new string('y', 1024 * 1024) + "\"}"), "application/json")),
        ("invalid UTF-8", () => Bytes([.. "{\"code\":\""u8, 0xC3, 0x28, 0xFF, 0xFE, .. "\",\"noticeVersion\":\""u8, 0xED, 0xA0, 0x80, .. "\"}"u8], "application/json")),
        ("lone surrogate escapes", () => Json("{\"code\":\"\\uD800\",\"recording\":true,\"noticeVersion\":\"\\uDC00\",\"slot\":\"\\uD800\",\"reason\":\"\\uD800\",\"event\":\"\\uD800\",\"nonce\":\"\\uDBFF\",\"signature\":\"\\uD800\",\"timestamp\":\"\\uD800\"}")),
        ("NUL and control characters", () => Json("{\"code\":\"a\\u0000b\\u001b\",\"recording\":true,\"noticeVersion\":\"\\u0000\",\"slot\":\"\\u0000\",\"reason\":\"\\u0000\",\"event\":\"\\u0000\",\"signature\":\"\\u0000\"}")),
        ("number overflow", () => Json("{\"code\":1e400,\"recording\":1e400,\"slot\":-1e400,\"timestamp\":99999999999999999999999999,\"noticeVersion\":1e400}")),
        ("polyglot PNG sent as JSON", () => Bytes(TestImages.Png(2, 2), "application/json")),
        ("polyglot JSON then HTML", () => Json("{\"code\":\"x\"}<html><script>alert(1)</script></html>")),
        ("form body", () => new StringContent("code=abc&recording=true&slot=now", Encoding.UTF8, "application/x-www-form-urlencoded")),
        ("no content type", () => new ByteArrayContent("{\"code\":\"x\"}"u8.ToArray())),
        ("multipart with a file", () => Multipart()),
    ];

    /// <summary>
    /// Route values for an id or a token in the path, with what a JSON endpoint must answer. Kestrel itself refuses a
    /// path holding an encoded NUL (400, before the portal sees it), so that one cannot be a problem+json.
    /// </summary>
    public static IEnumerable<(string Case, string Value, Expect Expect)> PathValues() =>
    [
        ("not a guid", "not-a-guid", Expect.Problem),
        ("empty guid", Guid.Empty.ToString(), Expect.Problem),
        ("unknown guid", "7d1c3e5e-8a41-4cbb-9d5b-0f4d0b3c2a11", Expect.Problem),
        ("4 KB value", new string('A', 4096), Expect.Problem),
        ("invalid UTF-8 escape", "%C3%28%FF", Expect.Problem),
        ("NUL escape", "abc%00def", Expect.Refused),
        ("path traversal", "..%2F..%2Fetc%2Fpasswd", Expect.Problem),
        ("Chinese", Uri.EscapeDataString("面试邀请"), Expect.Problem),
        ("script", Uri.EscapeDataString("<script>alert(1)</script>"), Expect.Problem),
        ("integer overflow", "99999999999999999999999999", Expect.Problem),
    ];

    /// <summary>Authorization headers that are not a session.</summary>
    public static IEnumerable<(string Case, string? Value)> Bearers() =>
    [
        ("no header", null),
        ("empty bearer", "Bearer "),
        ("made-up token of the right shape", "Bearer " + new string('a', 43)),
        ("10 KB bearer", "Bearer " + new string('b', 10_000)),
        ("base64 padding and slashes", "Bearer " + new string('+', 20) + new string('/', 20) + "=="),
        ("path traversal", "Bearer ../../../../etc/passwd"),
        ("basic scheme", "Basic dXNlcjpwYXNz"),
        ("SQL", "Bearer ' OR 1=1 --"),
    ];

    /// <summary>Form bodies for the static SSR forms (no antiforgery token, or too much of everything).</summary>
    public static IEnumerable<(string Case, Func<HttpContent> Body)> FormBodies() =>
    [
        ("no antiforgery token", () => Form("Input.Email=a%40b.c&Input.Password=x")),
        ("huge field", () => Form("Input.Email=" + new string('e', 5 * 1024 * 1024))),
        ("too many fields", () => Form(string.Join('&', Enumerable.Range(0, 5000).Select(i => $"f{i}=v")))),
        ("deeply bracketed key", () => Form(string.Concat(Enumerable.Repeat("a[b]", 5000)) + "=1")),
        ("invalid UTF-8", () => Bytes([.. "Input.Email="u8, 0xC3, 0x28, 0xFF, .. "&Input.Password=%C3%28%ZZ"u8], "application/x-www-form-urlencoded")),
        ("JSON body", () => Json("{\"Input.Email\":\"a@b.c\"}")),
        ("multipart with a polyglot file", () => Multipart()),
        ("empty body", () => Form("")),
    ];

    /// <summary>The whole HTTP corpus, endpoint by endpoint.</summary>
    public static IReadOnlyList<BadRequest> Requests()
    {
        var all = new List<BadRequest>();

        // Mini-program API: bodies, then paths, then sessions.
        foreach (var (name, body) in JsonBodies())
        {
            all.Add(new($"POST {Mp}/login", name, Sender.Anonymous, "POST", $"{Mp}/login", body, Expect.Problem));
            all.Add(new($"POST {Mp}/interviews/{{id}}/consent", name, Sender.MiniProgram, "POST", $"{Mp}/interviews/{{interview}}/consent", body, Expect.Problem));
            all.Add(new($"POST {Mp}/interviews/{{id}}/reschedule-requests", name, Sender.MiniProgram, "POST", $"{Mp}/interviews/{{interview}}/reschedule-requests", body, Expect.Problem));
            all.Add(new("POST /api/zego/callbacks", name, Sender.Anonymous, "POST", "/api/zego/callbacks", body, Expect.Problem));
        }

        foreach (var (name, value, expect) in PathValues())
        {
            all.Add(new($"POST {Mp}/invitations/{{token}}/accept", name, Sender.MiniProgram, "POST", $"{Mp}/invitations/{value}/accept", Nothing, expect));
            all.Add(new($"POST {Mp}/interviews/{{id}}/join", name, Sender.MiniProgram, "POST", $"{Mp}/interviews/{value}/join", Nothing, expect));
            all.Add(new($"POST {Mp}/interviews/{{id}}/consent", name, Sender.MiniProgram, "POST", $"{Mp}/interviews/{value}/consent", () => Json("{\"recording\":true,\"noticeVersion\":\"2026.11\"}"), expect));
            all.Add(new($"POST {Mp}/interviews/{{id}}/reschedule-requests", name, Sender.MiniProgram, "POST", $"{Mp}/interviews/{value}/reschedule-requests",
                () => Json("{\"slot\":\"2030-01-01T10:00:00Z\",\"reason\":\"x\"}"), expect));
            all.Add(new($"* {Mp}/{{**rest}}", name, Sender.MiniProgram, "GET", $"{Mp}/{value}", Nothing, expect));
            all.Add(new("GET /i/{Token}", name, Sender.Anonymous, "GET", $"/i/{value}", Nothing, Expect.Refused));
        }

        foreach (var (name, bearer) in Bearers())
        {
            var auth = bearer is null ? null : new[] { ("Authorization", bearer) };
            all.Add(new($"POST {Mp}/invitations/{{token}}/accept", name, Sender.Anonymous, "POST", $"{Mp}/invitations/{{token}}/accept", Nothing, Expect.Problem, auth));
            all.Add(new($"GET {Mp}/interviews/current", name, Sender.Anonymous, "GET", $"{Mp}/interviews/current", Nothing, Expect.Problem, auth));
            all.Add(new($"POST {Mp}/interviews/{{id}}/join", name, Sender.Anonymous, "POST", $"{Mp}/interviews/{{interview}}/join", Nothing, Expect.Problem, auth));
            all.Add(new($"POST {Mp}/interviews/{{id}}/consent", name, Sender.Anonymous, "POST", $"{Mp}/interviews/{{interview}}/consent", () => Json("{\"recording\":true,\"noticeVersion\":\"2026.11\"}"), Expect.Problem, auth));
            all.Add(new($"POST {Mp}/interviews/{{id}}/reschedule-requests", name, Sender.Anonymous, "POST", $"{Mp}/interviews/{{interview}}/reschedule-requests",
                () => Json("{\"slot\":\"2030-01-01T10:00:00Z\",\"reason\":\"x\"}"), Expect.Problem, auth));
        }

        all.Add(new($"* {Mp}/{{**rest}}", "wrong method on a known path", Sender.Anonymous, "DELETE", $"{Mp}/login", Nothing, Expect.Problem));
        all.Add(new($"* {Mp}/{{**rest}}", "unknown version", Sender.Anonymous, "GET", $"{Mp}/../v0/login", Nothing, Expect.Refused));
        all.Add(new($"GET {Mp}/ping", "junk query and body", Sender.Anonymous, "GET", $"{Mp}/ping?x=%C3%28&{new string('q', 3000)}=1", () => Bytes([0xFF, 0x00, 0xFE], "application/json"), Expect.Ignored));
        all.Add(new($"GET {Mp}/ping", "8 KB query string", Sender.Anonymous, "GET", $"{Mp}/ping?q={new string('q', 9000)}", Nothing, Expect.Refused));

        // ZEGO callbacks: besides the JSON corpus, forms and signatures.
        foreach (var (name, body) in new (string, Func<HttpContent>)[]
        {
            ("form garbage", () => Form("%%%&&&===&=&")),
            ("form with invalid escapes", () => Form("event=%C3%28&signature=%ZZ&nonce=%00&timestamp=%FF")),
            ("form that is JSON", () => Form("{\"event\":\"room_create\"}")),
            ("unsigned event", () => Json("{\"event\":\"room_create\",\"room_id\":\"r1\",\"room_session_id\":\"1\"}")),
            ("signature of another secret", () => Json(ZegoSigner.Sign(System.Text.Json.Nodes.JsonNode.Parse("{\"event\":\"room_create\",\"room_id\":\"r1\"}")!.AsObject(), otherSecret: "not-the-secret-0123456789abcdef"))),
            ("stale timestamp", () => Json(ZegoSigner.Sign(System.Text.Json.Nodes.JsonNode.Parse("{\"event\":\"room_create\",\"room_id\":\"r1\"}")!.AsObject(), timestamp: 1_000_000_000))),
            ("40-character non-hex signature", () => Json("{\"event\":\"room_create\",\"timestamp\":\"1\",\"nonce\":\"n\",\"signature\":\"" + new string('z', 40) + "\"}")),
            ("huge form", () => Form("event=" + new string('e', 2 * 1024 * 1024))),
        })
        {
            all.Add(new("POST /api/zego/callbacks", name, Sender.Anonymous, "POST", "/api/zego/callbacks", body, Expect.Problem));
        }

        // The panel's video token (JSON) and the signed-in downloads.
        all.Add(new("POST /api/interviews/{id:guid}/video-token", "without the portal header", Sender.Hr, "POST", "/api/interviews/{interview}/video-token", Nothing, Expect.Problem));
        all.Add(new("POST /api/interviews/{id:guid}/video-token", "unknown interview", Sender.Hr, "POST", $"/api/interviews/{Guid.NewGuid()}/video-token", () => Json("{\"x\":"), Expect.Problem, [("X-Portal-Request", "1")]));
        all.Add(new("POST /api/interviews/{id:guid}/video-token", "huge JSON body", Sender.Hr, "POST", "/api/interviews/{interview}/video-token", () => Json("{\"x\":\"" + new string('x', 3 * 1024 * 1024) + "\"}"), Expect.Problem));
        all.Add(new("POST /api/interviews/{id:guid}/video-token", "anonymous", Sender.Anonymous, "POST", "/api/interviews/{interview}/video-token", Nothing, Expect.Problem, [("X-Portal-Request", "1")]));
        all.Add(new("POST /api/interviews/{id:guid}/video-token", "not a guid", Sender.Hr, "POST", "/api/interviews/not-a-guid/video-token", Nothing, Expect.Problem, [("X-Portal-Request", "1")]));

        var unknown = Guid.NewGuid();
        all.Add(new("GET /interviews/{id:guid}/invite.ics", "unknown interview", Sender.Hr, "GET", $"/interviews/{unknown}/invite.ics", Nothing, Expect.Refused));
        all.Add(new("GET /interviews/{id:guid}/invite.ics", "anonymous", Sender.Anonymous, "GET", "/interviews/{interview}/invite.ics", Nothing, Expect.Refused));
        all.Add(new("GET /interviews/{id:guid}/invitation/code.png", "unknown interview", Sender.Hr, "GET", $"/interviews/{unknown}/invitation/code.png", Nothing, Expect.Refused));
        all.Add(new("GET /reports/{kind}/export.{format}", "unknown report", Sender.Hr, "GET", "/reports/secrets/export.csv", Nothing, Expect.Refused));
        all.Add(new("GET /reports/{kind}/export.{format}", "unknown format", Sender.Hr, "GET", "/reports/NoShows/export.exe", Nothing, Expect.Refused));
        all.Add(new("GET /reports/{kind}/export.{format}", "a date that is not one", Sender.Hr, "GET", "/reports/NoShows/export.csv?from=yesterday&to=2026-13-45", Nothing, Expect.Refused));
        all.Add(new("GET /reports/{kind}/export.{format}", "position not a guid", Sender.Hr, "GET", "/reports/NoShows/export.csv?position=%C3%28", Nothing, Expect.Refused));
        all.Add(new("GET /reports/{kind}/export.{format}", "round out of range", Sender.Hr, "GET", "/reports/NoShows/export.csv?round=999", Nothing, Expect.Refused));
        all.Add(new("GET /audit/export.csv", "a time that is not one", Sender.Hr, "GET", "/audit/export.csv?from=%00&to=never", Nothing, Expect.Refused));
        all.Add(new("GET /permission/materials/{id:guid}", "unknown material", Sender.Hr, "GET", $"/permission/materials/{unknown}", Nothing, Expect.Refused));
        all.Add(new("GET /permission/{id:guid}/description.{format}", "unknown format", Sender.Hr, "GET", $"/permission/{unknown}/description.exe", Nothing, Expect.Refused));
        all.Add(new("GET /candidates/{id:guid}/export", "unknown candidate", Sender.Hr, "GET", $"/candidates/{unknown}/export", Nothing, Expect.Refused));
        all.Add(new("GET /candidates/{id:guid}/files/{fileId:guid}", "unknown file", Sender.Hr, "GET", $"/candidates/{unknown}/files/{unknown}", Nothing, Expect.Refused));
        all.Add(new("GET /candidates/import/template", "junk query", Sender.Hr, "GET", "/candidates/import/template?x=%C3%28&format=exe", Nothing, Expect.Ignored));
        all.Add(new("GET /recordings/files/{id:long}", "unknown file", Sender.Hr, "GET", "/recordings/files/987654321", Nothing, Expect.Refused));
        all.Add(new("GET /recordings/files/{id:long}", "integer overflow", Sender.Hr, "GET", "/recordings/files/99999999999999999999999", Nothing, Expect.Refused));
        all.Add(new("GET /recordings/files/{id:long}", "negative", Sender.Hr, "GET", "/recordings/files/-1", Nothing, Expect.Refused));

        // Shell: the language switch, sign-out, health, the jobs dashboard.
        all.Add(new("GET /culture/set", "no culture", Sender.Anonymous, "GET", "/culture/set", Nothing, Expect.Refused));
        all.Add(new("GET /culture/set", "header injection in returnUrl", Sender.Anonymous, "GET", "/culture/set?culture=en-US&returnUrl=/x%0D%0ASet-Cookie:%20a=b", Nothing, Expect.Ignored));
        all.Add(new("GET /culture/set", "invalid UTF-8 in returnUrl", Sender.Hr, "GET", "/culture/set?culture=zh-CN&returnUrl=/%C3%28%FF", Nothing, Expect.Ignored));
        all.Add(new("GET /culture/set", "unknown culture", Sender.Hr, "GET", "/culture/set?culture=%3Cscript%3E&returnUrl=//evil.example", Nothing, Expect.Ignored));
        foreach (var (name, body) in FormBodies())
        {
            all.Add(new("POST /Account/Logout", name, Sender.Anonymous, "POST", "/Account/Logout", body, Expect.Refused));
            all.Add(new("POST /Account/Login", name, Sender.Anonymous, "POST", "/Account/Login", body, Expect.Refused));
        }

        all.Add(new("* /health", "junk query", Sender.Anonymous, "GET", "/health?%C3%28=%FF", Nothing, Expect.Ignored));
        all.Add(new("* /jobs/{**path}", "anonymous junk path", Sender.Anonymous, "GET", "/jobs/%C3%28/..%2F..", Nothing, Expect.Refused));
        all.Add(new("* /jobs/{**path}", "HR is not an admin", Sender.Hr, "POST", "/jobs/recurring/trigger", () => Form("jobs[]=%00"), Expect.Refused));

        // Static files: a missing file, traversal, a name that is not UTF-8.
        all.Add(new("GET /{**path:file}", "missing file", Sender.Anonymous, "GET", "/no-such-file.css", Nothing, Expect.Refused));
        all.Add(new("GET /{**path:file}", "traversal", Sender.Anonymous, "GET", "/..%2F..%2Fappsettings.json", Nothing, Expect.Refused));
        all.Add(new("GET /{**path:file}", "invalid UTF-8 name", Sender.Anonymous, "GET", "/%C3%28%FF.js", Nothing, Expect.Refused));
        all.Add(new("HEAD /{**path:file}", "missing file", Sender.Anonymous, "HEAD", "/no-such-file.png", Nothing, Expect.Refused));

        return all;
    }

    /// <summary>Anonymous pages: a junk query is ignored, a form post without a token is refused.</summary>
    public static IEnumerable<BadRequest> PageRequests(string route, string path)
    {
        yield return new($"GET {route}", "junk query", Sender.Anonymous, "GET", path + "?returnUrl=%0D%0A//evil&code=%C3%28&token=" + new string('t', 3000), Nothing, Expect.Ignored);
        yield return new($"POST {route}", "form without antiforgery", Sender.Anonymous, "POST", path, () => Form("Input.Code=%C3%28&Input.Password=x"), Expect.Refused);
    }

    // ---- uploads ----

    /// <summary>Résumés that are not a usable PDF, with the rule that refuses each.</summary>
    public static IEnumerable<(string Case, byte[] Content, string Rule)> ResumeFiles() =>
    [
        ("zero bytes", [], "ResumeEmpty"),
        ("truncated PDF", Pdf()[..40], "ResumeNotPdf"),
        ("PDF header only", "%PDF-1.7\n"u8.ToArray(), "ResumeNotPdf"),
        ("polyglot HTML with a PDF inside", [.. Encoding.UTF8.GetBytes("<html><script>alert(1)</script>" + new string(' ', 2048)), .. Pdf()], "ResumeNotPdf"),
        ("polyglot PNG", TestImages.Png(20, 20), "ResumeNotPdf"),
        ("ZIP", [0x50, 0x4B, 0x03, 0x04, .. new byte[200]], "ResumeNotPdf"),
        ("invalid UTF-8 text", [0xC3, 0x28, 0xFF, 0xFE, 0xED, 0xA0, 0x80], "ResumeNotPdf"),
        ("over 10 MB", [.. "%PDF-1.7\n"u8, .. new byte[10 * 1024 * 1024], .. "\n%%EOF\n"u8], "ResumeTooLarge"),
    ];

    /// <summary>Import files that are not a usable CSV, with the rule that refuses each.</summary>
    public static IEnumerable<(string Case, byte[] Content, string Rule)> ImportFiles() =>
    [
        ("zero bytes", [], "CandidateImportEmpty"),
        ("truncated header", "姓"u8.ToArray(), "CandidateImportMissingColumns"),
        ("binary (PNG)", TestImages.Png(20, 20), "CandidateImportMissingColumns"),
        ("invalid UTF-8", [0xC3, 0x28, 0xFF, 0xFE, 0x0A, 0xED, 0xA0, 0x80, 0x0A], "CandidateImportMissingColumns"),
        ("polyglot HTML", Encoding.UTF8.GetBytes("<html><body><script>alert(1)</script>\n=cmd|' /C calc'!A0,@SUM(1+1)\n"), "CandidateImportMissingColumns"),
        ("NUL bytes", new byte[4096], "CandidateImportMissingColumns"),
        ("unterminated quote", Encoding.UTF8.GetBytes("\"" + new string('x', 100_000)), "CandidateImportMissingColumns"),
        ("over 5 MB", Encoding.UTF8.GetBytes(new string('a', 5 * 1024 * 1024 + 1)), "CandidateImportFileTooLarge"),
    ];

    /// <summary>Permission materials that are not a usable JPG/PNG, with the rule that refuses each.</summary>
    public static IEnumerable<(string Case, byte[] Content, string Rule)> ImageFiles()
    {
        var png = TestImages.Png(300, 200);
        var jpeg = TestImages.Jpeg(300, 200);
        return
        [
            ("zero bytes", [], "PermissionUploadEmpty"),
            ("truncated PNG", png[..(png.Length / 2)], "PermissionUploadTruncated"),
            ("truncated JPEG", jpeg[..(jpeg.Length / 2)], "PermissionUploadTruncated"),
            ("PNG signature only", png[..8], "PermissionUploadTruncated"),
            ("polyglot PNG with a ZIP appended", [.. png, 0x50, 0x4B, 0x03, 0x04, .. new byte[64]], "PermissionUploadTruncated"),
            ("polyglot JPEG with HTML appended", [.. jpeg, .. Encoding.UTF8.GetBytes("<html><script>alert(1)</script></html>")], "PermissionUploadTruncated"),
            ("SVG with a script", Encoding.UTF8.GetBytes("<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>"), "PermissionUploadNotImage"),
            ("GIF", "GIF89a\u0001\0\u0001\0"u8.ToArray(), "PermissionUploadNotImage"),
            ("PDF", Pdf(), "PermissionUploadNotImage"),
            ("invalid UTF-8 text", [0xC3, 0x28, 0xFF, 0xFE], "PermissionUploadNotImage"),
            ("2 MB", TestImages.Jpeg(4000, 3000, totalBytes: 2 * 1024 * 1024), "PermissionUploadTooLarge"),
        ];
    }

    public static byte[] Pdf() => Encoding.ASCII.GetBytes("%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n");

    /// <summary>The signer for the callback cases (the tests configure the portal with this secret).</summary>
    public static readonly string ZegoSecret = "corpus-callback-secret-0123456789";

    private static readonly ZegoCallbackSigner ZegoSigner = new(ZegoSecret, TimeProvider.System);

    private static HttpContent? Nothing() => null;

    private static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");

    private static StringContent Form(string text) => new(text, Encoding.UTF8, "application/x-www-form-urlencoded");

    private static ByteArrayContent Bytes(byte[] bytes, string type) => new(bytes) { Headers = { ContentType = new MediaTypeHeaderValue(type) } };

    /// <summary>A body without a Content-Length, as a chunked upload arrives.</summary>
    private static StreamContent Chunked(byte[] bytes, string type)
    {
        var content = new StreamContent(new NoLengthStream(bytes));
        content.Headers.ContentType = new MediaTypeHeaderValue(type);
        return content;
    }

    private static MultipartFormDataContent Multipart()
    {
        var content = new MultipartFormDataContent();
        content.Add(new ByteArrayContent([.. TestImages.Png(2, 2), .. "%PDF-1.7\n%%EOF"u8]), "file", "cv.pdf.png");
        content.Add(new StringContent("{\"code\":\"x\"}"), "json");
        return content;
    }

    /// <summary>A stream that will not tell its length, so HttpClient sends it chunked.</summary>
    private sealed class NoLengthStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
