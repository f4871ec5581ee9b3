using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MimeKit;
using TrackingFunctions.Notifications;

namespace TrackingFunctions.LoadHarness;

/// <summary>
/// Where an email's time goes, per recipient address: when the queue function started on it, and when the SMTP
/// transport was handed the message and returned. With the commit time (the record) and the server's acceptance
/// (smtp4dev), that splits the latency into queueing, the function's own work before sending, and the SMTP exchange.
/// </summary>
internal sealed class EmailPhases
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _functionStarted = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, (DateTimeOffset Start, DateTimeOffset End)> _smtp = new(StringComparer.OrdinalIgnoreCase);

    public void FunctionStarted(string trackingId) => _functionStarted.TryAdd(trackingId, DateTimeOffset.UtcNow);

    public bool TryGet(string trackingId, string address, out DateTimeOffset functionStarted, out DateTimeOffset smtpStart, out DateTimeOffset smtpEnd)
    {
        smtpStart = smtpEnd = default;
        if (!_functionStarted.TryGetValue(trackingId, out functionStarted) || !_smtp.TryGetValue(address, out var smtp))
        {
            return false;
        }

        (smtpStart, smtpEnd) = smtp;
        return true;
    }

    public void Clear()
    {
        _functionStarted.Clear();
        _smtp.Clear();
    }

    /// <summary>Puts the timing transport in front of the app's SMTP transport.</summary>
    public void Register(IServiceCollection services)
        => services.AddSingleton<IEmailTransport>(sp => new TimingTransport(new SmtpTransport(sp.GetRequiredService<IOptions<NotificationOptions>>()), this));

    private sealed class TimingTransport(IEmailTransport inner, EmailPhases phases) : IEmailTransport
    {
        public async Task<EmailDelivery> SendAsync(MimeMessage message, CancellationToken cancellationToken)
        {
            var start = DateTimeOffset.UtcNow;
            var delivery = await inner.SendAsync(message, cancellationToken);
            var address = message.To.Mailboxes.First().Address;
            phases._smtp[address] = (start, DateTimeOffset.UtcNow);
            return delivery;
        }
    }
}
