using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace InterviewPortal.Web.Integrations.Storage;

/// <summary>
/// AWS Signature Version 4 for single object requests (Amazon S3 and S3-compatible stores such as MinIO, Tencent COS,
/// Alibaba OSS in S3 mode): a presigned GET link for playback and a signed header set for DELETE. Only what the portal
/// needs: no request body (UNSIGNED-PAYLOAD for presigned links, the empty-body hash for DELETE).
/// </summary>
public static class S3Signer
{
    private const string Algorithm = "AWS4-HMAC-SHA256";
    private const string EmptyBodyHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    /// <summary>A GET link valid for <paramref name="lifetime"/> (SigV4 query authentication).</summary>
    public static Uri PresignGet(Uri objectUrl, string region, string accessKeyId, string secretKey, DateTime nowUtc, TimeSpan lifetime)
    {
        var amzDate = nowUtc.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var day = amzDate[..8];
        var scope = $"{day}/{region}/s3/aws4_request";
        var query = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["X-Amz-Algorithm"] = Algorithm,
            ["X-Amz-Credential"] = $"{accessKeyId}/{scope}",
            ["X-Amz-Date"] = amzDate,
            ["X-Amz-Expires"] = ((long)lifetime.TotalSeconds).ToString(CultureInfo.InvariantCulture),
            ["X-Amz-SignedHeaders"] = "host",
        };
        var canonicalQuery = string.Join('&', query.Select(kv => Encode(kv.Key) + "=" + Encode(kv.Value)));
        var canonicalRequest = string.Join('\n', "GET", CanonicalPath(objectUrl), canonicalQuery, "host:" + Host(objectUrl), "", "host", "UNSIGNED-PAYLOAD");
        var signature = Signature(canonicalRequest, amzDate, scope, secretKey, day, region);
        return new Uri($"{objectUrl.GetLeftPart(UriPartial.Path)}?{canonicalQuery}&X-Amz-Signature={signature}");
    }

    /// <summary>The headers (Authorization, x-amz-date, x-amz-content-sha256) for a DELETE of <paramref name="objectUrl"/>.</summary>
    public static IReadOnlyDictionary<string, string> SignDelete(Uri objectUrl, string region, string accessKeyId, string secretKey, DateTime nowUtc)
    {
        var amzDate = nowUtc.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var day = amzDate[..8];
        var scope = $"{day}/{region}/s3/aws4_request";
        const string signedHeaders = "host;x-amz-content-sha256;x-amz-date";
        var canonicalHeaders = $"host:{Host(objectUrl)}\nx-amz-content-sha256:{EmptyBodyHash}\nx-amz-date:{amzDate}\n";
        var canonicalRequest = string.Join('\n', "DELETE", CanonicalPath(objectUrl), "", canonicalHeaders, signedHeaders, EmptyBodyHash);
        var signature = Signature(canonicalRequest, amzDate, scope, secretKey, day, region);
        return new Dictionary<string, string>
        {
            ["Authorization"] = $"{Algorithm} Credential={accessKeyId}/{scope}, SignedHeaders={signedHeaders}, Signature={signature}",
            ["x-amz-date"] = amzDate,
            ["x-amz-content-sha256"] = EmptyBodyHash,
        };
    }

    /// <summary>The object's URL: virtual-hosted (bucket.endpoint/key) or path style (endpoint/bucket/key).</summary>
    public static Uri ObjectUrl(Uri endpoint, string bucket, string key, bool pathStyle)
    {
        var encodedKey = string.Join('/', key.Split('/').Select(Encode));
        var builder = new UriBuilder(endpoint);
        if (pathStyle)
        {
            builder.Path = builder.Path.TrimEnd('/') + "/" + Encode(bucket) + "/" + encodedKey;
        }
        else
        {
            builder.Host = bucket + "." + builder.Host;
            builder.Path = builder.Path.TrimEnd('/') + "/" + encodedKey;
        }

        return builder.Uri;
    }

    private static string Host(Uri url) => url.IsDefaultPort ? url.Host : $"{url.Host}:{url.Port}";

    // The path is already percent-encoded by ObjectUrl (each segment once, as S3 expects).
    private static string CanonicalPath(Uri url) => url.AbsolutePath.Length == 0 ? "/" : url.AbsolutePath;

    private static string Signature(string canonicalRequest, string amzDate, string scope, string secretKey, string day, string region)
    {
        var stringToSign = string.Join('\n', Algorithm, amzDate, scope, Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest))));
        var key = Hmac(Encoding.UTF8.GetBytes("AWS4" + secretKey), day);
        key = Hmac(key, region);
        key = Hmac(key, "s3");
        key = Hmac(key, "aws4_request");
        return Hex(Hmac(key, stringToSign));
    }

    private static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);

    /// <summary>RFC 3986 unreserved characters kept, everything else %XX (uppercase), as SigV4 requires.</summary>
    private static string Encode(string value)
    {
        var sb = new StringBuilder(value.Length);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~')
            {
                sb.Append(c);
            }
            else
            {
                sb.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return sb.ToString();
    }
}
