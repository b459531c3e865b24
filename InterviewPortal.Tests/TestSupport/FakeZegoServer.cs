using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using InterviewPortal.Web.Integrations.Zego;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace InterviewPortal.Tests.TestSupport;

/// <summary>
/// ZEGO's cloud-recording server API on a loopback port, per integrations §3: checks every request's common parameters
/// and MD5 signature (Code 100000005 when wrong, 100000004 when the timestamp is more than 10 minutes off the given
/// clock), answers StartRecord idempotently per ClientTaskId, StopRecord (300001000 unknown task, 300001001 already
/// stopped) and DescribeRecordStatus. Tests steer it: queue a Code or an HTTP failure for an action, delay answers
/// (timeouts), answer garbage. It also stands in for the S3-compatible bucket: DELETE on a path-style object URL is
/// recorded with its Authorization header.
/// </summary>
public sealed class FakeZegoServer : IAsyncDisposable
{
    public const uint AppId = 1234567890;
    public const string ServerSecret = "0123456789abcdef0123456789abcdef";
    public const string Bucket = "interview-recordings";

    private readonly WebApplication _app;
    private readonly Func<DateTimeOffset> _now;
    private readonly ConcurrentDictionary<string, string> _tasksByClientId = new();
    private readonly ConcurrentDictionary<string, bool> _stopped = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<long>> _codes = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<int>> _httpFailures = new();
    private readonly ConcurrentQueue<(string Action, JsonObject Body)> _requests = new();
    private readonly ConcurrentQueue<(string Path, string? Authorization)> _deletes = new();
    private int _taskCounter;

    private FakeZegoServer(WebApplication app, Func<DateTimeOffset> now)
    {
        _app = app;
        _now = now;
    }

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>How long every answer takes (longer than the client's timeout = a timeout).</summary>
    public TimeSpan Delay { get; set; }

    /// <summary>Answer with a body that is not JSON.</summary>
    public bool AnswerGarbage { get; set; }

    /// <summary>What DescribeRecordStatus reports: the status and the files (RecordFiles items).</summary>
    public (int Status, JsonArray Files) DescribedStatus { get; set; } = (2, []);

    public static async Task<FakeZegoServer> StartAsync(Func<DateTimeOffset>? now = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        // The portal's appsettings.json (copied next to the tests) names a Kestrel endpoint, which would win over
        // UseUrls and put every fake on the same port: two at once (test lanes run side by side) could not both start.
        builder.Configuration["Kestrel:Endpoints:Http:Url"] = "http://127.0.0.1:0";
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new FakeZegoServer(app, now ?? (() => DateTimeOffset.UtcNow));
        app.MapPost("/", (Delegate)server.HandleAsync);
        app.MapDelete("/{**path}", (HttpContext http, string path) =>
        {
            server._deletes.Enqueue(("/" + path, http.Request.Headers.Authorization.ToString()));
            return Results.NoContent();
        });
        await app.StartAsync();
        server.BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/");
        return server;
    }

    public IReadOnlyList<JsonObject> Requests(string action) => [.. _requests.Where(r => r.Action == action).Select(r => r.Body)];

    public IReadOnlyList<(string Path, string? Authorization)> Deletes => [.. _deletes];

    public string TaskIdFor(string clientTaskId) => _tasksByClientId[clientTaskId];

    public void QueueCode(string action, long code) => _codes.GetOrAdd(action, _ => new()).Enqueue(code);

    public void QueueHttpFailure(string action, int status) => _httpFailures.GetOrAdd(action, _ => new()).Enqueue(status);

    private async Task<IResult> HandleAsync(HttpContext http)
    {
        if (Delay > TimeSpan.Zero)
        {
            await Task.Delay(Delay);
        }

        var q = http.Request.Query;
        var action = q["Action"].ToString();
        if (AnswerGarbage)
        {
            return Results.Text("<html>bad gateway</html>", "text/html");
        }

        if (_httpFailures.TryGetValue(action, out var failures) && failures.TryDequeue(out var status))
        {
            return Results.StatusCode(status);
        }

        if (q["AppId"] != AppId.ToString() || q["SignatureVersion"] != "2.0" || q["SignatureNonce"].ToString() is not { Length: 16 } nonce
            || !long.TryParse(q["Timestamp"], out var timestamp))
        {
            return Reply(100000005, "missing or malformed common parameter");
        }

        if (q["Signature"] != ZegoServerApi.Sign(AppId, nonce, ServerSecret, timestamp))
        {
            return Reply(100000005, "signature invalid");
        }

        if (Math.Abs(_now().ToUnixTimeSeconds() - timestamp) > 600)
        {
            return Reply(100000004, "signature expired");
        }

        var body = JsonNode.Parse(await new StreamReader(http.Request.Body).ReadToEndAsync())!.AsObject();
        _requests.Enqueue((action, body));
        if (_codes.TryGetValue(action, out var codes) && codes.TryDequeue(out var code))
        {
            return Reply(code, "queued failure");
        }

        switch (action)
        {
            case "StartRecord":
                var clientTaskId = body["RecordInputParams"]?["ClientTaskId"]?.GetValue<string>();
                if (body["RoomId"] is null || body["StorageParams"]?["Vendor"] is null || clientTaskId is null)
                {
                    return Reply(300000004, "invalid parameter");
                }

                var taskId = _tasksByClientId.GetOrAdd(clientTaskId, _ => $"T{Interlocked.Increment(ref _taskCounter):D15}");
                return Reply(0, "succeed", new JsonObject { ["TaskId"] = taskId });
            case "StopRecord":
                var stop = body["TaskId"]?.GetValue<string>() ?? "";
                if (!_tasksByClientId.Values.Contains(stop))
                {
                    return Reply(300001000, "task does not exist");
                }

                return _stopped.TryAdd(stop, true) ? Reply(0, "succeed") : Reply(300001001, "task already stopped");
            case "DescribeRecordStatus":
                return Reply(0, "succeed", new JsonObject { ["Status"] = DescribedStatus.Status, ["RecordFiles"] = DescribedStatus.Files.DeepClone() });
            default:
                return Reply(300000004, "unknown action");
        }
    }

    private static IResult Reply(long code, string message, JsonObject? data = null)
    {
        var o = new JsonObject { ["Code"] = code, ["Message"] = message, ["RequestId"] = Guid.NewGuid().ToString("N") };
        if (data is not null)
        {
            o["Data"] = data;
        }

        return Results.Text(o.ToJsonString(), "application/json");
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
