using Microsoft.Extensions.Logging;
using TrackingFunctions.AfterShip;
using TrackingFunctions.AfterShip.Errors;
using TrackingFunctions.AfterShip.Models;

namespace TrackingFunctions.Refresh;

/// <summary>
/// Refreshes a batch of due trackings with one GET /trackings call and stores each one it returns; the rest are
/// handed back for GET by id (<see cref="TrackingByIdRefresher"/>).
/// </summary>
internal sealed partial class TrackingListRefresher(IAfterShipClient client, RefreshResultWriter writer, ILogger logger)
{
    /// <summary>Whether a tracking can be found by a list call at all: that needs its slug and number.</summary>
    public static bool Listable(DueTracking item)
        => !string.IsNullOrWhiteSpace(item.State.Slug) && !string.IsNullOrWhiteSpace(item.State.TrackingNumber);

    /// <summary>One GET /trackings call for up to 50 trackings; returns the ones it did not return, for GET by id.</summary>
    public async Task<IReadOnlyList<DueTracking>> RefreshAsync(RefreshRun run, DueTracking[] batch, CancellationToken cancellationToken)
    {
        // The slug filter takes a list, so trackings of several couriers share a call; results are matched by id, and
        // a tracking of the same number at another courier that the filter lets through is simply not matched.
        var query = new ListTrackingsQuery
        {
            TrackingNumbers = [.. batch.Select(d => d.State.TrackingNumber!.Trim()).Distinct(StringComparer.OrdinalIgnoreCase)],
            Slugs = [.. batch.Select(d => d.State.Slug!.Trim().ToLowerInvariant()).Distinct(StringComparer.Ordinal)],
            Limit = ListTrackingsQuery.MaxLimit,
        };

        TrackingPage page;
        try
        {
            Interlocked.Increment(ref run.ListCalls);
            page = await client.ListTrackingsAsync(query, cancellationToken);
        }
        catch (AfterShipRateLimitedException ex)
        {
            run.StopForRateLimit();
            Interlocked.Add(ref run.Deferred, batch.Length);
            LogListFailed(logger, batch.Length, ex);
            return [];
        }
        catch (AfterShipApiException ex) when (ex.IsTransient)
        {
            Interlocked.Add(ref run.Failed, batch.Length);
            LogListFailed(logger, batch.Length, ex);
            return [];
        }
        catch (AfterShipApiException ex)
        {
            // A permanent refusal (one odd tracking number can cause it): each tracking is asked for by id instead.
            LogListFailed(logger, batch.Length, ex);
            return batch;
        }

        var byId = new Dictionary<string, Tracking>(StringComparer.Ordinal);
        foreach (var tracking in page.Trackings)
        {
            if (tracking.Id is { } id)
            {
                byId.TryAdd(id, tracking);
            }
        }

        var missing = new List<DueTracking>();
        var stores = new List<Task>(batch.Length);
        foreach (var item in batch)
        {
            if (byId.TryGetValue(item.Entry.Id, out var tracking))
            {
                stores.Add(writer.ApplyAsync(run, item, tracking, cancellationToken));
            }
            else
            {
                missing.Add(item);
            }
        }

        await Task.WhenAll(stores);
        return missing;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refresh: GET /trackings for {Count} trackings failed")]
    private static partial void LogListFailed(ILogger logger, int count, Exception exception);
}
