using InterviewPortal.Web.Features.Identity;
using InterviewPortal.Web.Integrations.WeChat;
using InterviewPortal.Web.Integrations.Zego;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;

namespace InterviewPortal.Web.Setup;

public static class ConfigurationSetup
{
    /// <summary>
    /// The portal's one appsettings.json sits at the repository root and is copied next to the binaries; load it from
    /// there (not from the content root) so `dotnet run`, the tests and a published build read the same file. It keeps
    /// its place in the order, so user-secrets, environment variables and the command line still override it.
    /// </summary>
    public static void UsePortalSettingsFile(this WebApplicationBuilder builder)
    {
        IConfigurationBuilder configuration = builder.Configuration;
        var source = new JsonConfigurationSource
        {
            Path = "appsettings.json",
            Optional = false,
            ReloadOnChange = false,
            FileProvider = new PhysicalFileProvider(AppContext.BaseDirectory),
        };
        var index = configuration.Sources.ToList().FindIndex(s => s is JsonConfigurationSource { Path: "appsettings.json" });
        if (index >= 0)
        {
            configuration.Sources[index] = source;
        }
        else
        {
            configuration.Sources.Insert(0, source);
        }
    }

    // Options classes and the configuration sections they are bound from, so a failed validation names the section.
    private static readonly Dictionary<Type, string> Sections = new()
    {
        [typeof(PortalIdentityOptions)] = "Identity",
        [typeof(BootstrapOptions)] = "Bootstrap",
        [typeof(JobsOptions)] = "Jobs",
        [typeof(ZegoOptions)] = "Zego",
        [typeof(WeChatOptions)] = "WeChat",
    };

    /// <summary>
    /// A mistake in the settings rather than a bug: a checked setting, a failed options validation, or a value the
    /// configuration binder could not convert (its message names the key, e.g. 'Identity:LockoutDuration').
    /// </summary>
    public static bool IsConfigurationError(Exception ex) =>
        ex is PortalConfigurationException or OptionsValidationException
        // Several options failing their start-up validation at once arrive together.
        || (ex is AggregateException { InnerExceptions.Count: > 0 } all && all.InnerExceptions.All(IsConfigurationError))
        || (ex is InvalidOperationException && ex.Message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal));

    /// <summary>A configuration failure as one line that names the setting.</summary>
    public static string Describe(Exception ex) => ex switch
    {
        AggregateException all => string.Join(" ", all.InnerExceptions.Select(Describe).Distinct()),
        OptionsValidationException o => $"Configuration error in '{(Sections.TryGetValue(o.OptionsType, out var section) ? section : o.OptionsType.Name)}': {string.Join(" ", o.Failures)}",
        _ => ex.Message,
    };
}
