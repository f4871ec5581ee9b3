using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using TrackingFunctions.AfterShip.Models;
using TrackingFunctions.Changes;
using TrackingFunctions.Couriers;
using TrackingFunctions.Functions;
using TrackingFunctions.IntegrationTests.Harness;
using TrackingFunctions.Storage;

namespace TrackingFunctions.IntegrationTests.ShopperPage;

/// <summary>Order lookup and the number-first index against real Table storage (Azurite), through the app's DI.</summary>
public sealed class OrderLookupStorageTests
{
    public const string HashKey = "order-lookup-test-key-0123456789abcdef";
    private const string Email = "Erika.Mustermann@Example.com";
    private const string Postcode = "51147";
    private const string Order = "#DE-100234";

    private static Task<TestApp> StartAsync() => TestApp.StartAsync(settings: new Dictionary<string, string?> { ["OrderLookup:HashKey"] = HashKey });

    internal static async Task StoreAsync(TestApp app, string slug, string number, string? order = Order, string email = Email, string postcode = Postcode, string? id = null)
    {
        var json = $$"""
            {"id":"{{id ?? Guid.NewGuid().ToString("N")}}","slug":"{{slug}}","tracking_number":"{{number}}","tag":"InTransit","updated_at":"2026-11-24T16:30:00Z",
             "order_number":{{(order is null ? "null" : "\"" + order + "\"")}},"customers":[{"name":"Erika Mustermann","email":"{{email}}"}],
             "destination_postal_code":"{{postcode}}","destination_raw_location":"Heidestraße 17, {{postcode}} Köln",
             "checkpoints":[{"checkpoint_time":"2026-11-24T11:30:00","tag":"InTransit","message":"Origin scan","location":"Köln, DE"}]}
            """;
        using var document = JsonDocument.Parse(json);
        await app.Get<ITrackingStore>().ApplyAsync(Tracking.FromJson(document.RootElement), TrackingSource.Webhook, null, CancellationToken.None);
        await app.Get<ChangeDispatcher>().WhenIdleAsync(CancellationToken.None);
    }

    private static HttpRequest Post(string order, string contact)
        => HttpRequests.PostForm("/api/track/order", ("order_number", order), ("email_or_postcode", contact));

    [Fact]
    public async Task An_order_with_three_parcels_lists_three_by_email_or_by_postcode_in_one_storage_read()
    {
        await using var app = await StartAsync();
        await StoreAsync(app, "dhl", "00340434161094042557");
        await StoreAsync(app, "dpd", "01234567890123");
        await StoreAsync(app, "ups", "1Z999AA10123456784");
        await StoreAsync(app, "fedex", "794644790138", order: "DE-100235");
        var lookup = app.Create<ShopperOrderLookup>();
        // The courier directory is read once per Couriers__ReloadInterval per instance, in the background, not per lookup.
        await app.Get<CourierDirectory>().CurrentAsync(CancellationToken.None);
        app.StorageRequests.Reset();

        var byEmail = Assert.IsType<ContentResult>(await lookup.LookupAsync(Post("de-100234", " erika.mustermann@example.COM"), CancellationToken.None));
        var readsByEmail = app.StorageRequests.Count;
        var byPostcode = Assert.IsType<ContentResult>(await lookup.LookupAsync(Post("#DE-100234", "51 147"), CancellationToken.None));

        foreach (var page in new[] { byEmail, byPostcode })
        {
            Assert.Equal(200, page.StatusCode);
            Assert.Contains("Your order was sent in 3 parcels.", page.Content, StringComparison.Ordinal);
            Assert.Contains("/api/track/dhl/00340434161094042557", page.Content, StringComparison.Ordinal);
            Assert.Contains("/api/track/dpd/01234567890123", page.Content, StringComparison.Ordinal);
            Assert.Contains("/api/track/ups/1Z999AA10123456784", page.Content, StringComparison.Ordinal);
            Assert.DoesNotContain("794644790138", page.Content, StringComparison.Ordinal);
        }

        Assert.Equal(1, readsByEmail);
        Assert.Equal(2, app.StorageRequests.Count);
    }

