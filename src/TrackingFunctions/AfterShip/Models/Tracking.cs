using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace TrackingFunctions.AfterShip.Models;

/// <summary>
/// An AfterShip 2025-01 tracking. Only the fields this app reasons about are typed; every other field, including
/// ones AfterShip adds later, is kept in <see cref="AdditionalFields"/> so nothing is lost on a round trip.
/// Dates stay strings because carriers send them in mixed formats; use <see cref="AfterShipDate"/> to read them.
/// </summary>
public sealed record Tracking
{
    public string? Id { get; init; }

    public string? LegacyId { get; init; }

    public string? TrackingNumber { get; init; }

    public string? Slug { get; init; }

    /// <summary>Delivery status; an open set (see <see cref="TrackingTags"/>).</summary>
    public string? Tag { get; init; }

    public string? Subtag { get; init; }

    public string? SubtagMessage { get; init; }

    public bool? Active { get; init; }

    public string? CreatedAt { get; init; }

    public string? UpdatedAt { get; init; }

    public string? Title { get; init; }

    public string? OrderId { get; init; }

    public IReadOnlyList<Checkpoint>? Checkpoints { get; init; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? AdditionalFields { get; init; }

    /// <summary>The JSON this tracking was read from, exactly as AfterShip sent it; null when built in code.</summary>
    [JsonIgnore]
    public string? RawJson { get; init; }

    /// <summary>
    /// The exact UTF-8 JSON when the tracking was read with <see cref="ReadSummary"/>; empty otherwise. Kept as bytes
    /// so a large tracking is never copied into a UTF-16 string just to be encoded back for storage.
    /// </summary>
    [JsonIgnore]
    public ReadOnlyMemory<byte> RawUtf8Json { get; init; }

    [JsonIgnore]
    public int CheckpointCount
    {
        get => _checkpointCount ?? Checkpoints?.Count ?? 0;
        init => _checkpointCount = value;
    }

    [JsonIgnore]
    public DateTimeOffset? UpdatedAtValue => AfterShipDate.Parse(UpdatedAt);

    /// <summary>Reads a tracking from a JSON element and remembers the exact JSON text.</summary>
    public static Tracking FromJson(JsonElement element)
    {
        var tracking = element.Deserialize(AfterShipJson.Options.GetTypeInfo(typeof(Tracking))) as Tracking
            ?? throw new JsonException("The tracking JSON is null.");
        return tracking with { RawJson = element.GetRawText() };
    }

    private readonly int? _checkpointCount;

    /// <summary>
    /// Reads only what storing a tracking needs (the typed top-level fields and the number of checkpoints) and keeps
    /// the exact JSON bytes. Checkpoints and unknown fields are not materialised: for a webhook with hundreds of
    /// checkpoints that is most of the parsing cost. Fields of an unexpected JSON type read as null instead of failing,
    /// so a signed event with one odd field is still stored rather than quarantined.
    /// </summary>
    public static Tracking ReadSummary(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException("The tracking is not a JSON object.");
        }

        return new Tracking
        {
            Id = Text(element, "id"),
            LegacyId = Text(element, "legacy_id"),
            TrackingNumber = Text(element, "tracking_number"),
            Slug = Text(element, "slug"),
            Tag = Text(element, "tag"),
            Subtag = Text(element, "subtag"),
            SubtagMessage = Text(element, "subtag_message"),
            Active = element.TryGetProperty("active", out var active) && active.ValueKind is JsonValueKind.True or JsonValueKind.False ? active.GetBoolean() : null,
            CreatedAt = Text(element, "created_at"),
            UpdatedAt = Text(element, "updated_at"),
            Title = Text(element, "title"),
            OrderId = Text(element, "order_id"),
            CheckpointCount = element.TryGetProperty("checkpoints", out var checkpoints) && checkpoints.ValueKind == JsonValueKind.Array ? checkpoints.GetArrayLength() : 0,
            RawUtf8Json = JsonMarshal.GetRawUtf8Value(element).ToArray(),
        };
    }

    /// <summary>The JSON to store: AfterShip's own text when we have it, otherwise this object serialised.</summary>
    public string ToJson()
        => RawJson ?? (RawUtf8Json.IsEmpty ? JsonSerializer.Serialize(this, AfterShipJson.Options) : Encoding.UTF8.GetString(RawUtf8Json.Span));

    /// <summary>The same JSON as <see cref="ToJson"/>, as UTF-8 bytes, without a detour through a string when possible.</summary>
    public ReadOnlyMemory<byte> ToUtf8Json() => RawUtf8Json.IsEmpty ? Encoding.UTF8.GetBytes(ToJson()) : RawUtf8Json;

    private static string? Text(JsonElement element, string name)
        => element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
