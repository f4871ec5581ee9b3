using TrackingFunctions.AfterShip;

namespace TrackingFunctions.Refresh;

/// <summary>What one refresh run did. Logged once per run as a structured summary.</summary>
public sealed record RefreshRunSummary
{
    /// <summary>Due-index rows read: the run's storage cost grows with this, not with the trackings stored.</summary>
    public int RowsRead { get; init; }

    /// <summary>Trackings found due (their row is the state's and its time has come).</summary>
    public int Due { get; init; }

    /// <summary>Due trackings fetched from AfterShip and stored.</summary>
    public int Refreshed { get; init; }

    /// <summary>Refreshed trackings whose version was newer than the stored one.</summary>
    public int Changed { get; init; }

    /// <summary>Refreshes that lost to a newer state (a webhook) stored while the call was in flight.</summary>
    public int Superseded { get; init; }

    /// <summary>Trackings AfterShip answered 4004 for; marked gone and taken off the schedule.</summary>
    public int Gone { get; init; }

    /// <summary>Rows deleted because the tracking is terminal, past retention, gone or unknown.</summary>
    public int LeftSchedule { get; init; }

    /// <summary>Rows moved without a call: a webhook had pushed the next refresh later, or the row was stale.</summary>
    public int Rescheduled { get; init; }

    /// <summary>Trackings whose refresh failed; their rows stay due (or are deferred on a permanent error).</summary>
    public int Failed { get; init; }

    /// <summary>Due trackings not started because the time budget ran out or AfterShip kept answering 429.</summary>
    public int Deferred { get; init; }

    /// <summary>GET /trackings calls made (logical calls; retries are in <see cref="Attempts"/>).</summary>
    public int ListCalls { get; init; }

    /// <summary>GET /trackings/{id} calls made.</summary>
    public int GetCalls { get; init; }

    /// <summary>HTTP attempts per AfterShip endpoint during the run, from the client's metrics (process-wide).</summary>
    public IReadOnlyDictionary<AfterShipEndpoint, long> Attempts { get; init; } = new Dictionary<AfterShipEndpoint, long>();

    /// <summary>429 answers seen during the run, from the client's metrics.</summary>
    public long RateLimited { get; init; }

    /// <summary>Retried AfterShip attempts during the run, from the client's metrics.</summary>
    public long Retries { get; init; }

    public TimeSpan Duration { get; init; }

    /// <summary>How long the oldest due tracking had been waiting when the run started; zero when none was due.</summary>
    public TimeSpan Lag { get; init; }

    /// <summary>The run stopped starting calls because <see cref="RefreshOptions.TimeBudget"/> ran out.</summary>
    public bool BudgetExhausted { get; init; }

    /// <summary>The run stopped starting calls because a call still met 429 after the client's retries.</summary>
    public bool StoppedByRateLimit { get; init; }
}
