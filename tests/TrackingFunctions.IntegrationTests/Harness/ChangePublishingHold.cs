using TrackingFunctions.Changes;

namespace TrackingFunctions.IntegrationTests.Harness;

/// <summary>
/// Holds the publishing of change events (which runs right after a commit, off the caller's path) so a test can
/// count the storage round trips a write makes before it returns; disposing lets publishing go on.
/// </summary>
public sealed class ChangePublishingHold : IDisposable
{
    private readonly ChangeOutboxFaults _faults;
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ChangePublishingHold(ChangeOutboxFaults faults)
    {
        _faults = faults;
        _faults.HoldPublishing = _release.Task;
    }

    /// <summary>Waits for publishing already under way to finish, then holds what comes next.</summary>
    public static async Task<ChangePublishingHold> StartAsync(TestApp app)
    {
        await app.Get<ChangeDispatcher>().WhenIdleAsync(CancellationToken.None);
        return new ChangePublishingHold(app.Get<ChangeOutboxFaults>());
    }

    public void Dispose()
    {
        _faults.HoldPublishing = null;
        _release.TrySetResult();
    }
}
