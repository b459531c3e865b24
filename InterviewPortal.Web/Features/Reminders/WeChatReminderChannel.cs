using InterviewPortal.Domain.Reminders;
using InterviewPortal.Web.Integrations.WeChat;
using Microsoft.Extensions.Options;

namespace InterviewPortal.Web.Features.Reminders;

/// <summary>
/// WeChat subscribe messages to candidates who bound the mini program. 43101 (not subscribed, or the one-time
/// subscription used up) is a skip, never retried; an unreachable WeChat, busy (-1), quota and token errors that
/// survived the client's one refresh are transient; anything else (bad openid, template or data) is permanent.
/// </summary>
public sealed class WeChatReminderChannel(WeChatClient client, IOptions<WeChatOptions> options, ILogger<WeChatReminderChannel> log) : IReminderChannel
{
    public const int NotSubscribed = 43101;
    private static readonly int[] Transient = [0, -1, 40001, 40014, 42001, 45009, 45011];

    public ReminderChannel Channel => ReminderChannel.WeChat;

    public string? NotConfigured(ReminderSettings settings) =>
        !client.IsConfigured ? "WeChat:AppId and WeChat:AppSecret are not set"
        : string.IsNullOrWhiteSpace(settings.WeChatTemplateId) ? "no subscribe-message template id in the reminder settings"
        : null;

    public async Task<ChannelResult> SendAsync(ReminderMessage message, ReminderSettings settings, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(message.To.OpenId))
        {
            return ChannelResult.Skipped(ReminderSkipReason.NoAddress, "the candidate has not opened the mini program");
        }

        var fields = settings.ParseWeChatFields() ?? [];
        var data = fields.ToDictionary(f => f.Key, f => message.Fields.GetValueOrDefault(f.Source, "-"));
        try
        {
            await client.SendSubscribeMessageAsync(message.To.OpenId, settings.WeChatTemplateId!, options.Value.JoinPage, data, message.To.Culture.Name, ct);
            return ChannelResult.Sent;
        }
        catch (WeChatException ex) when (ex.ErrCode == NotSubscribed)
        {
            return ChannelResult.Skipped(ReminderSkipReason.NotSubscribed, $"errcode {ex.ErrCode}: {ex.ErrMsg}");
        }
        catch (WeChatException ex)
        {
            log.LogWarning("WeChat subscribe message for reminder {ReminderId} failed: {ErrCode} {ErrMsg}", message.ReminderId, ex.ErrCode, ex.ErrMsg);
            var error = $"errcode {ex.ErrCode}: {ex.ErrMsg}";
            return ex is WeChatQuotaReachedException || Transient.Contains(ex.ErrCode) ? ChannelResult.Transient(error) : ChannelResult.Permanent(error);
        }
    }
}
