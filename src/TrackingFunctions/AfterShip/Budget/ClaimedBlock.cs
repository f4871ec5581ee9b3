namespace TrackingFunctions.AfterShip.Budget;

/// <summary>A block of slots somebody holds: an instance's claim, or a hold-off after a 429 (nobody sends).</summary>
internal readonly record struct ClaimedBlock(long Block, string Owner, bool HoldOff);
