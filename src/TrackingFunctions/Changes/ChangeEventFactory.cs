using System.Globalization;
using System.Net.Mime;
using System.Text.Json.Nodes;
using CloudNative.CloudEvents;
using CloudNative.CloudEvents.SystemTextJson;
using Microsoft.Extensions.Options;
using TrackingFunctions.Storage;

namespace TrackingFunctions.Changes;

/// <summary>
/// Builds the CloudEvents 1.0 structured-mode JSON of one change. The bytes are built once, at commit, and stored
/// in the outbox row, so every (re)publication of a change sends the same <c>id</c>, <c>time</c> and body.
/// </summary>
public sealed class ChangeEventFactory(IOptions<ChangeEventOptions> options)
{
    /// <summary>
    /// The queue takes at most 64 KiB per message; our JSON escapes &lt; &gt; and &amp;, so the XML body adds nothing
    /// to it, and the margin covers the request envelope (as Durable Task's 60,000-byte claim-check threshold does).
    /// </summary>
    public const int MaxEventBytes = 60_000;

    /// <summary>Checkpoint fields kept when even the newest checkpoint has to be cut down.</summary>
    private static readonly string[] CheckpointEssentials = ["checkpoint_time", "tag", "subtag", "message"];

    private const int TrimmedTextLength = 512;

    private static readonly CloudEventAttribute SequenceAttribute = CloudEventAttribute.CreateExtension("sequence", CloudEventAttributeType.String);
    private static readonly CloudEventAttribute PartitionKeyAttribute = CloudEventAttribute.CreateExtension("partitionkey", CloudEventAttributeType.String);
    private static readonly JsonEventFormatter Formatter = new();

    /// <summary>Zero-padded so that a plain string compare orders events, as the <c>sequence</c> extension asks.</summary>
    public static string FormatSequence(long sequence) => sequence.ToString("D12", CultureInfo.InvariantCulture);

    /// <summary>
    /// The tracking id as a CloudEvents String: ids are letters and digits in practice, but an attribute must not
    /// carry control characters, so anything else is escaped as in table keys (<see cref="TableKey"/>); data.id
    /// keeps the id as it is.
    /// </summary>
    public static string SubjectOf(string trackingId) => TableKey.Encode(trackingId);

    public static string EventId(string trackingId, long sequence) => SubjectOf(trackingId) + ":" + FormatSequence(sequence);

    internal byte[] Create(ChangeFacts change)
    {
        ArgumentNullException.ThrowIfNull(change);
        var data = Data(change, options.Value.IncludePersonalData);
        var encoded = Encode(change, data);
        foreach (var trim in Trims)
        {
            if (encoded.Length <= MaxEventBytes)
            {
                break;
            }

            trim(data);
            data["trimmed"] = true;
            encoded = Encode(change, data);
        }

        return encoded;
    }

    private byte[] Encode(ChangeFacts change, JsonObject data)
        => Encode(change.Incoming.Id!, change.Type, change.Sequence, change.CommittedAt, data);

    /// <summary>
    /// One event of the tracking's change sequence, in the envelope every change event has; features that add events
    /// to the sequence (attention alerts) build theirs here so consumers see one format.
    /// </summary>
    internal byte[] Encode(string trackingId, string type, long sequence, DateTimeOffset committedAt, JsonObject data)
    {
        var cloudEvent = new CloudEvent(CloudEventsSpecVersion.V1_0, [SequenceAttribute, PartitionKeyAttribute])
        {
            Id = EventId(trackingId, sequence),
            Source = options.Value.Source,
            Type = type,
            Subject = SubjectOf(trackingId),
            Time = committedAt,
            DataContentType = MediaTypeNames.Application.Json,
            Data = data,
            [SequenceAttribute] = FormatSequence(sequence),
            [PartitionKeyAttribute] = SubjectOf(trackingId),
        };
        return Formatter.EncodeStructuredModeMessage(cloudEvent, out _).ToArray();
    }

    private static JsonObject Data(ChangeFacts change, bool includePersonalData)
    {
        var (stored, incoming, facts) = (change.Stored, change.Incoming, change.Facts);
        var data = new JsonObject
        {
            ["id"] = incoming.Id,
            ["tracking_number"] = incoming.TrackingNumber,
            ["slug"] = incoming.Slug,
            ["order_id"] = facts.OrderId,
            ["order_number"] = facts.OrderNumber,
            ["source"] = change.Source,
            ["changes"] = new JsonArray([.. change.Kinds.Select(k => JsonValue.Create(k))]),
            ["previous"] = stored is null ? null : new JsonObject
            {
                ["tag"] = stored.Tag,
                ["subtag"] = stored.Subtag,
                ["active"] = stored.Active,
                ["checkpoint_count"] = stored.CheckpointCount,
                ["estimates"] = stored.Estimates is null ? null : JsonNode.Parse(stored.Estimates),
            },
            ["current"] = new JsonObject
            {
                ["tag"] = incoming.Tag,
                ["subtag"] = incoming.Subtag,
                ["active"] = incoming.Active,
                ["checkpoint_count"] = incoming.CheckpointCount,
                ["updated_at"] = incoming.UpdatedAt,
                ["estimates"] = JsonNode.Parse(facts.Estimates),
            },
            ["newest_checkpoint"] = facts.NewestCheckpoint(),
            ["checkpoints_added"] = facts.CheckpointsFrom(stored?.CheckpointCount ?? 0),
            ["trimmed"] = false,
        };
        if (includePersonalData)
        {
            data["personal"] = facts.Personal.DeepClone();
        }

        return data;
    }

    /// <summary>What goes, in order, while the event is over <see cref="MaxEventBytes"/>: never the event itself.</summary>
    private static readonly Action<JsonObject>[] Trims =
    [
        data => data["checkpoints_added"] = new JsonArray(data["newest_checkpoint"]?.DeepClone()),
        data => data.Remove("personal"),
        data =>
        {
            data["checkpoints_added"] = new JsonArray();
            if (data["newest_checkpoint"] is JsonObject newest)
            {
                var kept = new JsonObject();
                foreach (var field in CheckpointEssentials)
                {
                    kept[field] = Shorten(newest[field]?.DeepClone());
                }

                data["newest_checkpoint"] = kept;
            }
        },
        data =>
        {
            ((JsonObject)data["current"]!)["estimates"] = null;
            if (data["previous"] is JsonObject previous)
            {
                previous["estimates"] = null;
            }
        },
        data =>
        {
            foreach (var field in new[] { "tracking_number", "slug", "order_id", "order_number" })
            {
                data[field] = Shorten(data[field]?.DeepClone());
            }

            foreach (var state in new[] { data["current"], data["previous"] }.OfType<JsonObject>())
            {
                foreach (var field in new[] { "tag", "subtag", "updated_at" })
                {
                    state[field] = Shorten(state[field]?.DeepClone());
                }
            }
        },
    ];

    private static JsonNode? Shorten(JsonNode? node)
        => node is JsonValue value && value.TryGetValue<string>(out var text) && text.Length > TrimmedTextLength
            ? JsonValue.Create(text[..TrimmedTextLength])
            : node;
}
