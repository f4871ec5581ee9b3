using TrackingFunctions.AfterShip.Models;

namespace TrackingFunctions.Storage;

/// <summary>One requested write of a tracking state, with what every attempt of it needs computed once.</summary>
internal sealed record TrackingWrite(Tracking Tracking, string Source, WebhookEventRecord? WebhookEvent, StoredTracking? KnownState, string? Lifecycle = null)
{
    public string PartitionKey { get; } = TableKey.Encode(Tracking.Id!);

    public TrackingVersion Incoming { get; } = new(Tracking.UpdatedAtValue, Tracking.CheckpointCount);

    public ReadOnlyMemory<byte> Payload { get; } = Tracking.ToUtf8Json();

    public string? LookupKey { get; } = LookupKeyOf(Tracking);

    public bool IsRefresh => Source == TrackingSource.Refresh;

    private static string? LookupKeyOf(Tracking tracking)
        => string.IsNullOrWhiteSpace(tracking.Slug) || string.IsNullOrWhiteSpace(tracking.TrackingNumber)
            ? null
            : tracking.Slug.Trim().ToLowerInvariant() + "|" + tracking.TrackingNumber.Trim().ToUpperInvariant();
}
