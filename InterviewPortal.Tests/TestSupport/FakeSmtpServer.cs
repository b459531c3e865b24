using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MimeKit;
using SmtpServer;
using SmtpServer.ComponentModel;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace InterviewPortal.Tests.TestSupport;

/// <summary>
/// A real SMTP server (the SmtpServer package) on 127.0.0.1 that keeps every message it accepts, parsed by MimeKit.
/// Tests can queue replies to refuse the next messages (451 transient, 550 permanent).
/// </summary>
public sealed class FakeSmtpServer : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<MimeMessage> _messages = new();
    private readonly ConcurrentQueue<SmtpReplyCode> _refusals = new();
    private Task _running = Task.CompletedTask;

    private FakeSmtpServer(int port) => Port = port;

    public int Port { get; }

    public IReadOnlyList<MimeMessage> Messages => [.. _messages];

    public static FakeSmtpServer Start()
    {
        // SmtpServer cannot report the port it bound, so one is picked free first.
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var server = new FakeSmtpServer(port);
        var options = new SmtpServerOptionsBuilder().ServerName("fake-smtp.local")
            .Endpoint(b => b.Endpoint(new IPEndPoint(IPAddress.Loopback, port)).IsSecure(false))
            .Build();
        var services = new ServiceProvider();
        services.Add(new Store(server));
        var smtp = new SmtpServer.SmtpServer(options, services);
        server._running = smtp.StartAsync(server._stop.Token);
        return server;
    }

    /// <summary>The next message is refused with this reply (e.g. 451 or 550).</summary>
    public void Refuse(SmtpReplyCode code) => _refusals.Enqueue(code);

    /// <summary>Messages carrying the portal's reminder header, by reminder id.</summary>
    public IReadOnlyList<MimeMessage> ForReminder(long id) =>
        Messages.Where(m => m.Headers["X-InterviewPortal-Reminder"] == id.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();

    public IReadOnlyList<MimeMessage> To(string address) =>
        Messages.Where(m => m.To.Mailboxes.Any(b => string.Equals(b.Address, address, StringComparison.OrdinalIgnoreCase))).ToList();

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _running;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private sealed class Store(FakeSmtpServer server) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            if (server._refusals.TryDequeue(out var code))
            {
                return new SmtpResponse(code, (int)code >= 500 ? "mailbox unavailable" : "try again later");
            }

            await using var stream = new MemoryStream(buffer.ToArray());
            server._messages.Enqueue(await MimeMessage.LoadAsync(stream, cancellationToken));
            return SmtpResponse.Ok;
        }
    }
}
