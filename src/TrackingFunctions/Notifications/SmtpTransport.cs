using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace TrackingFunctions.Notifications;

/// <summary>
/// <see cref="IEmailTransport"/> over MailKit: one connection per message, which at the paced rates of mail
/// providers (tens a minute) costs nothing worth pooling and never sends on a connection the server has dropped.
/// </summary>
public sealed class SmtpTransport(IOptions<NotificationOptions> options) : IEmailTransport
{
    public async Task<EmailDelivery> SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var smtp = options.Value.Smtp;
        using var client = new SmtpClient { Timeout = (int)smtp.Timeout.TotalMilliseconds };
        try
        {
            await client.ConnectAsync(smtp.Host, smtp.Port, Security(smtp.Security), cancellationToken);
            if (smtp.UserName.Length > 0)
            {
                await client.AuthenticateAsync(smtp.UserName, smtp.Password, cancellationToken);
            }

            await client.SendAsync(message, cancellationToken);
            await DisconnectQuietlyAsync(client);
            return EmailDelivery.Accepted;
        }
        catch (SmtpCommandException ex) when ((int)ex.StatusCode >= 500)
        {
            return new EmailDelivery(EmailOutcome.Rejected, Describe(ex));
        }
        catch (SmtpCommandException ex)
        {
            return new EmailDelivery(EmailOutcome.Transient, Describe(ex));
        }
        catch (Exception ex) when (ex is SmtpProtocolException or AuthenticationException or SocketException or IOException or TimeoutException or SslHandshakeException or ServiceNotConnectedException)
        {
            return new EmailDelivery(EmailOutcome.Transient, ex.GetType().Name + ": " + ex.Message);
        }
    }

    private static SecureSocketOptions Security(SmtpSecurity security) => security switch
    {
        SmtpSecurity.None => SecureSocketOptions.None,
        SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
        SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.Auto,
    };

    /// <summary>The reply code and text; the server's text can quote the address, so the mailbox is cut out of it.</summary>
    private static string Describe(SmtpCommandException ex)
    {
        var text = ex.Message;
        if (ex.Mailbox is { Address: { Length: > 0 } address })
        {
            text = text.Replace(address, AddressMask.Mask(address), StringComparison.OrdinalIgnoreCase);
        }

        return $"{(int)ex.StatusCode} {text}";
    }

    private static async Task DisconnectQuietlyAsync(SmtpClient client)
    {
        try
        {
            await client.DisconnectAsync(quit: true, CancellationToken.None);
        }
        catch (Exception ex) when (ex is IOException or SmtpProtocolException or SocketException)
        {
            // The message was accepted; a QUIT that fails changes nothing.
        }
    }
}
