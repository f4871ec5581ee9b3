using System.Text.Json;
using TrackingFunctions.Changes;

namespace TrackingFunctions.Attention;

/// <summary>What one change event showed: its place in the tracking's sequence and the tag it left.</summary>
public sealed record AttentionObservation(long Sequence, string? Tag)
{
    /// <summary>Reads <c>data.current.tag</c> of a change event as the outbox holds it.</summary>
    public static AttentionObservation Of(OutboxEvent change)
    {
        ArgumentNullException.ThrowIfNull(change);
        using var document = JsonDocument.Parse(change.CloudEvent);
        var tag = document.RootElement.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object
                  && data.TryGetProperty("current", out var current) && current.ValueKind == JsonValueKind.Object
                  && current.TryGetProperty("tag", out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
        return new AttentionObservation(change.Sequence, tag);
    }
}
