namespace TrackingFunctions.Attention;

/// <summary>What one run of the attention timer did.</summary>
public sealed record AttentionSweepSummary(int RowsRead, int Raised, int Failed);
