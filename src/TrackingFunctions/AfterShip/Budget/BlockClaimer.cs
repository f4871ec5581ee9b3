using Azure;
using Microsoft.Extensions.Logging;

namespace TrackingFunctions.AfterShip.Budget;

/// <summary>
/// Refills one budget's slots from the claims table: claims the next free block, one claim at a time, looking at the
/// table for the other instances' claims and hold-offs when the planner asks, and retries with more time while
/// storage is slow before reporting it failed (<see cref="BudgetStorageHealth"/>).
/// </summary>
/// <remarks>The planner is not thread-safe: every call to it is made under the budget's gate.</remarks>
internal sealed partial class BlockClaimer(Lock gate, BudgetPlanner planner, RateBudgetStore store, AfterShipClock clock, RateBudgetOptions options, ILogger logger, string owner, Task fleetSeen, CancellationTokenSource stopping, BudgetStorageHealth health)
{
    private Task<bool>? _claiming;

    private BudgetTimeline Timeline => planner.Timeline;

    private long Now => BudgetTimeline.UnixTicks(clock.Now);

    /// <summary>
    /// Starts <paramref name="request"/> unless a claim is in flight, and returns the claim in flight (null when none).
    /// Called under the gate, which the claim takes to clear itself when it ends.
    /// </summary>
    public Task<bool>? StartUnlessClaiming(ClaimRequest? request)
    {
        if (request is { } claim && _claiming is null)
        {
            _claiming = StartClaim(claim);
        }

        return _claiming;
    }

    /// <summary>Runs a claim, clearing <see cref="_claiming"/> when it ends (started under the gate).</summary>
    private Task<bool> StartClaim(ClaimRequest request)
        => Task.Run(
            async () =>
            {
                try
                {
                    return await ClaimAsync(request);
                }
                finally
                {
                    lock (gate)
                    {
                        _claiming = null;
                    }
                }
            },
            CancellationToken.None);

    /// <summary>
    /// Claims the next free block, trying again with twice the time while storage is slow or failing, and only then
    /// runs degraded (true: ask the planner again); false when every block tried was taken.
    /// </summary>
    private async Task<bool> ClaimAsync(ClaimRequest request)
    {
        Exception? failure = null;
        var lead = TimeSpan.Zero;
        for (var attempt = 0; attempt < options.ClaimAttempts; attempt++)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping.Token);
            timeout.CancelAfter(options.StorageTimeout * (1 << attempt));
            try
            {
                // The fleet is known before the first claim, so a claim that fails can degrade to this instance's share.
                await fleetSeen.WaitAsync(timeout.Token);
                // Storage that took the last attempt's whole time answers this one no sooner: claim the slots due by then.
                return await ClaimOnceAsync(attempt == 0 ? request : request with { Now = Now + lead.Ticks }, timeout.Token);
            }
            catch (Exception ex) when (!stopping.IsCancellationRequested)
            {
                failure = ex;
                lead = options.StorageTimeout * (1 << attempt);
                LogClaimAttemptFailed(logger, Timeline.Name, attempt + 1, ex);
            }
        }

        // A claim made on the last attempt that storage took but never answered may reach that far ahead.
        health.StorageFailed(failure!, Now + lead.Ticks);
        return true;
    }

    /// <summary>One attempt: claims the next free block (looking at the table first when due); false when none could be had.</summary>
    private async Task<bool> ClaimOnceAsync(ClaimRequest request, CancellationToken cancellationToken)
    {
        var now = request.Now;

        // A call that has no slot in hand waits for this claim, so the look that is due comes after it (the claim
        // itself fails on any block another instance holds or has held off); a claim made ahead of need looks first.
        var lookAfter = request.Look && !request.Prefetch;
        if (request.Look && request.Prefetch)
        {
            await LookAsync(Timeline.BlockOf(now), cancellationToken);
        }

        for (var attempt = 0; attempt < 3; attempt++)
        {
            long candidate;
            bool nextFree;
            lock (gate)
            {
                (candidate, nextFree) = planner.Candidate(now);
                if (!planner.WithinHorizon(candidate, now))
                {
                    return false;
                }
            }

            var plan = Timeline.PlanClaim(candidate, now, nextFree && RateBudgetStore.InOneTable(Timeline, candidate, candidate + 1));
            if (await store.TryClaimAsync(Timeline, candidate, plan.Blocks, owner, cancellationToken) is { } etags)
            {
                lock (gate)
                {
                    planner.Claimed(candidate, plan, [.. etags.Select(e => e.ToString())], now);
                }

                health.Recovered();
                if (lookAfter)
                {
                    _ = LookQuietlyAsync(Timeline.BlockOf(now));
                }

                return true;
            }

            lock (gate)
            {
                planner.Refused(candidate);
            }

            await LookAsync(Timeline.BlockOf(now), cancellationToken);
        }

        health.Recovered();
        return false;
    }

    /// <summary>A look that nobody waits for: a failure only leaves the picture of the table as it was.</summary>
    private async Task LookQuietlyAsync(long from)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping.Token);
            timeout.CancelAfter(options.StorageTimeout);
            await LookAsync(from, timeout.Token);
        }
        catch (Exception ex) when (ex is RequestFailedException or OperationCanceledException)
        {
            // The next claim looks again, or learns of a taken block from its own conflict.
        }
    }

    private async Task LookAsync(long from, CancellationToken cancellationToken)
    {
        var taken = await store.ReadAheadAsync(Timeline, from, BudgetPlanner.ReadAheadBlocks, cancellationToken);
        lock (gate)
        {
            planner.Looked(from, taken, clock.LocalNow);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "AfterShip rate budget for {Endpoint}: claim attempt {Attempt} failed")]
    private static partial void LogClaimAttemptFailed(ILogger logger, string endpoint, int attempt, Exception exception);
}
