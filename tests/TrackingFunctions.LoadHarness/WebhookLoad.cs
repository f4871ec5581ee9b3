using System.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using TrackingFunctions.Changes;
using TrackingFunctions.Functions;
using TrackingFunctions.IntegrationTests.Harness;
using TrackingFunctions.Storage;

namespace TrackingFunctions.LoadHarness;

/// <summary>
/// New webhook events for known trackings, through <see cref="ReceiveAfterShipWebhook"/> as the worker calls it, at
/// several concurrencies. Each concurrent sender owns one tracking and sends it ever newer versions, so every event
/// is applied (the common path) and senders never contend for one tracking's ETag. The same bodies go first to the
/// ceiling app (identical DI, but a store that does the store's CPU work and no storage call), then to the real one.
/// </summary>
internal static class WebhookLoad
{
    private const string StoredResult = "{ status = Stored }";

    /// <summary>The ceiling stores nothing, so it replays each sender's bodies for this long.</summary>
    private static readonly TimeSpan CeilingDuration = TimeSpan.FromSeconds(2);

    public static async Task RunAsync(HarnessOptions options, CancellationToken cancellationToken)
    {
        Console.WriteLine();
        Console.WriteLine($"== Webhooks: new events ({options.Checkpoints} checkpoints) on known trackings ==");
        var started = Stopwatch.StartNew();
        await using var stored = await TestApp.StartAsync(services: Measure.ProductionLogging);
        await using var ceiling = await TestApp.StartAsync(services: services =>
        {
            Measure.ProductionLogging(services);
            services.RemoveAll<ITrackingStore>();
            services.AddSingleton<ITrackingStore, NoStorageTrackingStore>();
        });

        var senders = new Senders(options.Concurrency.Max(), options.Checkpoints);

        // Tables are created on first use; a throwaway tracking pays for that before anything is counted.
        await SendAsync(stored, new Senders(1, options.Checkpoints).Next(0), cancellationToken);

        // First sight of each tracking: the event, the state, the number lookup and the due row are all new.
        stored.StorageRequests.Reset();
        var firstSight = Stopwatch.StartNew();
        for (var t = 0; t < senders.Count; t++)
        {
            await SendAsync(stored, senders.Next(t), cancellationToken);
        }

        // The change events go out after each 2xx: wait for them, so the count is the whole cost of a first sight.
        await stored.Get<ChangeDispatcher>().WhenIdleAsync(cancellationToken);
        var firstSightTrips = (double)stored.StorageRequests.Count / senders.Count;
        Console.WriteLine($"First sight of a tracking: {firstSightTrips:F2} storage operations per webhook, its change event's publish included ({senders.Count} trackings, sequential, {firstSight.Elapsed.TotalMilliseconds / senders.Count:F1} ms each)");
        Console.WriteLine($"  per webhook: {Measure.Breakdown(stored.StorageRequests.Requests, stored.TablePrefix, senders.Count)}");

        // Warm-up (JIT, connection pools) for both apps; not measured.
        var warmUp = senders.Prepare(4, 200);
        await DriveAsync(ceiling, warmUp, TimeSpan.FromSeconds(10), cancellationToken);
        await DriveAsync(stored, warmUp, TimeSpan.FromSeconds(10), cancellationToken);

        Console.WriteLine();
        Console.WriteLine($"Ceiling: the same receiver and DI with a store that serialises and gzips both payloads but makes no storage call.");
        Console.WriteLine($"Each level: the stored run sends up to {options.WebhookRequests} requests or runs {options.WebhookDuration.TotalSeconds:F0} s, whichever comes first;");
        Console.WriteLine($"the ceiling replays the same bodies for {CeilingDuration.TotalSeconds:F0} s. Latency is per function call, measured in process.");
        Console.WriteLine();
        Console.WriteLine("concurrency | ceiling req/s   p50 ms   p99 ms | stored req/s   p50 ms   p99 ms | stored/ceiling | round trips/webhook | not 'Stored'");
        var lastSent = 0;
        foreach (var level in options.Concurrency)
        {
            var work = senders.Prepare(level, options.WebhookRequests);
            var top = await DriveAsync(ceiling, work, CeilingDuration, cancellationToken, cycle: true);
            stored.StorageRequests.Reset();
            var real = await DriveAsync(stored, work, options.WebhookDuration, cancellationToken);
            var trips = (double)stored.StorageRequests.Count / Math.Max(1, real.Sent);
            lastSent = real.Sent;
            Console.WriteLine(
                $"{level,11} | {top.PerSecond,13:F0} {top.P50,8:F2} {top.P99,8:F2} | {real.PerSecond,12:F0} {real.P50,8:F2} {real.P99,8:F2} | " +
                $"{Measure.Ratio(real.PerSecond, top.PerSecond),14} | {trips,19:F2} | {real.NotStored + top.NotStored,12}");
        }

        Console.WriteLine($"Round trips of a new event on a known tracking, per webhook (last level): {Measure.Breakdown(stored.StorageRequests.Requests, stored.TablePrefix, lastSent)}");
        Console.WriteLine($"(webhooks took {started.Elapsed.TotalSeconds:F0} s; {Measure.LoadAverage()})");
    }

