using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.AspNetCore.Http;
using TrackingFunctions.AfterShip.Models;
using TrackingFunctions.Changes;
using TrackingFunctions.Functions;
using TrackingFunctions.IntegrationTests.Harness;
using TrackingFunctions.Storage;

namespace TrackingFunctions.LoadHarness;

/// <summary>
/// What an anonymous shopper request costs in storage as the tables grow: a tracking page, a search by number
/// without a courier, an order lookup (a match, a wrong email, an unknown order), each through the functions built
/// by the app's DI, at N stored trackings. Next to them, the lookup-table scan the number search used to be.
/// </summary>
/// <remarks>
/// The N trackings' index rows (slug + number lookup, number-first index, order index) are seeded straight into
/// their tables in the shapes the write path writes, in entity-group transactions of 100 rows, so 100,000 trackings
/// seed in minutes instead of the write path's hour. The measured trackings are written through the real write path
/// on top of them, state rows included.
/// </remarks>
internal static class PageReadLoad
{
    private const int Measured = 100;
    private const int Requests = 200;
    private const int ScanRequests = 20;
    private const string HashKey = "load-harness-order-lookup-key-0123456789abcdef";
    private static readonly string[] Slugs = ["ups", "fedex", "usps", "dhl"];

    public static async Task RunAsync(HarnessOptions options, CancellationToken cancellationToken)
    {
        Console.WriteLine();
        Console.WriteLine("== Shopper page storage reads: per page, per number search, per order lookup, by stored trackings ==");
        Console.WriteLine("stored | request | storage requests each | by table | p50 ms | p95 ms");
        foreach (var size in options.PageSizes)
        {
            await RunOneAsync(size, cancellationToken);
        }
    }

    private static async Task RunOneAsync(int size, CancellationToken cancellationToken)
    {
        await using var app = await TestApp.StartAsync(settings: new Dictionary<string, string?> { ["OrderLookup:HashKey"] = HashKey }, services: Measure.ProductionLogging);
        var seeding = Stopwatch.StartNew();
        await SeedAsync(app, size, cancellationToken);
        var measured = await WriteMeasuredAsync(app, cancellationToken);

        // The measured writes' change events are published after the writes return; let them finish first.
        await app.Get<ChangeDispatcher>().WhenIdleAsync(cancellationToken);
        Console.WriteLine($"({size:N0} trackings seeded in {seeding.Elapsed.TotalSeconds:F0} s; {Measure.LoadAverage()})");

        var page = app.Create<ShopperTrackingPage>();
        var lookup = app.Create<ShopperOrderLookup>();
        await RunAsync(app, size, "tracking page", Requests, i =>
        {
            var (slug, number, _) = measured[i % measured.Count];
            return page.GetPageAsync(Get($"/api/track/{slug}/{number}"), slug, number, cancellationToken);
        });
        await RunAsync(app, size, "search by number, no courier", Requests, i =>
            page.SearchAsync(Get("/api/track", "?tracking_number=" + measured[i % measured.Count].Number), cancellationToken));
        await RunAsync(app, size, "order lookup, match (3 parcels)", Requests, i =>
            lookup.LookupAsync(Post(measured[i % measured.Count].Order, "shopper@example.com"), cancellationToken));
        await RunAsync(app, size, "order lookup, wrong email", Requests, i =>
            lookup.LookupAsync(Post(measured[i % measured.Count].Order, "someone@example.com"), cancellationToken));
        await RunAsync(app, size, "order lookup, unknown order", Requests, i =>
            lookup.LookupAsync(Post("NO-" + i, "shopper@example.com"), cancellationToken));

        // What the number search did before the number-first index: a row-key filter across the lookup table.
        var table = app.Get<TrackingTables>();
        await RunAsync(app, size, "(old) lookup-table scan by number", ScanRequests, async i =>
        {
            var client = await table.GetAsync(TableNames.TrackingLookup, cancellationToken);
            var filter = TableClient.CreateQueryFilter($"RowKey eq {measured[i % measured.Count].Number}");
            await foreach (var pageOfRows in client.QueryAsync<TableEntity>(filter, maxPerPage: 10, cancellationToken: cancellationToken).AsPages())
            {
                break;
            }

            return null!;
        });
    }

    private static async Task RunAsync(TestApp app, int size, string name, int count, Func<int, Task<Microsoft.AspNetCore.Mvc.IActionResult>> request)
    {
        await request(0);
        app.StorageRequests.Reset();
        var times = new List<double>(count);
        for (var i = 0; i < count; i++)
        {
            var watch = Stopwatch.StartNew();
            await request(i);
            times.Add(watch.Elapsed.TotalMilliseconds);
        }

        times.Sort();
        var requests = app.StorageRequests.Requests;
        Console.WriteLine($"{size,7:N0} | {name,-34} | {(double)requests.Count / count,5:F2} | {Measure.Breakdown(requests, app.TablePrefix, count)} | {Measure.Percentile(times, 0.5):F2} | {Measure.Percentile(times, 0.95):F2}");
    }

