using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using AfterShip.Simulator.Endpoints;

namespace AfterShip.Simulator.Hosting;

/// <summary>
/// The whole request path: authenticate, count against the endpoint's window, apply faults, dispatch, record, answer.
/// The request is recorded before its response is written, so a client that has its answer also sees it in the log.
/// </summary>
internal sealed partial class RequestPipeline(
    SimulatorOptions options,
    SimulatorFaults faults,
    RateLimitWindows rateLimits,
    RequestLog log,
    TrackingEndpoints trackings,
    ListEndpoint list,
    CourierEndpoints couriers,
    ILogger<RequestPipeline> logger,
    CancellationToken stopping)
{
    public async Task HandleAsync(HttpContext context)
    {
        var arrivedAt = DateTimeOffset.UtcNow;
        var request = context.Request;
        var aborted = context.RequestAborted;
        var route = Router.Match(request.Method, request.Path.Value ?? string.Empty);

        string? body;
        try
        {
            body = await ReadBodyAsync(request, aborted);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        var validKey = HasValidKey(request);
        var (response, rate, hang) = Decide(route, validKey, new SimRequest(route.Id, request.Query, body));

        var query = request.QueryString.HasValue ? request.QueryString.Value![1..] : string.Empty;
        log.Add(new RecordedRequest(
            arrivedAt,
            request.Method,
            request.PathBase.Add(request.Path).Value ?? string.Empty,
            query,
            route.Endpoint,
            body,
            hang ? SimulatorFaults.ClientClosedRequest : response.StatusCode,
            validKey));

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(aborted, stopping);
        try
        {
            if (hang)
            {
                await Task.Delay(Timeout.Infinite, linked.Token);
            }

            var latency = faults.AddedLatency;
            if (latency > TimeSpan.Zero)
            {
                await Task.Delay(latency, linked.Token);
            }
        }
        catch (OperationCanceledException)
        {
            // The client gave up or the simulator is stopping: drop the connection rather than answer late.
            context.Abort();
            return;
        }

        await WriteAsync(context.Response, response, rate, aborted);
    }

    private (SimResponse Response, RateLimitState? Rate, bool Hang) Decide(Route route, bool validKey, SimRequest request)
    {
        var known = route.Endpoint != EndpointKeys.Unknown;
        if (!validKey)
        {
            return (Envelope.Unauthorized(), known ? rateLimits.Peek(route.Endpoint) : null, false);
        }

        if (!known)
        {
            return (Envelope.NotFound(), null, false);
        }

        var rate = rateLimits.Hit(route.Endpoint);
        if (faults.TakeScripted(route.Endpoint) is { } scripted)
        {
            return (Envelope.ForStatus(scripted), scripted == 429 ? RateLimitWindows.Exhausted(rate.Limit) : rate, false);
        }

        if (rate.Exceeded)
        {
            return (Envelope.TooManyRequests(), rate, false);
        }

        return faults.Roll() switch
        {
            // A hung request never writes its response; the envelope is only a placeholder.
            RandomFault.Timeout => (Envelope.ForStatus(500), rate, true),
            RandomFault.InternalServerError => (Envelope.ForStatus(500), rate, false),
            RandomFault.ServiceUnavailable => (Envelope.ForStatus(503), rate, false),
            _ => (Dispatch(route.Endpoint, request), rate, false),
        };
    }

    private SimResponse Dispatch(string endpoint, SimRequest request)
    {
        try
        {
            return endpoint switch
            {
                EndpointKeys.CreateTracking => trackings.Create(request),
                EndpointKeys.ListTrackings => list.List(request),
                EndpointKeys.GetTracking => trackings.Get(request),
                EndpointKeys.UpdateTracking => trackings.Update(request),
                EndpointKeys.DeleteTracking => trackings.Delete(request),
                EndpointKeys.RetrackTracking => trackings.Retrack(request),
                EndpointKeys.MarkCompleted => trackings.MarkCompleted(request),
                EndpointKeys.DetectCourier => couriers.Detect(request),
                EndpointKeys.ListCouriers => couriers.List(activatedOnly: true),
                EndpointKeys.ListAllCouriers => couriers.List(activatedOnly: false),
                _ => Envelope.NotFound(),
            };
        }
        catch (Exception ex)
        {
            // A simulator bug must still produce a recorded, enveloped 500 rather than a bare dropped connection.
            LogHandlerFailure(logger, endpoint, ex);
            return Envelope.ForStatus(500);
        }
    }

    private bool HasValidKey(HttpRequest request)
    {
        var presented = request.Headers["as-api-key"].ToString();
        return presented.Length > 0
            && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(options.ApiKey));
    }

    private static async Task<string?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var text = await reader.ReadToEndAsync(cancellationToken);
        return text.Length == 0 ? null : text;
    }

    private static async Task WriteAsync(HttpResponse response, SimResponse result, RateLimitState? rate, CancellationToken cancellationToken)
    {
        response.StatusCode = result.StatusCode;
        response.Headers["as-api-version"] = "2025-01";
        if (rate is { } r)
        {
            response.Headers["X-RateLimit-Limit"] = r.Limit.ToString(CultureInfo.InvariantCulture);
            response.Headers["X-RateLimit-Remaining"] = r.Remaining.ToString(CultureInfo.InvariantCulture);
            response.Headers["X-RateLimit-Reset"] = r.ResetUnixSeconds.ToString(CultureInfo.InvariantCulture);
        }

        var bytes = Json.ToUtf8(result.Body);
        response.ContentType = "application/json; charset=utf-8";
        response.ContentLength = bytes.Length;
        try
        {
            await response.Body.WriteAsync(bytes, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // The client went away mid-write; the request is already recorded.
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Simulator handler for {Endpoint} failed")]
    private static partial void LogHandlerFailure(ILogger logger, string endpoint, Exception exception);
}
