using Microsoft.Extensions.Logging;

namespace TrackingFunctions.AfterShip.Budget;

/// <summary>
/// One endpoint's share of the deployment-wide budget in this instance, the pump around its
/// <see cref="BudgetPlanner"/>: queues the callers by priority, makes the claims, looks, releases and hold-offs the
/// planner asks for in storage, and waits for each slot's due time (AfterShip's clock) to hand it to one caller.
/// </summary>
/// <remarks>
/// The work is split by concern, all sharing one gate around the planner: <see cref="SlotPump"/> serves the callers,
/// <see cref="BlockClaimer"/> refills the slots from storage, <see cref="BudgetStorageHealth"/> runs degraded while
/// storage fails, and <see cref="IdleBlockRelease"/> gives unused blocks back. This type holds them together and
/// learns from responses and 429s.
/// </remarks>
internal sealed partial class EndpointBudget : IDisposable
{
    private readonly BudgetPlanner _planner;
    private readonly RateBudgetStore _store;
    private readonly AfterShipClock _clock;
    private readonly RateBudgetOptions _options;
    private readonly ILogger _logger;
    private readonly string _owner;
    private readonly SharedKeyUsage _usage = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _gate = new();
    private readonly SlotPump _pump;

    public EndpointBudget(BudgetTimeline timeline, double limit, double headroom, RateBudgetStore store, AfterShipClock clock, TimeProvider time, RateBudgetOptions options, ILogger logger, string owner, Task fleetSeen)
    {
        _planner = new BudgetPlanner(timeline, limit, headroom, owner);
        (_store, _clock, _options, _logger, _owner) = (store, clock, options, logger, owner);
        var health = new BudgetStorageHealth(_gate, _planner, clock, options, logger);
        var claimer = new BlockClaimer(_gate, _planner, store, clock, options, logger, owner, fleetSeen, _stopping, health);
        var release = new IdleBlockRelease(_gate, _planner, store, clock, time, options, _stopping);
        _pump = new SlotPump(_gate, _planner, _usage, clock, time, _stopping, claimer, release);
    }

    /// <summary>Whether the endpoint currently sends at its degraded local rate.</summary>
    public bool IsDegraded
    {
        get
        {
            lock (_gate)
            {
                return _planner.IsDegraded;
            }
        }
    }

    /// <summary>The most instances this one has seen at once lately (heartbeats and claims), itself included.</summary>
    public int KnownInstances
    {
        get
        {
            lock (_gate)
            {
                return _planner.Instances;
            }
        }
    }

    public BudgetTimeline Timeline => _planner.Timeline;

    public SharedKeyUsage Usage => _usage;

    private long Now => BudgetTimeline.UnixTicks(_clock.Now);

    /// <summary>Waits for a slot. Honours cancellation while waiting.</summary>
    public ValueTask AcquireAsync(AfterShipPriority priority, CancellationToken cancellationToken) => _pump.AcquireAsync(priority, cancellationToken);

    /// <summary>Learns from a response: the share someone else spends with our key.</summary>
    public void Observe(DateTimeOffset counted, DateTimeOffset reset, int limit, int remaining)
    {
        var windowStart = BudgetTimeline.UnixTicks(reset) - TimeSpan.TicksPerSecond;
        double skip;
        lock (_gate)
        {
            skip = _planner.SkipShare(_usage.ForeignPerSecond(counted));
        }

        var ours = Timeline.SlotsBetween(windowStart, BudgetTimeline.UnixTicks(counted)) * (1 - skip);
        _usage.Observe(counted, reset, limit, remaining, ours);
        lock (_gate)
        {
            _planner.ObserveRemaining(BudgetTimeline.UnixTicks(counted), BudgetTimeline.UnixTicks(reset), remaining);
        }
    }

    /// <summary>A heartbeat read: the instances alive now (at <paramref name="localNow"/>).</summary>
    public void ObserveFleet(IReadOnlyList<string> alive, DateTimeOffset localNow)
    {
        lock (_gate)
        {
            _planner.ObserveFleet(alive, localNow);
        }
    }

    /// <summary>A 429: nobody in the deployment sends to this endpoint before <paramref name="until"/> (AfterShip time).</summary>
    public async Task HoldOffAsync(DateTimeOffset until)
    {
        var end = BudgetTimeline.UnixTicks(until);
        var now = Now;
        lock (_gate)
        {
            _planner.HoldOff(end);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
        timeout.CancelAfter(_options.StorageTimeout);
        try
        {
            await _store.HoldOffAsync(Timeline, Timeline.BlockOf(now), Timeline.BlockOf(end), _owner, timeout.Token);
        }
        catch (Exception ex) when (!_stopping.IsCancellationRequested)
        {
            // The other instances then learn of the window from their own 429 instead; this one holds off anyway.
            LogHoldOffNotShared(_logger, Timeline.Name, ex.GetType().Name);
        }
    }

    public void Dispose()
    {
        _stopping.Cancel();
        _stopping.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "AfterShip rate budget for {Endpoint} could not publish a hold-off ({Exception}); other instances learn of the full window from their own 429")]
    private static partial void LogHoldOffNotShared(ILogger logger, string endpoint, string exception);
}
