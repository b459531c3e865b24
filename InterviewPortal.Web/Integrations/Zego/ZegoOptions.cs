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

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
