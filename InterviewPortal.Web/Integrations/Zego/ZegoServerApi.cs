using System.Globalization;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace InterviewPortal.Web.Integrations.Zego;

/// <summary>A ZEGO server API call that failed: a non-zero <c>Code</c> (even with HTTP 200), an HTTP error, a timeout or garbage.</summary>
public sealed class ZegoApiException(string action, long code, string message, Exception? inner = null)
    : Exception($"ZEGO {action} failed: {(code == 0 ? "" : $"Code {code}, ")}{message}", inner)
{
    public const long TaskAlreadyStopped = 300001001;
    public const long TaskDoesNotExist = 300001000;

    public string Action { get; } = action;

    /// <summary>ZEGO's <c>Code</c>; 0 when the failure was not an answer from ZEGO (network, timeout, HTTP status).</summary>
    public long Code { get; } = code;
}

/// <summary>A recorded file as ZEGO reports it (DescribeRecordStatus and the upload-finished callback share the shape).</summary>
public sealed record ZegoRecordFile(
    string FileId, string? UserId, string? StreamId, string? FileUrl, string Format, long FileSize, long DurationMs, int Width, int Height, long BeginTimestampMs, int Status)
{
    /// <summary>Reads one item of <c>RecordFiles</c> (PascalCase) or <c>file_info</c> (snake_case); null when it has no file id.</summary>
    public static ZegoRecordFile? Read(JsonElement e)
    {
        if (e.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        string? S(string pascal, string snake) =>
            (e.TryGetProperty(pascal, out var v) || e.TryGetProperty(snake, out v)) ? v.ValueKind switch
            {
                JsonValueKind.String => v.GetString(),
                JsonValueKind.Number => v.GetRawText(),
                _ => null,
            } : null;
        long L(string pascal, string snake) => long.TryParse(S(pascal, snake), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n : 0;

        return S("FileId", "file_id") is { Length: > 0 and <= 300 } id
            ? new ZegoRecordFile(id, S("UserId", "user_id"), S("StreamId", "stream_id"), S("FileUrl", "file_url"), S("OutputFileFormat", "output_file_format") ?? "",
                L("FileSize", "file_size"), L("Duration", "duration"), (int)L("ResolutionWidth", "resolution_width"), (int)L("ResolutionHeight", "resolution_height"),
                L("BeginTimestamp", "begin_timestamp"), (int)L("Status", "status"))
            : null;
    }
}

/// <summary>DescribeRecordStatus' answer: 1 initializing, 2 recording, 3 ended, 4 ended abnormally, 5 paused.</summary>
public sealed record ZegoRecordStatus(int Status, IReadOnlyList<ZegoRecordFile> Files);

/// <summary>
/// ZEGO's signed server API for cloud recording (integrations §3): every request carries AppId, a fresh 16-hex nonce, the
/// Unix timestamp, SignatureVersion 2.0 and Signature = md5(AppId + SignatureNonce + ServerSecret + Timestamp); the
/// business parameters go in a JSON body. A reply is a success only when its <c>Code</c> is 0. Storage keys travel in
/// StartRecord's body and are never logged: only the action, ZEGO's code and request id are.
/// </summary>
public sealed class ZegoServerApi(HttpClient http, IOptions<ZegoOptions> options, TimeProvider time, ILogger<ZegoServerApi> log)
{
    /// <summary>The documented signature: MD5 over AppId + nonce + secret + timestamp, 32 lowercase hex characters.</summary>
    public static string Sign(uint appId, string nonce, string serverSecret, long timestamp) =>
        Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(
            appId.ToString(CultureInfo.InvariantCulture) + nonce + serverSecret + timestamp.ToString(CultureInfo.InvariantCulture))));

    /// <summary>
    /// StartRecord for a room, per-stream audio+video in MP4. <paramref name="clientTaskId"/> makes it idempotent: a
    /// retried start returns the task already running. Returns ZEGO's task id.
    /// </summary>
    public async Task<string> StartRecordAsync(string roomId, string clientTaskId, CancellationToken ct)
    {
        var o = options.Value;
        var storage = o.Storage;
        var storageParams = new JsonObject { ["Vendor"] = storage.Vendor, ["Bucket"] = storage.Bucket };
        if (!string.IsNullOrEmpty(storage.Region))
        {
            storageParams["Region"] = storage.Region;
        }

        if (ZegoStorageOptions.NeedsKeys(storage.Vendor))
        {
            storageParams["AccessKeyId"] = storage.AccessKeyId;
            storageParams["AccessKeySecret"] = storage.AccessKeySecret;
        }

        if (storage.Vendor == 10 && storage.EndPoint is { } endPoint)
        {
            storageParams["EndPoint"] = endPoint.ToString();
            storageParams["S3ForcePathStyle"] = storage.S3ForcePathStyle;
        }

        var output = new JsonObject { ["OutputFileFormat"] = "mp4", ["OutputFolder"] = storage.OutputFolder };
        if (o.RecordingCallbackUrl is { } callback)
        {
            output["CallbackUrl"] = callback.ToString();
        }

        var body = new JsonObject
        {
            ["RoomId"] = roomId,
            ["RecordInputParams"] = new JsonObject
            {
                ["RecordMode"] = 1,
                ["StreamType"] = 3,
                ["MaxIdleTime"] = 300,
                ["MaxRecordTime"] = 4 * 3600,
                ["ClientTaskId"] = clientTaskId,
            },
            ["RecordOutputParams"] = output,
            ["StorageParams"] = storageParams,
        };
        var data = await CallAsync("StartRecord", body, ct);
        return data is { } d && d.TryGetProperty("TaskId", out var id) && id.GetString() is { Length: > 0 } taskId
            ? taskId
            : throw Fail("StartRecord", 0, "the reply has no Data.TaskId");
    }

    /// <summary>StopRecord; a task ZEGO already stopped (300001001) counts as stopped.</summary>
    public async Task StopRecordAsync(string taskId, CancellationToken ct)
    {
        try
        {
            await CallAsync("StopRecord", new JsonObject { ["TaskId"] = taskId }, ct);
        }
        catch (ZegoApiException ex) when (ex.Code == ZegoApiException.TaskAlreadyStopped)
        {
        }
    }

    public async Task<ZegoRecordStatus> DescribeRecordStatusAsync(string taskId, CancellationToken ct)
    {
        var data = await CallAsync("DescribeRecordStatus", new JsonObject { ["TaskId"] = taskId }, ct)
            ?? throw Fail("DescribeRecordStatus", 0, "the reply has no Data");
        var status = data.TryGetProperty("Status", out var s) && s.TryGetInt32(out var n) ? n : 0;
        var files = data.TryGetProperty("RecordFiles", out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Select(ZegoRecordFile.Read).OfType<ZegoRecordFile>().ToList()
            : [];
        return new ZegoRecordStatus(status, files);
    }

    private async Task<JsonElement?> CallAsync(string action, JsonObject body, CancellationToken ct)
    {
        var o = options.Value;
        if (!o.IsEnabled || o.ServerSecret is null)
        {
            throw Fail(action, 0, "Zego:AppId and Zego:ServerSecret are not configured");
        }

        var nonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
        var query = string.Create(CultureInfo.InvariantCulture,
            $"?Action={action}&AppId={o.AppId}&SignatureNonce={nonce}&Timestamp={timestamp}&SignatureVersion=2.0&Signature={Sign(o.AppId, nonce, o.ServerSecret, timestamp)}");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(o.ServerApiTimeout);
        HttpResponseMessage response;
        try
        {
            response = await http.PostAsync(new Uri(o.ServerApiBaseUrl, query), JsonContent.Create(body), timeout.Token);
        }
        catch (OperationCanceledException ex) when (!ct.IsCancellationRequested)
        {
            throw Fail(action, 0, $"no answer within {o.ServerApiTimeout.TotalSeconds:0} s", ex);
        }
        catch (HttpRequestException ex)
        {
            throw Fail(action, 0, ex.Message, ex);
        }

        using (response)
        {
            string text;
            try
            {
                text = await response.Content.ReadAsStringAsync(timeout.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or HttpRequestException && !ct.IsCancellationRequested)
            {
                throw Fail(action, 0, "the reply could not be read", ex);
            }

            if (!response.IsSuccessStatusCode)
            {
                throw Fail(action, 0, $"HTTP {(int)response.StatusCode}");
            }

            JsonElement root;
            try
            {
                root = JsonDocument.Parse(text).RootElement.Clone();
            }
            catch (JsonException ex)
            {
                throw Fail(action, 0, "the reply is not JSON", ex);
            }

            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("Code", out var codeElement) || !codeElement.TryGetInt64(out var code))
            {
                throw Fail(action, 0, "the reply has no Code");
            }

            var requestId = root.TryGetProperty("RequestId", out var r) ? r.ToString() : "";
            if (code != 0)
            {
                var message = root.TryGetProperty("Message", out var m) ? m.ToString() : "";
                log.LogWarning("ZEGO {Action} refused: Code {Code} {Message} (request {RequestId})", action, code, message, requestId);
                throw new ZegoApiException(action, code, message);
            }

            log.LogInformation("ZEGO {Action} succeeded (request {RequestId})", action, requestId);
            return root.TryGetProperty("Data", out var data) && data.ValueKind == JsonValueKind.Object ? data : null;
        }
    }

    private ZegoApiException Fail(string action, long code, string message, Exception? inner = null)
    {
        log.LogWarning(inner, "ZEGO {Action} failed: {Message}", action, message);
        return new ZegoApiException(action, code, message, inner);
    }
}
