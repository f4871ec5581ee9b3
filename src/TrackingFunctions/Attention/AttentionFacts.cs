using System.Text.Json;
using System.Text.Json.Nodes;
using TrackingFunctions.AfterShip;
using TrackingFunctions.Changes;
using TrackingFunctions.ShopperPage;
using TrackingFunctions.Storage;

namespace TrackingFunctions.Attention;

/// <summary>What the attention rules look at, read from a stored tracking (state columns and its JSON).</summary>
public sealed record AttentionFacts
{
    public string? Tag { get; init; }

    public string? Subtag { get; init; }

    public bool? Active { get; init; }

    /// <summary><c>completed</c> or <c>deleted</c> once a command ended the tracking.</summary>
    public string? Lifecycle { get; init; }

    public DateTimeOffset? CreatedAt { get; init; }

    /// <summary>The newest checkpoint's <c>checkpoint_time</c> (a time without a zone read as UTC).</summary>
    public DateTimeOffset? LastCheckpointAt { get; init; }

    /// <summary>When the delivery estimate ends: the end of its latest day.</summary>
    public DateTimeOffset? EstimateEndsAt { get; init; }

    internal static AttentionFacts From(StoredTracking state, TrackingFacts facts, ReadOnlyMemory<byte> trackingJson)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(facts);
        return new AttentionFacts
        {
            Tag = state.Tag,
            Subtag = state.Subtag,
            Active = state.Active,
            Lifecycle = state.Lifecycle,
            CreatedAt = state.CreatedAt,
            LastCheckpointAt = facts.NewestCheckpoint()?["checkpoint_time"] is JsonValue time && time.TryGetValue<string>(out var text) ? AfterShipDate.Parse(text) : null,
            EstimateEndsAt = EstimateEnd(trackingJson),
        };
    }

    /// <summary>
    /// The end of the estimate the shopper's tracking page shows (<see cref="DeliveryEstimateReader"/>: the same source
    /// and day), so the shop is told the parcel is late exactly when the shopper can see it is: the end of its latest
    /// day, UTC.
    /// </summary>
    internal static DateTimeOffset? EstimateEnd(ReadOnlyMemory<byte> trackingJson)
    {
        using var document = JsonDocument.Parse(trackingJson);
        return DeliveryEstimateReader.Read(document.RootElement) is { } estimate
            ? new DateTimeOffset(estimate.Latest.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero)
            : null;
    }
}