    private static async Task<bool> SendAsync(TestApp app, Prepared request, CancellationToken cancellationToken)
    {
        var function = app.Create<ReceiveAfterShipWebhook>();
        var result = await function.RunAsync(HttpRequests.Post(request.Body, request.Headers), cancellationToken);
        return result is ObjectResult { StatusCode: null or 200 } ok && ok.Value?.ToString() == StoredResult;
    }

    /// <summary>Runs each sender's list sequentially, all senders at once, until the lists or the time run out.</summary>
    private static async Task<LevelResult> DriveAsync(TestApp app, IReadOnlyList<Prepared>[] work, TimeSpan cap, CancellationToken cancellationToken, bool cycle = false)
    {
        var start = Stopwatch.GetTimestamp();
        var deadline = start + (long)(cap.TotalSeconds * Stopwatch.Frequency);
        var notStored = 0;
        var lanes = await Task.WhenAll(work.Select(list => Task.Run(
            async () =>
            {
                var latencies = new List<double>(list.Count);
                for (var i = 0; i < list.Count || (cycle && list.Count > 0); i++)
                {
                    if (Stopwatch.GetTimestamp() > deadline || cancellationToken.IsCancellationRequested)
                    {
                        break;
                    }

                    var request = list[i % list.Count];
                    var t0 = Stopwatch.GetTimestamp();
                    var ok = await SendAsync(app, request, cancellationToken);
                    latencies.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
                    if (!ok)
                    {
                        Interlocked.Increment(ref notStored);
                    }
                }

                return latencies;
            },
            cancellationToken)));
        var elapsed = Stopwatch.GetElapsedTime(start);
        var all = lanes.SelectMany(l => l).Order().ToList();
        return new LevelResult(all.Count, all.Count / elapsed.TotalSeconds, Measure.Percentile(all, 0.50), Measure.Percentile(all, 0.99), notStored);
    }

    private sealed record Prepared(byte[] Body, Dictionary<string, string> Headers);

    private sealed record LevelResult(int Sent, double PerSecond, double P50, double P99, int NotStored);

    /// <summary>A pool of known trackings, each with its own version counter so every body is newer than the last.</summary>
    private sealed class Senders(int count, int checkpoints)
    {
        private readonly string[] _ids = [.. Enumerable.Range(0, count).Select(_ => Guid.NewGuid().ToString("N"))];
        private readonly int[] _versions = new int[count];

        public int Count => _ids.Length;

        public Prepared Next(int tracking)
        {
            var version = ++_versions[tracking];
            var body = WebhookBodies.Event(WebhookBodies.Tracking(_ids[tracking], checkpoints: checkpoints, updatedAt: WebhookBodies.BaseTime.AddMinutes(version)));
            return new Prepared(body, WebhookBodies.Headers(body));
        }

        /// <summary>Bodies and signatures built ahead, so the timed loop measures the function only.</summary>
        public IReadOnlyList<Prepared>[] Prepare(int concurrency, int total)
            => [.. Enumerable.Range(0, concurrency).Select(t => (IReadOnlyList<Prepared>)[.. Enumerable.Range(0, Math.Max(1, total / concurrency)).Select(_ => Next(t))])];
    }
}
