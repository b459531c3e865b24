using System.Net.Sockets;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace InterviewPortal.Web.Features.Reminders;

/// <summary>Opens an authenticated SMTP connection from <see cref="SmtpOptions"/>: the reminders' and the user invitations' one way out.</summary>
public static class SmtpConnection
{
    public static async Task<SmtpClient> OpenAsync(SmtpOptions o, CancellationToken ct)
    {
        var client = new SmtpClient { Timeout = (int)o.Timeout.TotalMilliseconds };
        try
        {
            // Our own socket, to switch Nagle off: a message is a few small writes each waiting for the server's
            // reply, and with Nagle on, each can wait for a delayed ACK (~40 ms), which caps a connection at ~10 messages/s.
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                using var connectTimeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
                connectTimeout.CancelAfter(o.Timeout);
                await socket.ConnectAsync(o.Host!, o.Port, connectTimeout.Token);
            }
            catch
            {
                socket.Dispose();
                throw;
            }

            await client.ConnectAsync(socket, o.Host!, o.Port, o.Security switch
            {
                SmtpSecurity.None => SecureSocketOptions.None,
                SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
                SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
                _ => SecureSocketOptions.StartTlsWhenAvailable,
            }, ct);
            if (!string.IsNullOrEmpty(o.UserName))
            {
                await client.AuthenticateAsync(o.UserName, o.Password ?? "", ct);
            }
        }
        catch
        {
            client.Dispose();
            throw;
        }

        return client;
    }

    /// <summary>Sends one message on a connection of its own (for the odd message outside the reminder dispatcher).</summary>
    public static async Task SendOneAsync(SmtpOptions o, MimeMessage message, CancellationToken ct)
    {
        using var client = await OpenAsync(o, ct);
        await client.SendAsync(message, ct);
        await client.DisconnectAsync(quit: true, ct);
    }
}
