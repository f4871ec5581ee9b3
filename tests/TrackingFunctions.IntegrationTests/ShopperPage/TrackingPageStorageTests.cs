using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using TrackingFunctions.AfterShip.Models;
using TrackingFunctions.Changes;
using TrackingFunctions.Couriers;
using TrackingFunctions.Functions;
using TrackingFunctions.IntegrationTests.Harness;
using TrackingFunctions.Storage;

namespace TrackingFunctions.IntegrationTests.ShopperPage;

/// <summary>The tracking page against real Table storage (Azurite): what it reads and how often.</summary>
public sealed class TrackingPageStorageTests
{
    private static async Task StoreAsync(TestApp app, string slug, string number, string tag = "InTransit")
    {
        var json = $$"""
            {"id":"{{Guid.NewGuid():N}}","slug":"{{slug}}","tracking_number":"{{number}}","tag":"{{tag}}","subtag":"{{tag}}_001",
             "updated_at":"2026-11-24T16:30:00Z","customers":[{"name":"Erika Mustermann","email":"erika@example.com"}],
             "checkpoints":[{"checkpoint_time":"2026-11-24T11:30:00","message":"Origin scan","location":"Louisville, KY, US"}]}
            """;
        using var document = JsonDocument.Parse(json);
        await app.Get<ITrackingStore>().ApplyAsync(Tracking.FromJson(document.RootElement), TrackingSource.Webhook, null, CancellationToken.None);

        // The write's change event goes out after it returns; the counts below are the page's alone.
        await app.Get<ChangeDispatcher>().WhenIdleAsync(CancellationToken.None);
    }

    private static HttpRequest Get(string path, string query = "")
    {
        var request = HttpRequests.Get(query);
        request.Path = path;
        return request;
    }

    [Fact]
    public async Task A_tracking_page_costs_at_most_two_storage_reads_and_shows_no_customer_data()
    {
        await using var app = await TestApp.StartAsync();
        await StoreAsync(app, "ups", "1Z999AA10123456784");
        var page = app.Create<ShopperTrackingPage>();

        // The courier directory is read once per Couriers__ReloadInterval per instance, in the background, not per page.
        await app.Get<CourierDirectory>().CurrentAsync(CancellationToken.None);
        app.StorageRequests.Reset();

        var result = Assert.IsType<ContentResult>(await page.GetPageAsync(Get("/api/track/ups/1z999aa10123456784"), "ups", "1z999aa10123456784", CancellationToken.None));

        Assert.Equal(200, result.StatusCode);
        Assert.Contains("Origin scan", result.Content, StringComparison.Ordinal);
        Assert.DoesNotContain("Erika", result.Content, StringComparison.Ordinal);
        Assert.DoesNotContain("example.com", result.Content, StringComparison.Ordinal);
        Assert.True(app.StorageRequests.Count <= 2, string.Join(", ", app.StorageRequests.Requests));
    }

    [Fact]
    public async Task A_number_stored_under_two_couriers_offers_both_and_one_courier_redirects()
    {
        await using var app = await TestApp.StartAsync();
        await StoreAsync(app, "dhl", "JJD000390007");
        await StoreAsync(app, "dhl-germany", "JJD000390007");
        await StoreAsync(app, "fedex", "794644790138");
        var page = app.Create<ShopperTrackingPage>();
        await app.Get<CourierDirectory>().CurrentAsync(CancellationToken.None);
        app.StorageRequests.Reset();

        var several = Assert.IsType<ContentResult>(await page.SearchAsync(Get("/api/track", "?tracking_number=jjd000390007"), CancellationToken.None));
        var reads = app.StorageRequests.Count;
        var oneRequest = Get("/api/track", "?tracking_number=794644790138");
        var one = Assert.IsType<StatusCodeResult>(await page.SearchAsync(oneRequest, CancellationToken.None));

        Assert.Contains("/api/track/dhl/jjd000390007", several.Content, StringComparison.Ordinal);
        Assert.Contains("/api/track/dhl-germany/jjd000390007", several.Content, StringComparison.Ordinal);
        Assert.DoesNotContain("fedex", several.Content, StringComparison.Ordinal);
        Assert.Equal(1, reads);
        Assert.Equal(303, one.StatusCode);
        Assert.Equal("/api/track/fedex/794644790138", oneRequest.HttpContext.Response.Headers.Location.ToString());
    }
}
