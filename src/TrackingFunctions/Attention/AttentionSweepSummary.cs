namespace TrackingFunctions.Attention;

/// <summary>What one run of the attention timer did: due rows read, trackings checked from the refresh's index, alerts, failures.</summary>
public sealed record AttentionSweepSummary(int RowsRead, int Raised, int Failed, int Seeded);
