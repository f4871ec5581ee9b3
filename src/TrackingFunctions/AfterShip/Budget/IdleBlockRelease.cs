using Azure;

namespace TrackingFunctions.AfterShip.Budget;

/// <summary>
/// Gives back the blocks still holding unused slots once nobody has waited for a moment, so another instance
/// can spend them instead of claiming further ahead. Best effort: a failed release only leaves slots unused.
/// </summary>
/// <remarks>The planner is not thread-safe: every call to it is made under the budget's gate.</remarks>
internal sealed class IdleBlockRelease(Lock gate, BudgetPlanner planner, RateBudgetStore store, AfterShipClock clock, TimeProvider time, RateBudgetOptions options, CancellationTokenSource stopping)
{
    /// <summary>How long a pump with no callers left keeps its claimed future blocks before giving them back.</summary>
    private static readonly TimeSpan ReleaseDelay = TimeSpan.FromMilliseconds(500);

    private Task? _release;

    /// <summary>
    /// Starts a release unless one is pending. Called under the gate; the release gives nothing back if
    /// <paramref name="pumping"/> says a pump has started again meanwhile.
    /// </summary>
    public void Schedule(Func<bool> pumping) => _release ??= Task.Run(() => ReleaseWhenIdleAsync(pumping), CancellationToken.None);

    private async Task ReleaseWhenIdleAsync(Func<bool> pumping)
    {
        try
        {
            await Task.Delay(ReleaseDelay, time, stopping.Token);
            IReadOnlyList<(long Block, string Claim)> blocks;
            lock (gate)
            {
                if (pumping())
                {
                    return;
                }

                blocks = planner.ReleaseIdle(BudgetTimeline.UnixTicks(clock.Now));
            }

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping.Token);
            timeout.CancelAfter(options.StorageTimeout);
            foreach (var (block, claim) in blocks)
            {
                await store.ReleaseAsync(planner.Timeline, block, new ETag(claim), timeout.Token);
            }
        }
        catch (Exception ex) when (ex is RequestFailedException or OperationCanceledException)
        {
            // Unused slots simply go unused.
        }
        finally
        {
            lock (gate)
            {
                _release = null;
            }
        }
    }
}