    /// <summary>
    /// The background trackings' index rows, in the shapes the write path writes, grouped by partition and written
    /// 100 to a transaction. Their state rows are left out: a page reads a state by its key, and a point read does
    /// not depend on how many other partitions the table holds.
    /// </summary>
    private static async Task SeedAsync(TestApp app, int size, CancellationToken cancellationToken)
    {
        var tables = app.Get<TrackingTables>();
        var index = new OrderIndex(tables, app.Get<OrderHasher>());
        var rows = new List<(string Table, TableEntity Row)>(size * 3);
        var orders = new Dictionary<string, List<IndexedParcel>>(StringComparer.Ordinal);
        for (var i = 0; i < size; i++)
        {
            var (tracking, json) = Background(i);
            var (slugKey, numberKey) = TrackingStore.LookupKeys(tracking.Slug!, tracking.TrackingNumber!);
            rows.Add((TableNames.TrackingLookup, new TableEntity(slugKey, numberKey) { ["Id"] = tracking.Id, ["Slug"] = tracking.Slug, ["TrackingNumber"] = tracking.TrackingNumber }));
            rows.Add((TableNames.TrackingNumbers, NumberIndex.Row(numberKey, [tracking.Slug!])));
            var entry = index.Plan(tracking, json)!;
            if (!orders.TryGetValue(entry.OrderKey, out var parcels))
            {
                orders[entry.OrderKey] = parcels = [];
            }

            parcels.Add(entry.Parcel);
        }

        rows.AddRange(orders.Select(o => (TableNames.OrderIndex, OrderParcels.Row(OrderIndex.Partition(o.Key), o.Key, o.Value))));

        var batches = rows.GroupBy(r => (r.Table, r.Row.PartitionKey)).SelectMany(g => g.Select(r => r.Row).Chunk(100).Select(chunk => (g.Key.Table, Rows: chunk))).ToList();
        var clients = new Dictionary<string, TableClient>(StringComparer.Ordinal);
        foreach (var name in new[] { TableNames.TrackingLookup, TableNames.TrackingNumbers, TableNames.OrderIndex })
        {
            clients[name] = await tables.GetAsync(name, cancellationToken);
        }

        await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (batch, ct) =>
            await clients[batch.Table].SubmitTransactionAsync(batch.Rows.Select(r => new TableTransactionAction(TableTransactionActionType.UpsertReplace, r)), ct));
        Console.WriteLine($"({rows.Count:N0} index rows of {size:N0} trackings (lookup, number, order) in {batches.Count:N0} transactions)");
    }

    /// <summary>The measured trackings, through the write path: an order of three parcels each.</summary>
    private static async Task<List<(string Slug, string Number, string Order)>> WriteMeasuredAsync(TestApp app, CancellationToken cancellationToken)
    {
        var store = app.Get<ITrackingStore>();
        var written = new List<(string, string, string)>();
        for (var i = 0; i < Measured; i++)
        {
            var order = $"M-{i / 3}";
            var slug = Slugs[i % Slugs.Length];
            var number = $"MEASURED{i:D8}";
            var json = Json(Guid.NewGuid().ToString("N"), slug, number, order, "shopper@example.com", 25);
            using var document = JsonDocument.Parse(json);
            await store.ApplyAsync(Tracking.FromJson(document.RootElement), TrackingSource.Webhook, null, cancellationToken);
            written.Add((slug, number, order));
        }

        return written;
    }

    private static (Tracking Tracking, byte[] Json) Background(int i)
    {
        var json = Encoding.UTF8.GetBytes(Json($"bg{i:D10}", Slugs[i % Slugs.Length], $"BG{i:D10}", $"B-{i / 3}", $"buyer{i / 3}@example.com", 3));
        using var document = JsonDocument.Parse(json);
        return (Tracking.FromJson(document.RootElement), json);
    }

    private static string Json(string id, string slug, string number, string order, string email, int checkpoints)
    {
        var scans = string.Join(",", Enumerable.Range(0, checkpoints).Select(c =>
            $$"""{"checkpoint_time":"2026-11-{{20 + (c % 5):D2}}T{{8 + (c % 12):D2}}:00:00+01:00","tag":"InTransit","message":"Processed at parcel centre {{c}}","location":"Köln, DE"}"""));
        return $$"""
            {"id":"{{id}}","slug":"{{slug}}","tracking_number":"{{number}}","tag":"InTransit","updated_at":"2026-11-24T16:30:00Z","order_number":"{{order}}",
             "customers":[{"name":"Shopper","email":"{{email}}"}],"destination_postal_code":"10115",
             "courier_estimated_delivery_date":{"estimated_delivery_date":"2026-11-26"},"checkpoints":[{{scans}}]}
            """;
    }

    private static HttpRequest Get(string path, string query = "")
    {
        var request = HttpRequests.Get(query);
        request.Path = path;
        return request;
    }

    private static HttpRequest Post(string order, string contact)
        => HttpRequests.PostForm("/api/track/order", ("order_number", order), ("email_or_postcode", contact));
}
