using System.Net.Sockets;
using InterviewPortal.Domain.Reminders;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace InterviewPortal.Web.Features.Reminders;

/// <summary>
/// Email over SMTP (MailKit): plain text and HTML alternatives, the interview's .ics attached as a calendar request or
/// cancellation. One connection per dispatcher worker, reused for its messages. 4xx replies, dropped connections and
/// timeouts are transient; a 5xx refusal of the sender or recipient, or failed authentication, is permanent.
/// </summary>
public sealed class EmailReminderChannel(IOptions<SmtpOptions> options, ILogger<EmailReminderChannel> log) : IReminderChannel, IAsyncDisposable
{
    private SmtpClient? _client;

    public ReminderChannel Channel => ReminderChannel.Email;

    public string? NotConfigured(ReminderSettings settings) =>
        options.Value.IsConfigured ? null : "Smtp:Host and Smtp:FromAddress are not set";

    public async Task<ChannelResult> SendAsync(ReminderMessage message, ReminderSettings settings, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(message.To.Email) || !MailboxAddress.TryParse(message.To.Email, out _))
        {
            return ChannelResult.Skipped(ReminderSkipReason.NoAddress, "no valid email address");
        }

        var mime = Build(message, options.Value);
        try
        {
            var client = await ConnectAsync(ct);
            await client.SendAsync(mime, ct);
            return ChannelResult.Sent;
        }
        catch (SmtpCommandException ex)
        {
            await DropAsync();
            var code = (int)ex.StatusCode;
            log.LogWarning("SMTP refused reminder {ReminderId}: {Code} {Error}", message.ReminderId, code, ex.Message);
            return code >= 500 ? ChannelResult.Permanent($"SMTP {code}: {ex.Message}") : ChannelResult.Transient($"SMTP {code}: {ex.Message}");
        }
        catch (AuthenticationException ex)
        {
            await DropAsync();
            log.LogError("SMTP authentication failed: {Error}", ex.Message);
            return ChannelResult.Permanent($"SMTP authentication failed: {ex.Message}");
        }
        catch (Exception ex) when (ex is SmtpProtocolException or ServiceNotConnectedException or SocketException or IOException or SslHandshakeException
            || (ex is OperationCanceledException or TimeoutException && !ct.IsCancellationRequested))
        {
            await DropAsync();
            log.LogWarning("SMTP unavailable for reminder {ReminderId}: {Error}", message.ReminderId, ex.Message);
            return ChannelResult.Transient($"SMTP unavailable: {ex.GetType().Name}: {ex.Message}");
        }
    }

    internal static MimeMessage Build(ReminderMessage m, SmtpOptions o)
    {
        var mime = new MimeMessage
        {
            Subject = m.Subject,
            // Stable per reminder: a mail system that sees the same message twice can tell.
            MessageId = $"reminder-{m.ReminderId}@interviewportal",
        };
        mime.From.Add(new MailboxAddress(o.FromName, o.FromAddress!));
        mime.To.Add(new MailboxAddress(m.To.Name, m.To.Email!));
        mime.Headers.Add("X-InterviewPortal-Reminder", m.ReminderId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var body = new BodyBuilder { TextBody = m.Text, HtmlBody = m.Html };
        if (m.Ics is not null)
        {
            var ics = body.Attachments.Add(m.IcsFileName!, System.Text.Encoding.UTF8.GetBytes(m.Ics), new ContentType("text", "calendar"));
            ics.ContentType.Parameters.Add("method", m.Kind == ReminderKind.Cancelled ? "CANCEL" : "REQUEST");
            ics.ContentType.Charset = "utf-8";
        }

        mime.Body = body.ToMessageBody();
        mime.Body.Headers.Add(HeaderId.ContentLanguage, m.To.Culture.Name);
        return mime;
    }

    private async Task<SmtpClient> ConnectAsync(CancellationToken ct)
    {
        if (_client is { IsConnected: true })
        {
            return _client;
        }

        var client = await SmtpConnection.OpenAsync(options.Value, ct);
        _client = client;
        return client;
    }

    private async Task DropAsync()
    {
        if (_client is null)
        {
            return;
        }

        try
        {
            if (_client.IsConnected)
            {
                await _client.DisconnectAsync(quit: false);
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or MailKit.ProtocolException)
        {
            // Already gone.
        }

        _client.Dispose();
        _client = null;
    }

    public async ValueTask DisposeAsync()
    {
        if (_client is { IsConnected: true })
        {
            try
            {
                await _client.DisconnectAsync(quit: true);
            }
            catch (Exception ex) when (ex is IOException or SocketException or MailKit.ProtocolException or SmtpCommandException)
            {
                // The server hung up first.
            }
        }

        _client?.Dispose();
        _client = null;
    }
}
