using System.Diagnostics;

namespace TrackingFunctions.LoadHarness;

/// <summary>Senders that together offer a rate, or send back to back.</summary>
internal static class OfferedLoad
{
    /// <summary>
    /// Runs one sender per lane. Paced, sender k of n sends its j-th item at (j·n + k) / rate seconds from the start,
    /// so together they offer the rate evenly without any two agreeing on a moment; with no rate each sends back to back.
    /// </summary>
    public static Task SendAsync<T>(IReadOnlyList<IReadOnlyList<T>> lanes, double? perSecond, Func<T, Task> send, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        return Task.WhenAll(lanes.Select((items, lane) => Task.Run(
            async () =>
            {
                for (var j = 0; j < items.Count; j++)
                {
                    if (perSecond is { } rate && TimeSpan.FromSeconds(((j * lanes.Count) + lane) / rate) - clock.Elapsed is var wait && wait > TimeSpan.Zero)
                    {
                        await Task.Delay(wait, cancellationToken);
                    }

                    await send(items[j]);
                }
            },
            cancellationToken)));
    }
}
