using System.Net;
using TrackingFunctions.AfterShip;
using TrackingFunctions.AfterShip.Errors;
using TrackingFunctions.AfterShip.Models;

namespace TrackingFunctions.Couriers;

/// <summary>
/// Fetches the directory from AfterShip: every courier (GET /couriers/all), marked activated when the account's
/// own list (GET /couriers) has it. Two calls at GET /couriers' 5 requests/s; nothing else waits on them.
/// </summary>
public sealed class CourierDirectoryRefresher(IAfterShipClient afterShip, CourierDirectoryStore store, TimeProvider timeProvider)
{
    internal async Task<IReadOnlyList<CourierEntry>> RefreshAsync(CancellationToken cancellationToken)
    {
        var activated = await afterShip.ListCouriersAsync(all: false, cancellationToken);
        IReadOnlyList<Courier> all;
        try
        {
            all = await afterShip.ListCouriersAsync(all: true, cancellationToken);
        }
        catch (AfterShipApiException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            // API versions from 2025-04 on have no GET /couriers/all; the account's own couriers are then all there is.
            all = activated;
        }

        var activatedSlugs = activated.Select(c => c.Slug!).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var entries = all.Concat(activated)
            .DistinctBy(c => c.Slug!, StringComparer.OrdinalIgnoreCase)
            .Select(c => new CourierEntry(
                c.Slug!,
                string.IsNullOrWhiteSpace(c.Name) ? c.Slug! : c.Name.Trim(),
                Uri.TryCreate(c.WebUrl, UriKind.Absolute, out var website) && website.Scheme is "https" or "http" ? website : null,
                [.. (c.RequiredFields ?? []).Where(f => !string.IsNullOrWhiteSpace(f)).Select(f => f.Trim())],
                activatedSlugs.Contains(c.Slug!)))
            .ToList();
        await store.WriteAsync(entries, timeProvider.GetUtcNow(), cancellationToken);
        return entries;
    }
}
