using System.Text.Json.Nodes;

namespace AfterShip.Simulator;

/// <summary>
/// An immutable snapshot of one tracking as the simulator stores it. Later changes to the simulator do not affect it.
/// </summary>
public sealed class SimulatedTracking
{
    private readonly JsonObject _json;

    internal SimulatedTracking(JsonObject json)
    {
        // A private deep copy is what makes the snapshot immutable: the store keeps mutating its own object.
        _json = (JsonObject)json.DeepClone();
        Id = Text("id") ?? string.Empty;
        LegacyId = Text("legacy_id") ?? string.Empty;
        TrackingNumber = Text("tracking_number") ?? string.Empty;
        Slug = Text("slug") ?? string.Empty;
        Tag = Text("tag") ?? string.Empty;
        Subtag = Text("subtag") ?? string.Empty;
        Active = _json["active"] is JsonValue active && active.TryGetValue<bool>(out var isActive) && isActive;
        CreatedAt = Text("created_at") ?? string.Empty;
        UpdatedAt = Text("updated_at") ?? string.Empty;
        CheckpointCount = _json["checkpoints"] is JsonArray checkpoints ? checkpoints.Count : 0;
    }

    /// <summary>The 32-character lowercase hex id.</summary>
    public string Id { get; }

    /// <summary>The 24-character legacy id, also accepted in paths.</summary>
    public string LegacyId { get; }

    public string TrackingNumber { get; }

    public string Slug { get; }

    /// <summary>Delivery status tag, e.g. <c>InTransit</c>.</summary>
    public string Tag { get; }

    /// <summary>Delivery sub-status, e.g. <c>InTransit_001</c>.</summary>
    public string Subtag { get; }

    public bool Active { get; }

    /// <summary><c>created_at</c> as served: <c>yyyy-MM-ddTHH:mm:ssZ</c>.</summary>
    public string CreatedAt { get; }

    /// <summary><c>updated_at</c> as served: <c>yyyy-MM-ddTHH:mm:ssZ</c>.</summary>
    public string UpdatedAt { get; }

    public int CheckpointCount { get; }

    /// <summary>A fresh copy of the full 2025-01 tracking object, exactly as the API would return it.</summary>
    public JsonObject ToJson() => (JsonObject)_json.DeepClone();

    private string? Text(string name) =>
        _json[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
