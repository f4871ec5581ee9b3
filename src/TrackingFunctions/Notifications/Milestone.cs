using System.Text.Json;
using TrackingFunctions.AfterShip.Models;
using TrackingFunctions.Storage;

namespace TrackingFunctions.Notifications;

/// <summary>
/// Which delivery milestone, if any, a change event announces. A milestone is the tag a tracking has just moved to
/// (or was first seen with); InTransit counts only when the parcel enters transit from before it (no tag yet,
/// Pending, InfoReceived, Expired), not when it returns to transit after a later milestone.
/// </summary>
internal static class Milestone
{
    public static readonly IReadOnlyList<string> Defaults =
    [
        TrackingTags.InTransit, TrackingTags.OutForDelivery, TrackingTags.AvailableForPickup, TrackingTags.AttemptFail, TrackingTags.Exception, TrackingTags.Delivered,
    ];

    /// <summary>Every tag a shop may list as a milestone.</summary>
    public static readonly IReadOnlySet<string> Known = new HashSet<string>(Defaults, StringComparer.Ordinal) { TrackingTags.InfoReceived };

    private static readonly HashSet<string?> BeforeTransit = [null, TrackingTags.Pending, TrackingTags.InfoReceived, TrackingTags.Expired];

    /// <summary>What the outbox event says about a milestone.</summary>
    public sealed record Reading(string TrackingId, string Milestone, bool FromImport, string? Tag);

    /// <summary>The milestone <paramref name="cloudEvent"/> reaches, or null when it reaches none.</summary>
    public static Reading? Read(ReadOnlySpan<byte> cloudEvent)
    {
        using var document = JsonDocument.Parse(cloudEvent.ToArray());
        if (!document.RootElement.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var id = Text(data, "id");
        var current = data.TryGetProperty("current", out var c) && c.ValueKind == JsonValueKind.Object ? Text(c, "tag") : null;
        var previous = data.TryGetProperty("previous", out var p) && p.ValueKind == JsonValueKind.Object ? Text(p, "tag") : null;
        if (id is null || current is null || string.Equals(previous, current, StringComparison.Ordinal) || !Known.Contains(current))
        {
            return null;
        }

        if (current == TrackingTags.InTransit && !BeforeTransit.Contains(previous))
        {
            return null;
        }

        return new Reading(id, current, Text(data, "source") == TrackingSource.Import, current);
    }

    private static string? Text(JsonElement element, string name)
        => element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
