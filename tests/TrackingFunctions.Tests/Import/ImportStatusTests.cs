using TrackingFunctions.Import;

namespace TrackingFunctions.Tests.Import;

public sealed class ImportStatusTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

    private static ImportJob Job(string state, long trackings, long? total, DateTimeOffset? checkpointAt, DateTimeOffset? finishedAt = null) => new()
    {
        ImportId = "i1",
        State = state,
        Filters = new ImportFilters(null, null, null),
        Trackings = trackings,
        Total = total,
        StartedAt = Start,
        CheckpointAt = checkpointAt,
        FinishedAt = finishedAt,
    };

    [Fact]
    public void Of_RunningImport_EstimatesTheTimeLeftFromTheRateUpToTheLastCheckpoint()
    {
        var status = ImportStatus.Of(Job(ImportState.Running, 2_000, 10_000, Start.AddSeconds(10)), Start.AddSeconds(12), TimeSpan.FromMinutes(15));

        Assert.Equal(12, status.ElapsedSeconds);
        Assert.Equal(200, status.TrackingsPerSecond);
        Assert.Equal(40, status.EstimatedSecondsLeft);
        Assert.False(status.Stalled);
    }

    [Fact]
    public void Of_RunningImportWithoutACheckpointForLongerThanTheStallTimeout_IsStalled()
    {
        var status = ImportStatus.Of(Job(ImportState.Running, 400, 10_000, Start.AddMinutes(1)), Start.AddMinutes(17), TimeSpan.FromMinutes(15));

        Assert.True(status.Stalled);
    }

    [Fact]
    public void Of_RunningImportBeforeItsFirstPage_HasNoEstimate()
    {
        var status = ImportStatus.Of(Job(ImportState.Running, 0, null, null), Start.AddSeconds(3), TimeSpan.FromMinutes(15));

        Assert.Null(status.TrackingsPerSecond);
        Assert.Null(status.EstimatedSecondsLeft);
        Assert.Equal(3, status.ElapsedSeconds);
    }

    [Fact]
    public void Of_CompletedImport_StopsTheClockAtTheFinish()
    {
        var status = ImportStatus.Of(Job(ImportState.Completed, 500, 500, Start.AddSeconds(5), Start.AddSeconds(5)), Start.AddHours(1), TimeSpan.FromMinutes(15));

        Assert.Equal(5, status.ElapsedSeconds);
        Assert.Equal(0, status.EstimatedSecondsLeft);
        Assert.False(status.Stalled);
    }
}
