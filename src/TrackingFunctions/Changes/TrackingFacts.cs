using System.Text.Json;
using System.Text.Json.Nodes;

namespace TrackingFunctions.Changes;

/// <summary>
/// What change events need from a tracking's JSON beyond the columns the store keeps: order, delivery estimates,
/// checkpoints and (only if enabled) personal data. Read once per write, from the bytes being stored.
/// </summary>
internal sealed class TrackingFacts
{
    /// <summary>AfterShip 2025-01's four delivery estimates; a change in any of them is an estimate change.</summary>
    public static readonly IReadOnlyList<string> EstimateFields =
        ["courier_estimated_delivery_date", "aftership_estimated_delivery_date", "custom_estimated_delivery_date", "latest_estimated_delivery"];

    /// <summary>Fields that name or locate a person: customers (names, emails, phones), where the parcel goes, who signed.</summary>
    public static readonly IReadOnlyList<string> PersonalFields =
        ["customers", "destination_raw_location", "destination_postal_code", "destination_city", "destination_state", "signed_by"];

    private TrackingFacts()
    {
    }

    public string? OrderId { get; private init; }

    public string? OrderNumber { get; private init; }

    /// <summary>The four estimates as one compact JSON object (missing ones as null); compared as text between writes.</summary>
    public required string Estimates { get; init; }

    /// <summary>The checkpoints array (oldest first, as AfterShip sends them); undefined when there is none.</summary>
    public JsonElement Checkpoints { get; private init; }

    public JsonObject Personal { get; private init; } = [];

    public static TrackingFacts Read(ReadOnlyMemory<byte> trackingJson)
    {
        using var document = JsonDocument.Parse(trackingJson);
        var root = document.RootElement;
        var estimates = new JsonObject();
        foreach (var field in EstimateFields)
        {
            estimates[field] = root.TryGetProperty(field, out var value) && value.ValueKind != JsonValueKind.Null ? JsonNode.Parse(value.GetRawText()) : null;
        }

        var personal = new JsonObject();
        foreach (var field in PersonalFields)
        {
            if (root.TryGetProperty(field, out var value) && value.ValueKind != JsonValueKind.Null)
            {
                personal[field] = JsonNode.Parse(value.GetRawText());
            }
        }

        return new TrackingFacts
        {
            OrderId = Text(root, "order_id"),
            OrderNumber = Text(root, "order_number"),
            Estimates = estimates.ToJsonString(),
            Checkpoints = root.TryGetProperty("checkpoints", out var checkpoints) && checkpoints.ValueKind == JsonValueKind.Array ? checkpoints.Clone() : default,
            Personal = personal,
        };
    }

    /// <summary>The checkpoints from index <paramref name="from"/> on, oldest first.</summary>
    public JsonArray CheckpointsFrom(int from)
    {
        var added = new JsonArray();
        if (Checkpoints.ValueKind == JsonValueKind.Array)
        {
            foreach (var checkpoint in Checkpoints.EnumerateArray().Skip(Math.Max(0, from)))
            {
                added.Add(JsonNode.Parse(checkpoint.GetRawText()));
            }
        }

        return added;
    }

    /// <summary>The last checkpoint (AfterShip lists them oldest first); null when there is none.</summary>
    public JsonNode? NewestCheckpoint()
        => Checkpoints.ValueKind == JsonValueKind.Array && Checkpoints.GetArrayLength() > 0
            ? JsonNode.Parse(Checkpoints[Checkpoints.GetArrayLength() - 1].GetRawText())
            : null;

    private static string? Text(JsonElement element, string name)
        => element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
