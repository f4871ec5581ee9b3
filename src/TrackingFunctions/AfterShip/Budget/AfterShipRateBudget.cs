using System.Globalization;
using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TrackingFunctions.AfterShip.Http;

namespace TrackingFunctions.AfterShip.Budget;

/// <summary>
/// The AfterShip rate budget of the whole deployment, as this instance takes part in it: one
/// <see cref="EndpointBudget"/> per endpoint over the claims table, AfterShip's clock as this instance estimates it,
/// and the feedback from every response. With <see cref="RateBudgetOptions.Enabled"/> off it hands out the
/// per-process limiters' permits instead.
/// </summary>
internal sealed class AfterShipRateBudget : IDisposable
{
    private readonly Dictionary<AfterShipEndpoint, EndpointBudget> _endpoints;
    private readonly AfterShipRateLimiters _local;
    private readonly bool _enabled;
    private readonly RateBudgetHeartbeat _heartbeat;
    private readonly RateBudgetStore _store;
    private readonly TimeProvider _time;
    private readonly RateBudgetOptions _options;
    private readonly ILogger _logger;
    private readonly List<EndpointBudget> _others = [];
    private int _heartbeatStarted;

    public AfterShipRateBudget(
        IOptions<AfterShipOptions> afterShip,
        IOptions<RateBudgetOptions> options,
        AfterShipRateLimiters local,
        RateBudgetStore store,
        TimeProvider timeProvider,
        ILogger<AfterShipRateBudget> logger)
    {
        var value = afterShip.Value;
        var budget = options.Value;
        _local = local;
        _enabled = budget.Enabled;
        (_store, _time, _options, _logger) = (store, timeProvider, budget, logger);
        Clock = new AfterShipClock(timeProvider);
        Owner = Guid.NewGuid().ToString("N")[..12];
        _heartbeat = new RateBudgetHeartbeat(store, Owner, timeProvider, budget, logger, (alive, at) =>
        {
            foreach (var endpoint in _endpoints!.Values)
            {
                endpoint.ObserveFleet(alive, at);
            }

            lock (_others)
            {
                foreach (var other in _others)
                {
                    other.ObserveFleet(alive, at);
                }
            }
        });
        _endpoints = Enum.GetValues<AfterShipEndpoint>().ToDictionary(
            endpoint => endpoint,
            endpoint => new EndpointBudget(
                new BudgetTimeline(endpoint, AfterShipRateLimiters.EffectiveRate(value, endpoint), budget.ClaimSpan),
                value.RateLimits.For(endpoint),
                value.RateLimitHeadroom,
                store,
                Clock,
                timeProvider,
                budget,
                logger,
                Owner,
                _heartbeat.FirstRead));
        if (_enabled)
        {
            StartHeartbeat();
        }
    }

    /// <summary>
    /// A budget for a rate of the deployment's own (the pace of shopper emails) over the same claims table, instance
    /// name and heartbeat, so its degraded rate divides by the same instance count. Shared whatever
    /// <see cref="RateBudgetOptions.Enabled"/> says: that setting is about AfterShip's calls. Disposed with this.
    /// </summary>
    internal EndpointBudget CreateShared(BudgetTimeline timeline, double limit)
    {
        var shared = new EndpointBudget(timeline, limit, 0, _store, Clock, _time, _options, _logger, Owner, _heartbeat.FirstRead);
        lock (_others)
        {
            _others.Add(shared);
        }

        StartHeartbeat();
        return shared;
    }

    /// <summary>AfterShip's clock as this instance estimates it.</summary>
    public AfterShipClock Clock { get; }

    /// <summary>This instance's name in the claims table.</summary>
    public string Owner { get; }

    public EndpointBudget For(AfterShipEndpoint endpoint) => _endpoints[endpoint];

    /// <summary>Waits for a slot to call the endpoint, at the priority of the current flow.</summary>
    public async ValueTask AcquireAsync(AfterShipEndpoint endpoint, CancellationToken cancellationToken)
    {
        if (!_enabled)
        {
            using var lease = await _local.AcquireAsync(endpoint, cancellationToken);
            return;
        }

        await _endpoints[endpoint].AcquireAsync(AfterShipCallPriority.Current, cancellationToken);
    }

    /// <summary>Learns from one response (sent and received on the local clock); after a 429, holds everyone off.</summary>
    public async ValueTask ObserveAsync(AfterShipEndpoint endpoint, HttpResponseMessage response, DateTimeOffset sent, DateTimeOffset received)
    {
        if (!_enabled || RateLimitHeaders.ResetAt(response.Headers) is not { } reset)
        {
            return;
        }

        Clock.Observe(sent, received, reset);
        var budget = _endpoints[endpoint];
        if (response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            await budget.HoldOffAsync(reset + RateLimitHeaders.ResetMargin);
        }
        else if (Header(response, "X-RateLimit-Limit") is { } limit && Header(response, "X-RateLimit-Remaining") is { } remaining)
        {
            var counted = sent + ((received - sent) / 2) + Clock.Offset;
            budget.Observe(counted, reset, limit, remaining);
        }
    }

    public void Dispose()
    {
        _heartbeat.Dispose();
        foreach (var endpoint in _endpoints.Values)
        {
            endpoint.Dispose();
        }

        lock (_others)
        {
            _others.ForEach(other => other.Dispose());
        }
    }

    private void StartHeartbeat()
    {
        if (Interlocked.Exchange(ref _heartbeatStarted, 1) == 0)
        {
            _heartbeat.Start();
        }
    }

    private static int? Header(HttpResponseMessage response, string name)
        => response.Headers.TryGetValues(name, out var values)
           && int.TryParse(values.FirstOrDefault(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : null;
}
