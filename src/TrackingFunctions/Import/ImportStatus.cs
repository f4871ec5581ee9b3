namespace TrackingFunctions.Import;

/// <summary>An import's progress as the status endpoint reports it (snake_case on the wire).</summary>
public sealed record ImportStatus(
    string ImportId,
    string State,
    bool Stalled,
    DateTimeOffset? CreatedAtMin,
    DateTimeOffset? CreatedAtMax,
    string? Tag,
    long Pages,
    long Trackings,
    long Changed,
    long Skipped,
    long? Total,
    DateTimeOffset StartedAt,
    DateTimeOffset? CheckpointAt,
    DateTimeOffset? FinishedAt,
    double ElapsedSeconds,
    double? TrackingsPerSecond,
    double? EstimatedSecondsLeft,
    string? Error)
{
    public static ImportStatus Of(ImportJob job, DateTimeOffset now, TimeSpan stallTimeout)
    {
        ArgumentNullException.ThrowIfNull(job);
        var running = job.State == ImportState.Running;

        // Measured to the last checkpoint while running, so the rate is not diluted by the page in flight.
        var elapsed = ((job.FinishedAt ?? (running ? now : job.CheckpointAt ?? now)) - job.StartedAt).TotalSeconds;
        var measured = ((job.CheckpointAt ?? job.StartedAt) - job.StartedAt).TotalSeconds;
        double? rate = measured > 0 && job.Trackings > 0 ? job.Trackings / measured : null;
        double? left = running && rate is { } r && job.Total is { } total ? Math.Max(0, total - job.Trackings) / r : running ? null : 0;
        var stalled = running && now - (job.CheckpointAt ?? job.StartedAt) > stallTimeout;
        return new ImportStatus(
            job.ImportId,
            job.State,
            stalled,
            job.Filters.CreatedAtMin,
            job.Filters.CreatedAtMax,
            job.Filters.Tag,
            job.Pages,
            job.Trackings,
            job.Changed,
            job.Skipped,
            job.Total,
            job.StartedAt,
            job.CheckpointAt,
            job.FinishedAt,
            Math.Round(Math.Max(0, elapsed), 1),
            rate is { } value ? Math.Round(value, 1) : null,
            left is { } l ? Math.Round(l, 1) : null,
            job.Error);
    }
}
