using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using TrackingFunctions.Functions;
using TrackingFunctions.IntegrationTests.Harness;

namespace TrackingFunctions.IntegrationTests.Webhooks;

public sealed class ReadApiTests
{
    private static async Task PostAsync(TestApp app, byte[] body)
    {
        var result = await app.Create<ReceiveAfterShipWebhook>().RunAsync(HttpRequests.Post(body, WebhookBodies.Headers(body)), CancellationToken.None);
        Assert.Equal(200, Assert.IsAssignableFrom<ObjectResult>(result).StatusCode);
    }

    private static JsonNode Json(IActionResult result)
    {
        var json = Assert.IsType<JsonResult>(result);
        return JsonNode.Parse(JsonSerializer.Serialize(json.Value, (JsonSerializerOptions)json.SerializerSettings!))!;
    }

    [Fact]
    public async Task Stored_tracking_is_read_by_id_and_by_slug_and_number_with_the_AfterShip_object()
    {
        await using var app = await TestApp.StartAsync();
        var id = Guid.NewGuid().ToString("N");
        await PostAsync(app, WebhookBodies.Event(WebhookBodies.Tracking(id, number: "AB/12 34", slug: "dhl", checkpoints: 2), eventId: "e-read"));
        var api = app.Create<TrackingsApi>();

        var byId = Json(await api.GetAsync(HttpRequests.Get(), id, CancellationToken.None));
        var byNumber = Json(await api.FindAsync(HttpRequests.Get("?slug=DHL&tracking_number=ab/12%2034"), CancellationToken.None));

        foreach (var state in new[] { byId, byNumber })
        {
            Assert.Equal(id, (string?)state["id"]);
            Assert.Equal("webhook", (string?)state["source"]);
            Assert.Equal(2, (int?)state["checkpoint_count"]);
            Assert.Equal("e-read", (string?)state["last_event_id"]);
            Assert.Equal(2, state["tracking"]!["checkpoints"]!.AsArray().Count);
        }
    }

    [Fact]
    public async Task Unknown_tracking_is_a_404_problem_and_missing_parameters_a_400_problem()
    {
        await using var app = await TestApp.StartAsync();
        var api = app.Create<TrackingsApi>();

        var unknown = Assert.IsType<ObjectResult>(await api.GetAsync(HttpRequests.Get(), "nope", CancellationToken.None));
        var unknownNumber = Assert.IsType<ObjectResult>(await api.FindAsync(HttpRequests.Get("?slug=ups&tracking_number=NOPE"), CancellationToken.None));
        var missing = Assert.IsType<ObjectResult>(await api.FindAsync(HttpRequests.Get("?slug=ups"), CancellationToken.None));
        var badPage = Assert.IsType<ObjectResult>(await api.ListEventsAsync(HttpRequests.Get("?page_size=0"), "x", CancellationToken.None));

        Assert.Equal([404, 404, 400, 400], new[] { unknown.StatusCode, unknownNumber.StatusCode, missing.StatusCode, badPage.StatusCode });
        Assert.All(new[] { unknown, unknownNumber, missing, badPage }, r => Assert.IsType<ProblemDetails>(r.Value));
    }

    [Fact]
    public async Task Events_are_listed_newest_first_in_pages()
    {
        await using var app = await TestApp.StartAsync();
        var id = Guid.NewGuid().ToString("N");
        for (var i = 1; i <= 5; i++)
        {
            await PostAsync(app, WebhookBodies.Event(WebhookBodies.Tracking(id, checkpoints: i, updatedAt: WebhookBodies.BaseTime.AddMinutes(i)), eventId: "e" + i, ts: 1_762_000_000 + i));
        }

        var api = app.Create<TrackingsApi>();
        var seen = new List<string>();
        string? continuation = null;
        do
        {
            var page = Json(await api.ListEventsAsync(HttpRequests.Get("?page_size=2" + (continuation is null ? string.Empty : "&continuation=" + continuation)), id, CancellationToken.None));
            var events = page["events"]!.AsArray();
            Assert.True(events.Count <= 2);
            seen.AddRange(events.Select(e => (string)e!["event_id"]!));
            Assert.All(events, e => Assert.Equal(id, (string?)e!["body"]!["msg"]!["id"]));
            continuation = (string?)page["continuation_token"];
        }
        while (continuation is not null);

        Assert.Equal(["e5", "e4", "e3", "e2", "e1"], seen);
    }

    [Fact]
    public async Task The_committed_sample_webhook_and_http_file_signature_are_accepted_by_the_receiver()
    {
        var root = RepositoryRoot.Find();
        var body = await File.ReadAllBytesAsync(Path.Combine(root, "requests", "sample-webhook.json"));
        var http = await File.ReadAllTextAsync(Path.Combine(root, "requests", "webhook.http"));
        var signature = http.Split('\n').First(l => l.StartsWith("aftership-hmac-sha256: ", StringComparison.Ordinal))["aftership-hmac-sha256: ".Length..].Trim();
        await using var app = await TestApp.StartAsync(settings: new Dictionary<string, string?> { ["Webhook:Secrets:0"] = "local-webhook-secret" });

        var result = await app.Create<ReceiveAfterShipWebhook>().RunAsync(
            HttpRequests.Post(body, new Dictionary<string, string> { ["aftership-hmac-sha256"] = signature }), CancellationToken.None);

        Assert.Equal(200, Assert.IsAssignableFrom<ObjectResult>(result).StatusCode);
    }
}
