using Microsoft.Extensions.Logging;

namespace TrackingFunctions.AfterShip.Budget;

/// <summary>
/// This instance's heartbeat in the claims table: every <see cref="RateBudgetOptions.HeartbeatInterval"/> it
/// rewrites its own row and reads which instances wrote theirs lately, and tells every budget, so an instance knows
/// how many share the limit before it first claims, and before storage may fail it.
/// </summary>
internal sealed partial class RateBudgetHeartbeat : IDisposable
{
    /// <summary>An instance whose heartbeat is older than this many intervals counts as gone.</summary>
    private const int AliveIntervals = 3;

    private readonly RateBudgetStore _store;
    private readonly string _owner;
    private readonly TimeProvider _time;
    private readonly RateBudgetOptions _options;
    private readonly ILogger _logger;
    private readonly Action<IReadOnlyList<string>, DateTimeOffset> _alive;
    private readonly CancellationTokenSource _stopping = new();
    private readonly TaskCompletionSource _firstRead = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public RateBudgetHeartbeat(RateBudgetStore store, string owner, TimeProvider time, RateBudgetOptions options, ILogger logger, Action<IReadOnlyList<string>, DateTimeOffset> alive)
    {
        (_store, _owner, _time, _options, _logger, _alive) = (store, owner, time, options, logger, alive);
    }

    /// <summary>Completes when the first beat has ended, whether or not storage answered it.</summary>
    public Task FirstRead => _firstRead.Task;

    public void Start() => _ = Task.Run(BeatAsync, CancellationToken.None);

    public void Dispose()
    {
        _stopping.Cancel();
        _stopping.Dispose();
    }

    private async Task BeatAsync()
    {
        var token = _stopping.Token;
        while (!token.IsCancellationRequested)
        {
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(token);
                timeout.CancelAfter(_options.ClaimPatience);
                var now = _time.GetUtcNow();
                await _store.BeatAsync(_owner, now, timeout.Token);
                var alive = await _store.AliveAsync(now, _options.HeartbeatInterval * AliveIntervals, timeout.Token);
                _alive(alive, _time.GetUtcNow());
            }
            catch (Exception ex) when (!token.IsCancellationRequested)
            {
                // The budgets keep what they last knew; the next beat tries again.
                LogBeatFailed(_logger, ex);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            finally
            {
                _firstRead.TrySetResult();
            }

            try
            {
                await Task.Delay(_options.HeartbeatInterval, _time, token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "AfterShip rate budget heartbeat failed; the count of instances stays as last seen")]
    private static partial void LogBeatFailed(ILogger logger, Exception exception);
}
