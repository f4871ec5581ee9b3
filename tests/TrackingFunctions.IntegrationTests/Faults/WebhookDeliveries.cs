using System.Collections.Concurrent;
using Microsoft.AspNetCore.Mvc;
using TrackingFunctions.Functions;
using TrackingFunctions.IntegrationTests.Harness;

namespace TrackingFunctions.IntegrationTests.Faults;

/// <summary>
/// Plays AfterShip: K trackings with M versions each, every event delivered one to three times in a shuffled order,
/// concurrently, with anything not answered 2xx delivered again in the next pass (AfterShip retries for 68 hours).
/// </summary>
public sealed class WebhookDeliveries
{
    private readonly List<(string TrackingId, int Version, string EventId, byte[] Body)> _events = [];
    private readonly ConcurrentBag<string> _acknowledged = new();

    public WebhookDeliveries(int trackings, int versions, int seed)
    {
        var random = new Random(seed);
        for (var t = 0; t < trackings; t++)
        {
            var id = $"fault-{seed}-{t}-" + Guid.NewGuid().ToString("N")[..8];
            for (var v = 1; v <= versions; v++)
            {
                var eventId = $"{id}-v{v}";
                var tracking = WebhookBodies.Tracking(id, number: $"FAULT{seed}{t:D3}", checkpoints: v, updatedAt: WebhookBodies.BaseTime.AddMinutes(v));
                _events.Add((id, v, eventId, WebhookBodies.Event(tracking, eventId: eventId, ts: 1_762_000_000 + v)));
            }
        }

        Pending = [.. _events.SelectMany(e => Enumerable.Repeat(e.Body, random.Next(1, 4))).OrderBy(_ => random.Next())];
        Deliveries = Pending.Count;
    }

    public List<byte[]> Pending { get; private set; }

    public int Deliveries { get; }

    public int Attempts { get; private set; }

    public int Refused { get; private set; }

    public IReadOnlyCollection<string> Acknowledged => _acknowledged;

    public IEnumerable<IGrouping<string, (string TrackingId, int Version, string EventId, byte[] Body)>> ByTracking => _events.GroupBy(e => e.TrackingId);

    public int UniqueEvents => _events.Count;

    /// <summary>One pass over what is pending; <paramref name="afterEach"/> runs after every delivery (to break things).</summary>
    public async Task DeliverPassAsync(TestApp app, int concurrency, Func<WebhookDeliveries, Task>? afterEach = null)
    {
        var retry = new ConcurrentBag<byte[]>();
        await Parallel.ForEachAsync(Pending, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (body, ct) =>
        {
            var result = await app.Create<ReceiveAfterShipWebhook>().RunAsync(HttpRequests.Post(body, WebhookBodies.Headers(body)), ct);
            var status = ((ObjectResult)result).StatusCode ?? 200;
            lock (this)
            {
                Attempts++;
            }

            if (status is >= 200 and < 300)
            {
                var parsed = System.Text.Json.Nodes.JsonNode.Parse(body)!;
                _acknowledged.Add((string)parsed["event_id"]!);
            }
            else
            {
                lock (this)
                {
                    Refused++;
                }

                retry.Add(body);
            }

            if (afterEach is not null)
            {
                await afterEach(this);
            }
        });
        Pending = [.. retry];
    }
}
