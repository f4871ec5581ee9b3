using TrackingFunctions.AfterShip.Models;
using TrackingFunctions.Storage;

namespace TrackingFunctions.Changes;

/// <summary>Everything one change event is built from.</summary>
internal sealed record ChangeFacts(
    StoredTracking? Stored,
    Tracking Incoming,
    TrackingFacts Facts,
    IReadOnlyList<string> Kinds,
    string Type,
    string Source,
    long Sequence,
    DateTimeOffset CommittedAt);
