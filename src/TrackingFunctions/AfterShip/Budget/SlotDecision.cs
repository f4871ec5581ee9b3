namespace TrackingFunctions.AfterShip.Budget;

/// <summary>
/// What the planner tells its pump to do next: send on <see cref="Slot"/> (Unix ticks, AfterShip time) when it is
/// due, start <see cref="Claim"/> (unless one is in flight), or both; with neither, wait until
/// <see cref="WaitUntil"/> (local time) and ask again.
/// </summary>
internal readonly record struct SlotDecision(long? Slot, ClaimRequest? Claim, DateTimeOffset? WaitUntil = null);

/// <summary>
/// A claim the planner wants made, as of <see cref="Now"/> (AfterShip time): whether to look at the table with it,
/// and whether it is made ahead of need (a caller still has a slot in hand).
/// </summary>
internal sealed record ClaimRequest(long Now, bool Look, bool Prefetch);
