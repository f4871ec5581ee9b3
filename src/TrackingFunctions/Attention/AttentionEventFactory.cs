using System.Text.Json.Nodes;
using TrackingFunctions.Changes;
using TrackingFunctions.Storage;

namespace TrackingFunctions.Attention;

/// <summary>
/// Builds the <c>com.trackingfunctions.tracking.attention</c> CloudEvent: the same envelope, source and sequence as
/// every change event of the tracking (so consumers dedupe and order it with the rest), the cause in <c>data</c>.
/// </summary>
public sealed class AttentionEventFactory(ChangeEventFactory changeEvents)
{
    /// <summary>Checkpoint fields an attention event repeats: enough to say where the parcel was last seen.</summary>
    private static readonly string[] CheckpointFields = ["checkpoint_time", "tag", "subtag", "message", "location"];

    private const int MaxTextLength = 512;

    internal byte[] Create(StoredTracking state, TrackingFacts facts, AttentionHold hold, int occurrence, AlertOptions options, long sequence, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(hold);
        ArgumentNullException.ThrowIfNull(options);
        var data = new JsonObject
        {
            ["id"] = state.Id,
            ["tracking_number"] = state.TrackingNumber,
            ["slug"] = state.Slug,
            ["order_id"] = facts.OrderId,
            ["order_number"] = facts.OrderNumber,
            ["cause"] = hold.Cause,
            ["occurrence"] = occurrence,
            ["since"] = hold.Since?.ToUniversalTime(),
            ["threshold_days"] = ThresholdDays(hold.Cause, options),
            ["current"] = new JsonObject
            {
                ["tag"] = state.Tag,
                ["subtag"] = state.Subtag,
                ["active"] = state.Active,
                ["checkpoint_count"] = state.CheckpointCount,
                ["updated_at"] = state.UpdatedAt,
                ["estimates"] = JsonNode.Parse(facts.Estimates),
            },
            ["newest_checkpoint"] = Essentials(facts.NewestCheckpoint()),
        };
        return changeEvents.Encode(state.Id, ChangeEventTypes.Attention, sequence, now, data);
    }

    private static int? ThresholdDays(string cause, AlertOptions options) => cause switch
    {
        AttentionCauses.NoCheckpoint => options.NoCheckpointDays,
        AttentionCauses.StillPending => options.PendingDays,
        AttentionCauses.EstimatePassed => options.EstimateGraceDays,
        _ => null,
    };

    private static JsonObject? Essentials(JsonNode? checkpoint)
    {
        if (checkpoint is not JsonObject full)
        {
            return null;
        }

        var kept = new JsonObject();
        foreach (var field in CheckpointFields)
        {
            // Carrier text is short in practice; the cut keeps any event far below the queue's 64 KiB.
            kept[field] = full[field] is JsonValue value && value.TryGetValue<string>(out var text) && text.Length > MaxTextLength
                ? JsonValue.Create(text[..MaxTextLength])
                : full[field]?.DeepClone();
        }

        return kept;
    }
}
