using System.ComponentModel.DataAnnotations;
using InterviewPortal.Domain.Reminders;

namespace InterviewPortal.Web.Features.Reminders;

/// <summary>
/// Admin settings for reminders (stored like the other settings, audited on change): the offsets, which channels are
/// on, and the WeChat subscribe-message template with the mapping of its keys to what we fill in.
/// </summary>
public sealed record ReminderSettings
{
    public const string Key = "Reminders";

    /// <summary>What a template key can be filled with.</summary>
    public static readonly string[] WeChatSources = ["position", "round", "start", "candidate", "title", "note"];

    public ReminderOffsets Offsets { get; init; } = ReminderOffsets.Default;

    public bool EmailEnabled { get; init; } = true;

    public bool WeChatEnabled { get; init; } = true;

    public bool InAppEnabled { get; init; } = true;

    /// <summary>The subscribe-message template candidates accepted in the mini program (empty: WeChat is not configured).</summary>
    public string? WeChatTemplateId { get; init; }

    /// <summary>Template key = source pairs, e.g. <c>thing1=position;time2=start;thing3=note</c>.</summary>
    public string WeChatFields { get; init; } = "thing1=position;time2=start;thing3=note";

    public static ReminderSettings Default { get; } = new();

    public bool IsEnabled(ReminderChannel channel) => channel switch
    {
        ReminderChannel.Email => EmailEnabled,
        ReminderChannel.WeChat => WeChatEnabled,
        _ => InAppEnabled,
    };

    /// <summary>The template's keys with their sources; null when the text is not a valid mapping.</summary>
    public IReadOnlyList<(string Key, string Source)>? ParseWeChatFields()
    {
        var result = new List<(string, string)>();
        foreach (var part in WeChatFields.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var pair = part.Split('=', StringSplitOptions.TrimEntries);
            if (pair.Length != 2 || pair[0].Length is 0 or > 32 || !pair[0].All(c => char.IsAsciiLetterOrDigit(c) || c == '_')
                || !WeChatSources.Contains(pair[1]))
            {
                return null;
            }

            result.Add((pair[0], pair[1]));
        }

        return result.Count == 0 ? null : result;
    }
}

public enum SmtpSecurity
{
    /// <summary>STARTTLS when the server offers it.</summary>
    Auto,
    None,
    StartTls,
    SslOnConnect,
}

/// <summary><c>Smtp:*</c>. Email is configured when <see cref="Host"/> and <see cref="FromAddress"/> are set; the password comes from user-secrets or <c>Smtp__Password</c>.</summary>
public sealed class SmtpOptions
{
    public string? Host { get; set; }

    [Range(1, 65535)]
    public int Port { get; set; } = 587;

    public SmtpSecurity Security { get; set; } = SmtpSecurity.Auto;

    public string? UserName { get; set; }

    public string? Password { get; set; }

    [EmailAddress]
    public string? FromAddress { get; set; }

    public string FromName { get; set; } = "InterviewPortal";

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Host) && !string.IsNullOrWhiteSpace(FromAddress);
}
