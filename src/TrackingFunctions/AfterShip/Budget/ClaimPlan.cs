namespace TrackingFunctions.AfterShip.Budget;

/// <summary>
/// What one claim takes and gives: <see cref="Blocks"/> consecutive blocks, the slots (Unix ticks, in order) a waiting
/// caller may then send on, and the slot left unused because the first one is sent late (null when none is).
/// </summary>
internal sealed record ClaimPlan(int Blocks, IReadOnlyList<long> Slots, long? LeftUnused);
