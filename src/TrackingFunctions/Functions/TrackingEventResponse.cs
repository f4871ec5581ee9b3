using System.Text.Json;
using TrackingFunctions.Storage;

namespace TrackingFunctions.Functions;

/// <summary>One stored webhook event in the read API, with the body as AfterShip sent it.</summary>
public sealed record TrackingEventResponse(string EventId, string? Event, long? Ts, DateTimeOffset ReceivedAt, bool? IsTrackingFirstTag, bool Applied, JsonElement Body)
{
    public static TrackingEventResponse From(StoredEvent stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        using var document = JsonDocument.Parse(stored.RawBody);
        return new(stored.EventId, stored.EventType, stored.Ts, stored.ReceivedAt, stored.IsTrackingFirstTag, stored.Applied, document.RootElement.Clone());
    }
}

/// <summary>A page of events; pass <see cref="ContinuationToken"/> back as <c>continuation</c> for the next one.</summary>
public sealed record TrackingEventsResponse(IReadOnlyList<TrackingEventResponse> Events, string? ContinuationToken);
