using Microsoft.Extensions.Options;

namespace InterviewPortal.Web.Integrations.Zego;

/// <summary>
/// <c>Zego:*</c>. Video is enabled exactly when <see cref="AppId"/> is set: the embedded default has no AppId and runs
/// without video; once an AppId is configured the ServerSecret must be valid too, checked at start-up.
/// The ServerSecret is never committed: user-secrets or the environment (<c>Zego__ServerSecret</c>).
/// </summary>
public sealed class ZegoOptions
{
    public uint AppId { get; set; }

    public string? ServerSecret { get; set; }

    public ZegoTokenCipher TokenCipher { get; set; } = ZegoTokenCipher.AesCbc;

    /// <summary>ZEGO's WeChat-certified live plugin is set up for the mini program (a join mode, see the domain rules).</summary>
    public bool PluginEnabled { get; set; }

    /// <summary>
    /// The console's CallbackSecret that signs ZEGO's server callbacks; separate from the ServerSecret. While empty the
    /// callback endpoint answers 503 and stores nothing.
    /// </summary>
    public string? CallbackSecret { get; set; }

    public bool IsEnabled => AppId != 0;

    /// <summary>Cloud recording of interviews whose candidate consented (needs video and <see cref="Storage"/>).</summary>
    public bool RecordingEnabled { get; set; }

    /// <summary>The cloud-recording server API (the region of the portal's own servers; tests point it at a fake).</summary>
    public Uri ServerApiBaseUrl { get; set; } = new("https://cloudrecord-api-sha.zego.im/");

    public TimeSpan ServerApiTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Where ZEGO reports recording status; empty = the URL configured in the ZEGO console.</summary>
    public Uri? RecordingCallbackUrl { get; set; }

    /// <summary>Days a recording is kept after it is ready; then it is deleted (domain rules: 180).</summary>
    public int RecordingRetentionDays { get; set; } = Domain.Sessions.RecordingRules.DefaultRetentionDays;

    public ZegoStorageOptions Storage { get; set; } = new();
}

/// <summary>
/// <c>Zego:Storage:*</c>: the bucket ZEGO uploads recordings to (StartRecord's StorageParams). The keys are secrets:
/// user-secrets or the environment, never committed, never logged. For Amazon S3 (1) and S3-compatible storage (10) the
/// portal also signs playback links and deletes expired recordings itself; for other vendors it redirects to the URL ZEGO
/// reported and leaves deletion to the bucket's lifecycle rules.
/// </summary>
public sealed class ZegoStorageOptions
{
    /// <summary>1 Amazon S3, 2 Alibaba OSS, 3 Tencent COS, 4 Qiniu, 5 Alibaba VOD, 6 Tencent VOD, 7 Huawei OBS, 8 Google Cloud Storage, 9 China Mobile EOS, 10 S3-compatible.</summary>
    public int Vendor { get; set; }

    public string? Region { get; set; }

    public string? Bucket { get; set; }

    public string? AccessKeyId { get; set; }

    public string? AccessKeySecret { get; set; }

    /// <summary>The S3-compatible endpoint (vendor 10), e.g. https://minio.example.cn.</summary>
    public Uri? EndPoint { get; set; }

    public bool S3ForcePathStyle { get; set; }

    /// <summary>Folder inside the bucket, e.g. <c>recordings/</c>.</summary>
    public string OutputFolder { get; set; } = "recordings/";

    /// <summary>Delete expired recordings from the bucket too (S3 and S3-compatible only).</summary>
    public bool DeleteExpired { get; set; } = true;

