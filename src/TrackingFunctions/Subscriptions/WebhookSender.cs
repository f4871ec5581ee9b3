using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Options;

namespace TrackingFunctions.Subscriptions;

/// <summary>
/// Makes one signed POST to a subscription: only a 2xx within the attempt timeout succeeds; a redirect is a
/// failure (the client follows none); at most <see cref="MaxResponseBytes"/> of the answer are read.
/// </summary>
public sealed class WebhookSender(IHttpClientFactory clients, IOptions<SubscriptionOptions> options, TimeProvider time)
{
    /// <summary>The name of the <see cref="HttpClient"/> registration (no redirects, SSRF-guarded connections).</summary>
    public const string ClientName = "Subscriptions";

    public const int MaxResponseBytes = 4096;

    private const int MaxErrorChars = 512;

    public async Task<SendResult> SendAsync(Subscription subscription, string webhookId, byte[] body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        var now = time.GetUtcNow();
        var timestamp = now.ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, subscription.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.TryAddWithoutValidation("webhook-id", webhookId);
        request.Headers.TryAddWithoutValidation("webhook-timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.TryAddWithoutValidation("webhook-signature", WebhookSigner.Sign(webhookId, timestamp, body, subscription.SigningSecrets(now)));

        var started = time.GetTimestamp();
        using var timeout = new CancellationTokenSource(options.Value.AttemptTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        try
        {
            using var response = await clients.CreateClient(ClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            var excerpt = await ReadExcerptAsync(response, linked.Token);
            var elapsed = time.GetElapsedTime(started);
            var status = (int)response.StatusCode;
            return status switch
            {
                >= 200 and < 300 => new SendResult(SendResult.Succeeded, status, elapsed, null),
                410 => new SendResult(SendResult.Gone, status, elapsed, "410 Gone: the receiver asked to stop; the subscription is disabled."),
                >= 300 and < 400 => new SendResult(SendResult.Failed, status, elapsed, $"{status} redirect to '{response.Headers.Location}' (redirects are not followed)."),
                _ => new SendResult(SendResult.Failed, status, elapsed, Describe(status, excerpt), status is 429 or 503 ? RetryAfterOf(response, now) : null),
            };
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return new SendResult(SendResult.TimedOut, null, time.GetElapsedTime(started), $"No answer within {options.Value.AttemptTimeout.TotalSeconds:0.#} s.");
        }
        catch (HttpRequestException ex) when (ex.InnerException is TargetRefusedException refused)
        {
            return new SendResult(SendResult.Refused, null, time.GetElapsedTime(started), refused.Message);
        }
        catch (TargetRefusedException refused)
        {
            return new SendResult(SendResult.Refused, null, time.GetElapsedTime(started), refused.Message);
        }
        catch (HttpRequestException ex)
        {
            return new SendResult(SendResult.Failed, null, time.GetElapsedTime(started), Truncate(ex.HttpRequestError + ": " + ex.Message));
        }
    }

    private static async Task<string> ReadExcerptAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[MaxResponseBytes];
        var read = 0;
        int n;
        while (read < buffer.Length && (n = await stream.ReadAsync(buffer.AsMemory(read), cancellationToken)) > 0)
        {
            read += n;
        }

        return Encoding.UTF8.GetString(buffer, 0, read);
    }

    private static string Describe(int status, string excerpt)
        => Truncate(excerpt.Length == 0 ? $"HTTP {status}." : $"HTTP {status}: {excerpt}");

    private static string Truncate(string text) => text.Length <= MaxErrorChars ? text : text[..MaxErrorChars] + "…";

    private static TimeSpan? RetryAfterOf(HttpResponseMessage response, DateTimeOffset now)
        => response.Headers.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date > now ? date - now : TimeSpan.Zero,
            _ => null,
        };

    /// <summary>The client's handler: no redirects, no cookies, no proxy, and every connection through the guard.</summary>
    public static SocketsHttpHandler CreateHandler(TargetGuard guard)
    {
        ArgumentNullException.ThrowIfNull(guard);
        return new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            UseProxy = false,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = TimeSpan.FromSeconds(10),

            // Pooled connections are re-made now and then, so a target whose DNS changes is checked again.
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            ConnectCallback = guard.ConnectAsync,
        };
    }
}
