using System.Text.Json.Nodes;

namespace TrackingFunctions.Commands;

/// <summary>A validated command from the queue. Exactly one way of addressing the tracking is set for non-creates.</summary>
public sealed record TrackingCommand(
    string Action,
    string RequestId,
    string? Id,
    string? Slug,
    string? TrackingNumber,
    JsonObject? Tracking,
    string? Reason);
