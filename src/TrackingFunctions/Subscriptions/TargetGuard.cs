using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace TrackingFunctions.Subscriptions;

/// <summary>
/// Decides whether a webhook target may be called: https only, and every address its name resolves to must be
/// public (unless <see cref="SubscriptionOptions.AllowPrivateTargets"/>). Used at registration, and at every
/// connection the delivery client opens, so the address checked is the address connected to.
/// </summary>
public sealed class TargetGuard(IOptions<SubscriptionOptions> options)
{
    /// <summary>Resolves a host name; a seam so tests can make a name resolve anywhere.</summary>
    public Func<string, CancellationToken, Task<IPAddress[]>> Resolve { get; set; } = Dns.GetHostAddressesAsync;

    private bool AllowPrivate => options.Value.AllowPrivateTargets;

    /// <summary>Null when the URL may be registered; otherwise why not, in words for the caller.</summary>
    public async Task<string?> CheckUrlAsync(Uri url, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (url.Scheme != Uri.UriSchemeHttps && !(AllowPrivate && url.Scheme == Uri.UriSchemeHttp))
        {
            return "url must be https.";
        }

        if (!string.IsNullOrEmpty(url.UserInfo))
        {
            return "url must not carry a user name or password; put credentials in the receiver's own checks of the signature.";
        }

        if (AllowPrivate)
        {
            return null;
        }

        IPAddress[] addresses;
        try
        {
            addresses = await ResolveAsync(url.IdnHost, cancellationToken);
        }
        catch (SocketException)
        {
            return $"url's host '{url.Host}' does not resolve.";
        }

        return addresses.Length == 0 ? $"url's host '{url.Host}' does not resolve."
            : addresses.FirstOrDefault(BlockedAddresses.IsBlocked) is { } blocked ? $"url's host '{url.Host}' resolves to {blocked}, a private, loopback, link-local or metadata address; webhooks go only to public addresses."
            : null;
    }

    /// <summary>The addresses a delivery may connect to; throws when the name resolves only to refused ones.</summary>
    public async Task<IPAddress[]> AllowedAddressesAsync(string host, CancellationToken cancellationToken)
    {
        var addresses = await ResolveAsync(host, cancellationToken);
        if (AllowPrivate)
        {
            return addresses;
        }

        var allowed = addresses.Where(a => !BlockedAddresses.IsBlocked(a)).ToArray();
        return allowed.Length > 0 ? allowed : throw new TargetRefusedException($"{host} resolves only to private, loopback, link-local or metadata addresses.");
    }

    private Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken)
        => IPAddress.TryParse(host.Trim('[', ']'), out var literal) ? Task.FromResult(new[] { literal }) : Resolve(host, cancellationToken);

    /// <summary>The delivery client's connect step: resolve, refuse private addresses, connect to the first that answers.</summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var addresses = await AllowedAddressesAsync(context.DnsEndPoint.Host, cancellationToken);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