    /// <summary>How long a signed playback link stays valid.</summary>
    public TimeSpan PlaybackLinkLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Origins (https://host) recordings are played from when the vendor is not S3, e.g. the OSS bucket domain.</summary>
    public string[] MediaOrigins { get; set; } = [];

    public bool IsS3 => Vendor is 1 or 10;

    internal static bool NeedsKeys(int vendor) => vendor is 1 or 2 or 3 or 4 or 7 or 9 or 10;
}

public sealed class ZegoOptionsValidator : IValidateOptions<ZegoOptions>
{
    public ValidateOptionsResult Validate(string? name, ZegoOptions options)
    {
        var failures = new List<string>();
        if (options.IsEnabled)
        {
            if (options.ServerSecret is not { Length: 32 } secret || !System.Text.Ascii.IsValid(secret))
            {
                failures.Add("Zego:ServerSecret must be the 32-character ServerSecret from the ZEGO console when Zego:AppId is set.");
            }
        }
        else if (!string.IsNullOrEmpty(options.ServerSecret))
        {
            failures.Add("Zego:AppId is required when Zego:ServerSecret is set.");
        }

        if (!Enum.IsDefined(options.TokenCipher))
        {
            failures.Add("Zego:TokenCipher must be AesCbc or AesGcm.");
        }

        if (options.CallbackSecret is { Length: > 0 } cb && (cb.Length > 128 || !System.Text.Ascii.IsValid(cb) || cb.Any(char.IsWhiteSpace)))
        {
            failures.Add("Zego:CallbackSecret must be the console's CallbackSecret: ASCII without spaces, at most 128 characters.");
        }

        if (options.PluginEnabled && !options.IsEnabled)
        {
            failures.Add("Zego:PluginEnabled needs Zego:AppId and Zego:ServerSecret.");
        }

        if (options.RecordingEnabled)
        {
            ValidateRecording(options, failures);
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateRecording(ZegoOptions options, List<string> failures)
    {
        var storage = options.Storage;
        if (!options.IsEnabled)
        {
            failures.Add("Zego:RecordingEnabled needs Zego:AppId and Zego:ServerSecret.");
        }

        if (!options.ServerApiBaseUrl.IsAbsoluteUri || options.ServerApiBaseUrl.Scheme is not ("https" or "http"))
        {
            failures.Add("Zego:ServerApiBaseUrl must be an absolute https URL, e.g. https://cloudrecord-api-sha.zego.im/.");
        }

        if (options.ServerApiTimeout <= TimeSpan.Zero || options.ServerApiTimeout > TimeSpan.FromMinutes(1))
        {
            failures.Add("Zego:ServerApiTimeout must be between 00:00:01 and 00:01:00.");
        }

        if (options.RecordingRetentionDays is < 1 or > 3650)
        {
            failures.Add("Zego:RecordingRetentionDays must be between 1 and 3650.");
        }

        if (storage.Vendor is < 1 or > 10)
        {
            failures.Add("Zego:Storage:Vendor must be 1–10 (1 Amazon S3, 2 Alibaba OSS, 3 Tencent COS, … 10 S3-compatible).");
        }

        if (string.IsNullOrWhiteSpace(storage.Bucket))
        {
            failures.Add("Zego:Storage:Bucket is required for recording.");
        }

        if (ZegoStorageOptions.NeedsKeys(storage.Vendor) && (string.IsNullOrWhiteSpace(storage.AccessKeyId) || string.IsNullOrWhiteSpace(storage.AccessKeySecret)))
        {
            failures.Add("Zego:Storage:AccessKeyId and Zego:Storage:AccessKeySecret are required for this storage vendor.");
        }

        if (storage.Vendor == 10 && storage.EndPoint is not { IsAbsoluteUri: true })
        {
            failures.Add("Zego:Storage:EndPoint (an absolute URL) is required for S3-compatible storage.");
        }

        if (storage.Vendor == 1 && string.IsNullOrWhiteSpace(storage.Region))
        {
            failures.Add("Zego:Storage:Region is required for Amazon S3.");
        }

        if (storage.PlaybackLinkLifetime < TimeSpan.FromMinutes(1) || storage.PlaybackLinkLifetime > TimeSpan.FromHours(12))
        {
            failures.Add("Zego:Storage:PlaybackLinkLifetime must be between 00:01:00 and 12:00:00.");
        }
    }
}
