using System.Text.Json;
using System.Text.Json.Nodes;
using InterviewPortal.Web.Integrations.Zego;

namespace InterviewPortal.Tests.TestSupport;

/// <summary>Signs a callback body as ZEGO does (integrations §4.2), with a fresh nonce per call.</summary>
public sealed class ZegoCallbackSigner(string secret, TimeProvider clock)
{
    private int _nonce;

    public string Sign(JsonObject body, string? otherSecret = null, long? timestamp = null)
    {
        var o = body.DeepClone().AsObject();
        var ts = (timestamp ?? clock.GetUtcNow().ToUnixTimeSeconds()).ToString();
        var nonce = $"n{Interlocked.Increment(ref _nonce)}";
        // Numbers stay numbers where the example sent numbers.
        o["timestamp"] = o["timestamp"] is JsonValue v && v.GetValueKind() == JsonValueKind.Number ? JsonValue.Create(long.Parse(ts)) : ts;
        o["nonce"] = nonce;
        o["signature"] = ZegoCallback.Sign(otherSecret ?? secret, ts, nonce);
        return o.ToJsonString();
    }
}
