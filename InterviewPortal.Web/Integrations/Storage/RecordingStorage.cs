using InterviewPortal.Web.Integrations.Zego;
using Microsoft.Extensions.Options;

namespace InterviewPortal.Web.Integrations.Storage;

/// <summary>
/// The bucket ZEGO uploads recordings to (<c>Zego:Storage</c>). For Amazon S3 and S3-compatible stores the portal signs
/// short-lived playback links and deletes expired files itself; for other vendors it hands out the URL ZEGO reported and
/// deletion is left to the bucket's lifecycle rules (the deletion record says so).
/// </summary>
public sealed class RecordingStorage(HttpClient http, IOptions<ZegoOptions> options, TimeProvider clock, ILogger<RecordingStorage> log)
{
    private ZegoStorageOptions Storage => options.Value.Storage;

    public bool CanSign => Storage.IsS3 && !string.IsNullOrEmpty(Storage.AccessKeyId) && !string.IsNullOrEmpty(Storage.AccessKeySecret) && !string.IsNullOrEmpty(Storage.Bucket);

    public bool CanDelete => CanSign && Storage.DeleteExpired;

    /// <summary>The object key ZEGO wrote: the output folder followed by the file id.</summary>
    public string KeyFor(string fileId)
    {
        var folder = Storage.OutputFolder.Trim('/');
        return folder.Length == 0 ? fileId : folder + "/" + fileId;
    }

    /// <summary>A link the browser can play: signed for S3 stores, else the vendor's URL as reported (null when none).</summary>
    public Uri? PlaybackUrl(string fileId, string? reportedUrl)
    {
        if (CanSign)
        {
            var s = Storage;
            return S3Signer.PresignGet(ObjectUrl(fileId), Region, s.AccessKeyId!, s.AccessKeySecret!, clock.GetUtcNow().UtcDateTime, s.PlaybackLinkLifetime);
        }

        return reportedUrl is not null && Uri.TryCreate(reportedUrl, UriKind.Absolute, out var url) ? url : null;
    }

    /// <summary>Deletes the object; true when the store confirmed it (a missing object counts as deleted).</summary>
    public async Task<bool> DeleteAsync(string fileId, CancellationToken ct)
    {
        if (!CanDelete)
        {
            return false;
        }

        var s = Storage;
        var url = ObjectUrl(fileId);
        using var request = new HttpRequestMessage(HttpMethod.Delete, url);
        foreach (var (name, value) in S3Signer.SignDelete(url, Region, s.AccessKeyId!, s.AccessKeySecret!, clock.GetUtcNow().UtcDateTime))
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        try
        {
            using var response = await http.SendAsync(request, timeout.Token);
            if (response.IsSuccessStatusCode || response.StatusCode == System.Net.HttpStatusCode.NotFound)
            {
                return true;
            }

            log.LogWarning("Deleting recording file {FileId} from storage failed: HTTP {Status}", fileId, (int)response.StatusCode);
            return false;
        }
        catch (Exception ex) when (ex is HttpRequestException || (ex is OperationCanceledException && !ct.IsCancellationRequested))
        {
            log.LogWarning(ex, "Deleting recording file {FileId} from storage failed", fileId);
            return false;
        }
    }

    /// <summary>
    /// The origins recordings are played from, for the page's media-src: the S3 endpoint (bucket host included) when
    /// the portal signs links, plus any listed in <c>Zego:Storage:MediaOrigins</c> (other vendors' bucket domains).
    /// </summary>
    public static IReadOnlyList<string> MediaOrigins(ZegoOptions options)
    {
        var s = options.Storage;
        var origins = new List<string>();
        if (options.RecordingEnabled && s.IsS3 && !string.IsNullOrEmpty(s.Bucket))
        {
            var region = string.IsNullOrEmpty(s.Region) ? "us-east-1" : s.Region;
            var endpoint = s.Vendor == 10 && s.EndPoint is { } e ? e : new Uri($"https://s3.{region}.amazonaws.com");
            origins.Add(new Uri(S3Signer.ObjectUrl(endpoint, s.Bucket, "x", s.S3ForcePathStyle).GetLeftPart(UriPartial.Authority)).GetLeftPart(UriPartial.Authority));
        }

        foreach (var origin in s.MediaOrigins)
        {
            if (Uri.TryCreate(origin, UriKind.Absolute, out var u) && u.Scheme is "https" or "http")
            {
                origins.Add(u.GetLeftPart(UriPartial.Authority));
            }
        }

        return origins.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
    }

    private string Region => string.IsNullOrEmpty(Storage.Region) ? "us-east-1" : Storage.Region;

    private Uri ObjectUrl(string fileId)
    {
        var s = Storage;
        var endpoint = s.Vendor == 10 && s.EndPoint is { } e ? e : new Uri($"https://s3.{Region}.amazonaws.com");
        return S3Signer.ObjectUrl(endpoint, s.Bucket!, KeyFor(fileId), s.S3ForcePathStyle);
    }
}
