namespace TrackingFunctions.Replay;

/// <summary>
/// What a replay did, row by row: <see cref="Replayed"/> were re-run now; <see cref="AlreadyReplayed"/> had been
/// before and were left alone; <see cref="StillFailing"/> (webhooks only) still cannot be read and stay quarantined.
/// </summary>
public sealed record ReplayCounts(int Found, int Replayed, int AlreadyReplayed, int StillFailing);
