using System.Text.Json;
using System.Text.Json.Nodes;
using TrackingFunctions.AfterShip;
using TrackingFunctions.Changes;
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

    /// <summary>When the latest delivery estimate ends: the end of its last day, or its latest time.</summary>
    public DateTimeOffset? EstimateEndsAt { get; init; }

    /// <summary>
    /// The estimates in order of preference: AfterShip's own latest one, the shop's, AfterShip's prediction, the
    /// carrier's; each read at its latest bound, so a window counts as passed only when all of it has.
    /// </summary>
    private static readonly (string Field, string[] Bounds)[] Estimates =
    [
        ("latest_estimated_delivery", ["datetime_max", "datetime"]),
        ("custom_estimated_delivery_date", ["datetime_max", "datetime"]),
        ("aftership_estimated_delivery_date", ["estimated_delivery_date_max", "estimated_delivery_date"]),
        ("courier_estimated_delivery_date", ["estimated_delivery_date_max", "estimated_delivery_date"]),
    ];

    internal static AttentionFacts From(StoredTracking state, TrackingFacts facts)
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
            EstimateEndsAt = EstimateEnd(facts.Estimates),
        };
    }

    /// <summary>The end of the first estimate present, from the compact estimates JSON the change events keep.</summary>
    internal static DateTimeOffset? EstimateEnd(string estimatesJson)
    {
        using var document = JsonDocument.Parse(estimatesJson);
        foreach (var (field, bounds) in Estimates)
        {
            if (!document.RootElement.TryGetProperty(field, out var estimate) || estimate.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            foreach (var bound in bounds)
            {
                if (estimate.TryGetProperty(bound, out var value) && value.ValueKind == JsonValueKind.String && EndOf(value.GetString()!) is { } end)
                {
                    return end;
                }
            }
        }

        return null;
    }

    /// <summary>A date alone (<c>2026-11-27</c>) lasts until the end of that day, UTC; a time is itself.</summary>
    private static DateTimeOffset? EndOf(string value)
    {
        var parsed = AfterShipDate.Parse(value);
        return parsed is { } at && value.Trim().Length <= 10 ? at.AddDays(1) : parsed;
    }
}