    [Fact]
    public async Task A_wrong_email_a_wrong_postcode_and_an_unknown_order_get_the_same_page()
    {
        await using var app = await StartAsync();
        await StoreAsync(app, "dhl", "00340434161094042557");
        await StoreAsync(app, "dpd", "01234567890123");
        var lookup = app.Create<ShopperOrderLookup>();

        var answers = new List<(int? Status, string Html, string Cache)>();
        foreach (var (order, contact) in new[] { (Order, "someone.else@example.com"), (Order, "10115"), ("DE-999999", Email), ("DE-999999", Postcode) })
        {
            var request = Post(order, contact);
            var result = Assert.IsType<ContentResult>(await lookup.LookupAsync(request, CancellationToken.None));

            // The form echoes the order number typed; with that masked, every answer must be byte for byte the same.
            answers.Add((result.StatusCode, result.Content!.Replace(order, "ORDER", StringComparison.Ordinal), request.HttpContext.Response.Headers.CacheControl.ToString()));
        }

        Assert.All(answers, a => Assert.Equal(404, a.Status));
        Assert.All(answers, a => Assert.Equal("no-store", a.Cache));
        Assert.Single(answers.Select(a => a.Html).Distinct());
        Assert.Contains("We could not find an order with these details.", answers[0].Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task One_parcel_redirects_to_its_page()
    {
        await using var app = await StartAsync();
        await StoreAsync(app, "royal-mail", "AB123456789GB", order: "5001", postcode: "SW1A 1AA");
        var request = Post("5001", "sw1a1aa");

        var result = Assert.IsType<StatusCodeResult>(await app.Create<ShopperOrderLookup>().LookupAsync(request, CancellationToken.None));

        Assert.Equal(303, result.StatusCode);
        Assert.Equal("/api/track/royal-mail/AB123456789GB", request.HttpContext.Response.Headers.Location.ToString());
    }

    [Fact]
    public async Task Index_rows_hold_neither_the_email_nor_the_postcode_nor_the_order_number_in_clear()
    {
        await using var app = await StartAsync();
        await StoreAsync(app, "dhl", "00340434161094042557");
        var service = app.Get<TableServiceClient>();

        var rows = new List<TableEntity>();
        foreach (var table in new[] { TableNames.OrderIndex, TableNames.TrackingNumbers, TableNames.TrackingLookup })
        {
            await foreach (var row in service.GetTableClient(app.TablePrefix + table).QueryAsync<TableEntity>())
            {
                rows.Add(row);
            }
        }

        var text = string.Join("\n", rows.Select(r => string.Join(";", r.Select(p => p.Key + "=" + (p.Value is byte[] b ? Convert.ToBase64String(b) : p.Value)))));
        Assert.Equal(3, rows.Count);
        Assert.DoesNotContain("erika", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("example.com", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Postcode, text, StringComparison.Ordinal);
        Assert.DoesNotContain("100234", text, StringComparison.Ordinal);
        var order = Assert.Single(OrderParcels.Read(Assert.Single(rows, r => r.ContainsKey(OrderParcels.Column))));
        Assert.Equal(32, Assert.Single(order.Emails).Length);
        Assert.Equal(32, order.Postcode!.Length);
    }

    [Fact]
    public async Task A_tracking_moved_to_another_order_leaves_the_old_one()
    {
        await using var app = await StartAsync();
        var id = Guid.NewGuid().ToString("N");
        await StoreAsync(app, "dhl", "00340434161094042557", id: id);
        await StoreAsync(app, "dpd", "01234567890123");
        var lookup = app.Get<IOrderLookup>();
        Assert.Equal(2, (await lookup.FindAsync(Order, Email, CancellationToken.None)).Count);

        // A later state of the same tracking (newer updated_at) names another order.
        var json = $$"""
            {"id":"{{id}}","slug":"dhl","tracking_number":"00340434161094042557","tag":"InTransit","updated_at":"2026-11-25T09:00:00Z",
             "order_number":"DE-200000","customers":[{"email":"{{Email}}"}],"checkpoints":[]}
            """;
        using var document = JsonDocument.Parse(json);
        await app.Get<ITrackingStore>().ApplyAsync(Tracking.FromJson(document.RootElement), TrackingSource.Webhook, null, CancellationToken.None);

        Assert.Equal([new OrderParcel("dpd", "01234567890123")], await lookup.FindAsync(Order, Email, CancellationToken.None));
        Assert.Equal([new OrderParcel("dhl", "00340434161094042557")], await lookup.FindAsync("DE-200000", Email, CancellationToken.None));
    }

    [Fact]
    public async Task Without_a_hash_key_no_order_index_is_written_and_the_lookup_is_off()
    {
        await using var app = await TestApp.StartAsync();
        await StoreAsync(app, "dhl", "00340434161094042557");

        Assert.False(app.Get<IOrderLookup>().Enabled);
        var rows = 0;
        await foreach (var table in app.Get<TableServiceClient>().QueryAsync(t => t.Name == app.TablePrefix + TableNames.OrderIndex))
        {
            rows++;
        }

        Assert.Equal(0, rows);
    }

    [Fact]
    public async Task A_state_stored_before_the_new_indexes_gets_its_rows_on_its_next_write()
    {
        await using var app = await StartAsync();
        var id = Guid.NewGuid().ToString("N");
        await StoreAsync(app, "dhl", "00340434161094042557", id: id);
        var service = app.Get<TableServiceClient>();
        var trackings = service.GetTableClient(app.TablePrefix + TableNames.Trackings);
        var numbers = service.GetTableClient(app.TablePrefix + TableNames.TrackingNumbers);
        var orders = service.GetTableClient(app.TablePrefix + TableNames.OrderIndex);

        // Make it look like a state written by the previous version: no index version, no order key, no new rows.
        var state = (await trackings.GetEntityAsync<TableEntity>(id, "state")).Value;
        state.Remove("IndexVersion");
        state.Remove("OrderKey");
        await trackings.UpdateEntityAsync(state, state.ETag, TableUpdateMode.Replace);
        await foreach (var row in numbers.QueryAsync<TableEntity>())
        {
            await numbers.DeleteEntityAsync(row.PartitionKey, row.RowKey);
        }

        await foreach (var row in orders.QueryAsync<TableEntity>())
        {
            await orders.DeleteEntityAsync(row.PartitionKey, row.RowKey);
        }

        Assert.Empty(await app.Get<ITrackingNumberSearch>().FindSlugsAsync("00340434161094042557", 10, CancellationToken.None));

        await StoreAsync(app, "dhl", "00340434161094042557", id: id);

        Assert.Equal(["dhl"], await app.Get<ITrackingNumberSearch>().FindSlugsAsync("00340434161094042557", 10, CancellationToken.None));
        Assert.Single(await app.Get<IOrderLookup>().FindAsync(Order, Postcode, CancellationToken.None));
    }

    [Fact]
    public async Task Parcels_of_one_order_and_couriers_of_one_number_written_at_once_by_two_instances_are_all_indexed()
    {
        await using var first = await StartAsync();
        await using var second = await TestApp.StartAsync(settings: new Dictionary<string, string?> { ["OrderLookup:HashKey"] = HashKey, ["Storage:TablePrefix"] = first.TablePrefix });
        string[] slugs = ["dhl", "dpd", "ups", "fedex", "gls", "hermes"];

        await Task.WhenAll(slugs.Select((slug, i) => StoreAsync(i % 2 == 0 ? first : second, slug, "SHARED000" + (i % 2), order: "DE-300000")));

        var parcels = await second.Get<IOrderLookup>().FindAsync("DE-300000", Email, CancellationToken.None);
        Assert.Equal(slugs.Order(StringComparer.Ordinal), parcels.Select(p => p.Slug));
        Assert.Equal(["dhl", "gls", "ups"], await first.Get<ITrackingNumberSearch>().FindSlugsAsync("SHARED0000", 10, CancellationToken.None));
        Assert.Equal(["dpd", "fedex", "hermes"], await first.Get<ITrackingNumberSearch>().FindSlugsAsync("SHARED0001", 10, CancellationToken.None));
    }

    [Fact]
    public async Task Search_without_a_courier_reads_the_number_index_in_one_request()
    {
        await using var app = await StartAsync();
        await StoreAsync(app, "dhl", "JJD000390007", order: null);
        await StoreAsync(app, "dhl-germany", "JJD000390007", order: null);
        var search = app.Get<ITrackingNumberSearch>();
        // The courier directory is read once per Couriers__ReloadInterval per instance, in the background, not per lookup.
        await app.Get<CourierDirectory>().CurrentAsync(CancellationToken.None);
        app.StorageRequests.Reset();

        var slugs = await search.FindSlugsAsync("jjd000390007", ShopperTrackingPage.MaxCouriers, CancellationToken.None);

        Assert.Equal(["dhl", "dhl-germany"], slugs);
        var request = Assert.Single(app.StorageRequests.Requests);
        Assert.Contains(app.TablePrefix + TableNames.TrackingNumbers, request, StringComparison.Ordinal);
        Assert.DoesNotContain(TableNames.TrackingLookup, request, StringComparison.Ordinal);
    }
}
