using TrackingFunctions.AfterShip.Http;
using TrackingFunctions.Storage;

namespace TrackingFunctions.Refresh;

/// <summary>A due row together with the state it was checked against.</summary>
internal sealed record DueTracking(DueEntry Entry, StoredTracking State);

/// <summary>Counters and stop flags of one run, shared by its concurrent workers.</summary>
internal sealed class RefreshRun(TimeProvider timeProvider, TimeSpan budget)
{
    /// <summary>Written by the single reader of the due index only.</summary>
    public int RowsRead;
    public int Due;
    public int Refreshed;
    public int Changed;
    public int Superseded;
    public int Gone;
    public int LeftSchedule;
    public int Rescheduled;
    public int Failed;
    public int Deferred;
    public int ListCalls;
    public int GetCalls;

    /// <summary>How long the oldest row of the due index had been due when the run started (written by the reader).</summary>
    public TimeSpan Lag;

    private readonly long _started = timeProvider.GetTimestamp();
    private volatile bool _budgetExhausted;
    private volatile bool _rateLimited;

    public RefreshRunSummary Result { get; set; } = new();

    /// <summary>True once no new call may start: the budget is spent, or AfterShip still answers 429 after retries.</summary>
    public bool ShouldStop()
    {
        if (!_budgetExhausted && timeProvider.GetElapsedTime(_started) >= budget)
        {
            _budgetExhausted = true;
        }

        return _budgetExhausted || _rateLimited;
    }

    public void StopForRateLimit() => _rateLimited = true;

    public RefreshRunSummary Summarize(AfterShipCallSnapshot calls) => new()
    {
        RowsRead = Volatile.Read(ref RowsRead),
        Due = Volatile.Read(ref Due),
        Refreshed = Volatile.Read(ref Refreshed),
        Changed = Volatile.Read(ref Changed),
        Superseded = Volatile.Read(ref Superseded),
        Gone = Volatile.Read(ref Gone),
        LeftSchedule = Volatile.Read(ref LeftSchedule),
        Rescheduled = Volatile.Read(ref Rescheduled),
        Failed = Volatile.Read(ref Failed),
        Deferred = Volatile.Read(ref Deferred),
        ListCalls = Volatile.Read(ref ListCalls),
        GetCalls = Volatile.Read(ref GetCalls),
        Attempts = calls.Attempts.Where(p => p.Value != 0).ToDictionary(p => p.Key, p => p.Value),
        RateLimited = calls.RateLimited,
        Retries = calls.Retries,
        Duration = timeProvider.GetElapsedTime(_started),
        Lag = Lag,
        BudgetExhausted = _budgetExhausted,
        StoppedByRateLimit = _rateLimited,
    };
}
