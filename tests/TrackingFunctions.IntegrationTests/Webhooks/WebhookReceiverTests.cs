using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.AspNetCore.Mvc;
using TrackingFunctions.Functions;
using TrackingFunctions.IntegrationTests.Harness;
using TrackingFunctions.Storage;

namespace TrackingFunctions.IntegrationTests.Webhooks;

public sealed class WebhookReceiverTests
{
    private static async Task<(int Status, object? Value)> PostAsync(TestApp app, byte[] body, IDictionary<string, string>? headers = null)
    {
        var function = app.Create<ReceiveAfterShipWebhook>();
        var result = await function.RunAsync(HttpRequests.Post(body, headers ?? WebhookBodies.Headers(body)), CancellationToken.None);
        var objectResult = Assert.IsAssignableFrom<ObjectResult>(result);
        return (objectResult.StatusCode ?? 200, objectResult.Value);
    }

    private static string NewId() => Guid.NewGuid().ToString("N");

    [Fact]
    public async Task Signed_event_for_a_new_tracking_is_stored_with_its_state_and_answered_200()
    {
        await using var app = await TestApp.StartAsync();
        var id = NewId();
        var body = WebhookBodies.Event(WebhookBodies.Tracking(id, checkpoints: 2), eventId: "evt-1");

        var (status, _) = await PostAsync(app, body);

        Assert.Equal(200, status);
        var state = await app.Get<ITrackingStore>().GetAsync(id, CancellationToken.None);
        Assert.NotNull(state);
        Assert.Equal(TrackingSource.Webhook, state.Source);
        Assert.Equal(2, state.CheckpointCount);
        Assert.Equal("evt-1", state.LastEventId);
        var events = await app.Get<ITrackingStore>().ListEventsAsync(id, 10, null, CancellationToken.None);
        Assert.Equal(body, Assert.Single(events.Events).RawBody);
    }

    [Theory]
    [InlineData("tracking_update")]
    [InlineData("edd_revise")]
    [InlineData("tracking_pending_time")]
    public async Task Every_event_type_is_stored(string eventType)
    {
        await using var app = await TestApp.StartAsync();
        var id = NewId();

        var (status, _) = await PostAsync(app, WebhookBodies.Event(WebhookBodies.Tracking(id), eventType: eventType));

        Assert.Equal(200, status);
        var events = await app.Get<ITrackingStore>().ListEventsAsync(id, 10, null, CancellationToken.None);
        Assert.Equal(eventType, Assert.Single(events.Events).EventType);
    }

    [Fact]
    public async Task New_event_for_a_known_tracking_costs_two_storage_round_trips()
    {
        await using var app = await TestApp.StartAsync();
        var id = NewId();
        await PostAsync(app, WebhookBodies.Event(WebhookBodies.Tracking(id, updatedAt: WebhookBodies.BaseTime)));
        var hold = await ChangePublishingHold.StartAsync(app);
        app.StorageRequests.Reset();

        var (status, _) = await PostAsync(app, WebhookBodies.Event(WebhookBodies.Tracking(id, checkpoints: 2, updatedAt: WebhookBodies.BaseTime.AddHours(1))));

        Assert.Equal(200, status);
        Assert.Equal(2, app.StorageRequests.Count);

        // The change event goes out after the 2xx: list the tracking's outbox rows, send, delete the row.
        hold.Dispose();
        await app.Get<TrackingFunctions.Changes.ChangeDispatcher>().WhenIdleAsync(CancellationToken.None);
        Assert.Equal(5, app.StorageRequests.Count);
    }

    [Fact]
    public async Task Duplicate_delivery_of_an_event_id_answers_200_and_changes_nothing()
    {
        await using var app = await TestApp.StartAsync();
        var id = NewId();
        var body = WebhookBodies.Event(WebhookBodies.Tracking(id), eventId: "same-event");
        await PostAsync(app, body);
        var before = await app.Get<ITrackingStore>().GetAsync(id, CancellationToken.None);

        var (status, value) = await PostAsync(app, body);

        Assert.Equal(200, status);
        Assert.Contains("Duplicate", JsonSerializer.Serialize(value), StringComparison.Ordinal);
        var after = await app.Get<ITrackingStore>().GetAsync(id, CancellationToken.None);
        Assert.Equal(before!.ETag, after!.ETag);
        Assert.Single((await app.Get<ITrackingStore>().ListEventsAsync(id, 10, null, CancellationToken.None)).Events);
    }

    [Fact]
    public async Task Two_concurrent_deliveries_of_one_event_store_it_once()
    {
        await using var app = await TestApp.StartAsync();
        var id = NewId();
        var body = WebhookBodies.Event(WebhookBodies.Tracking(id), eventId: "racing-event");

        var results = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => PostAsync(app, body)));

        Assert.All(results, r => Assert.Equal(200, r.Status));
        Assert.Single((await app.Get<ITrackingStore>().ListEventsAsync(id, 10, null, CancellationToken.None)).Events);
    }

    [Fact]
    public async Task Older_event_after_a_newer_one_is_kept_as_history_without_regressing_the_state()
    {
        await using var app = await TestApp.StartAsync();
        var id = NewId();
        await PostAsync(app, WebhookBodies.Event(WebhookBodies.Tracking(id, checkpoints: 3, updatedAt: WebhookBodies.BaseTime.AddHours(2), tag: "OutForDelivery")));

        var (status, _) = await PostAsync(app, WebhookBodies.Event(WebhookBodies.Tracking(id, checkpoints: 2, updatedAt: WebhookBodies.BaseTime.AddHours(1), tag: "InTransit")));

        Assert.Equal(200, status);
        var state = await app.Get<ITrackingStore>().GetAsync(id, CancellationToken.None);
        Assert.Equal("OutForDelivery", state!.Tag);
        Assert.Equal(3, state.CheckpointCount);
        var events = (await app.Get<ITrackingStore>().ListEventsAsync(id, 10, null, CancellationToken.None)).Events;
        Assert.Equal(2, events.Count);
        Assert.Single(events, e => !e.Applied);
    }

    [Fact]
    public async Task Twenty_concurrent_events_for_one_tracking_end_in_the_newest_state()
    {
        await using var app = await TestApp.StartAsync();
        var id = NewId();
        var bodies = Enumerable.Range(1, 20)
            .Select(i => WebhookBodies.Event(WebhookBodies.Tracking(id, checkpoints: i, updatedAt: WebhookBodies.BaseTime.AddMinutes(i)), eventId: "evt-" + i))
            .Reverse()
            .ToList();

        var results = await Task.WhenAll(bodies.Select(b => Task.Run(() => PostAsync(app, b))));

        Assert.All(results, r => Assert.Equal(200, r.Status));
        var state = await app.Get<ITrackingStore>().GetAsync(id, CancellationToken.None);
        Assert.Equal(20, state!.CheckpointCount);
        Assert.Equal("evt-20", state.LastEventId);
        Assert.Equal(20, (await app.Get<ITrackingStore>().ListEventsAsync(id, 50, null, CancellationToken.None)).Events.Count);
    }

    [Fact]
    public async Task Payload_with_300_checkpoints_round_trips_exactly()
    {
        await using var app = await TestApp.StartAsync();
        var id = NewId();
        var tracking = WebhookBodies.Tracking(id, checkpoints: 300);
        var body = WebhookBodies.Event(tracking);
        Assert.True(body.Length > 64 * 1024, $"the payload should be over 64 KiB, was {body.Length}");

        var (status, _) = await PostAsync(app, body);

        Assert.Equal(200, status);
        var state = await app.Get<ITrackingStore>().GetAsync(id, CancellationToken.None);
        Assert.Equal(tracking.ToJsonString(), state!.TrackingJson);
        var stored = Assert.Single((await app.Get<ITrackingStore>().ListEventsAsync(id, 10, null, CancellationToken.None)).Events);
        Assert.Equal(body, stored.RawBody);
    }

    [Theory]
    [InlineData("AB/12#34?56\\78", "dhl")]
    [InlineData("ÜNİCODE-番号-123", "yamato")]
    [InlineData("A\u0001B\u007FC", "ups")]
    [InlineData("percent%and'quote", "fedex")]
    public async Task Awkward_tracking_numbers_are_stored_and_found_by_slug_and_number(string number, string slug)
    {
        await using var app = await TestApp.StartAsync();
        var id = "id/with#odd?chars\\" + NewId();

        var (status, _) = await PostAsync(app, WebhookBodies.Event(WebhookBodies.Tracking(id, number: number, slug: slug)));

        Assert.Equal(200, status);
        var found = await app.Get<ITrackingStore>().FindAsync(slug, number, CancellationToken.None);
        Assert.Equal(id, found?.Id);
        Assert.Equal(number, found?.TrackingNumber);
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("{\"event\":\"tracking_update\",\"msg\":{\"tracking_number\":\"X\"}}")]
    [InlineData("[1,2,3]")]
    public async Task Signed_body_that_is_not_a_readable_event_is_quarantined_and_answered_200(string text)
    {
        await using var app = await TestApp.StartAsync();
        var body = Encoding.UTF8.GetBytes(text);

        var (status, _) = await PostAsync(app, body);

        Assert.Equal(200, status);
        var quarantine = await app.Get<TrackingTables>().GetAsync(TableNames.WebhookQuarantine, CancellationToken.None);
        var row = Assert.Single(quarantine.Query<TableEntity>().ToList());
        Assert.False(string.IsNullOrEmpty(row.GetString("Reason")));
        Assert.Equal(body, PayloadColumns.Read(row));
        Assert.Contains(app.Logs.GetSnapshot(), r => r.Level == Microsoft.Extensions.Logging.LogLevel.Warning && r.Message.Contains("quarantined", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Non_utf8_signed_body_is_verified_over_its_bytes_and_quarantined()
    {
        await using var app = await TestApp.StartAsync();
        byte[] body = [0x7B, 0xFF, 0xFE, 0x22, 0x7D];

        var (status, _) = await PostAsync(app, body);

        Assert.Equal(200, status);
        var quarantine = await app.Get<TrackingTables>().GetAsync(TableNames.WebhookQuarantine, CancellationToken.None);
        Assert.Single(quarantine.Query<TableEntity>().ToList());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not base64!")]
    [InlineData("aeEcSl9m0RlO/0M+UBLvo9iRyy5eIja9KrVXyRcTSA8=")]
    public async Task Bad_signature_answers_401_with_a_problem_and_stores_nothing(string? signature)
    {
        await using var app = await TestApp.StartAsync();
        var id = NewId();
        var body = WebhookBodies.Event(WebhookBodies.Tracking(id));
        var headers = signature is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["aftership-hmac-sha256"] = signature };

        var (status, value) = await PostAsync(app, body, headers);

        Assert.Equal(401, status);
        Assert.IsType<ProblemDetails>(value);
        Assert.Null(await app.Get<ITrackingStore>().GetAsync(id, CancellationToken.None));
    }

    [Fact]
    public async Task Body_signed_with_the_previous_secret_is_accepted()
    {
        await using var app = await TestApp.StartAsync();
        var body = WebhookBodies.Event(WebhookBodies.Tracking(NewId()));

        var (status, _) = await PostAsync(app, body, WebhookBodies.Headers(body, TestApp.PreviousWebhookSecret));

        Assert.Equal(200, status);
    }

    [Fact]
    public async Task Header_name_is_matched_case_insensitively()
    {
        await using var app = await TestApp.StartAsync();
        var body = WebhookBodies.Event(WebhookBodies.Tracking(NewId()));

        var (status, _) = await PostAsync(app, body, new Dictionary<string, string> { ["AfterShip-Hmac-SHA256"] = WebhookBodies.Sign(body) });

        Assert.Equal(200, status);
    }

    [Fact]
    public async Task Body_at_the_cap_is_accepted_and_one_byte_over_is_413()
    {
        const int cap = 4096;
        await using var app = await TestApp.StartAsync(settings: new Dictionary<string, string?> { ["Webhook:MaxBodyBytes"] = cap.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        var atCap = PadTo(WebhookBodies.Event(WebhookBodies.Tracking(NewId())), cap);
        var overCap = PadTo(WebhookBodies.Event(WebhookBodies.Tracking(NewId())), cap + 1);

        Assert.Equal(200, (await PostAsync(app, atCap)).Status);
        Assert.Equal(413, (await PostAsync(app, overCap)).Status);

        // Without a Content-Length the cap is found by reading, still without reading the whole body.
        var function = app.Create<ReceiveAfterShipWebhook>();
        var chunked = await function.RunAsync(HttpRequests.Post(overCap, WebhookBodies.Headers(overCap), contentLength: null), CancellationToken.None);
        Assert.Equal(413, Assert.IsAssignableFrom<ObjectResult>(chunked).StatusCode);
    }

    [Fact]
    public async Task Storage_down_answers_503_and_acknowledges_nothing()
    {
        var closedPort = Azurite.FreePort();
        var connection = $"DefaultEndpointsProtocol=http;AccountName={Azurite.AccountName};AccountKey={Azurite.AccountKey};TableEndpoint=http://127.0.0.1:{closedPort}/{Azurite.AccountName};";
        await using var app = await TestApp.StartAsync(tablesConnectionString: connection);
        var body = WebhookBodies.Event(WebhookBodies.Tracking(NewId()));

        var (status, value) = await PostAsync(app, body);

        Assert.Equal(503, status);
        Assert.IsType<ProblemDetails>(value);
    }

    [Fact]
    public async Task Secrets_and_customer_data_never_reach_the_logs()
    {
        await using var app = await TestApp.StartAsync();
        var body = WebhookBodies.Event(WebhookBodies.Tracking(NewId()));
        await PostAsync(app, body);
        await PostAsync(app, body, new Dictionary<string, string> { ["aftership-hmac-sha256"] = WebhookBodies.Sign(body, "wrong-secret") });
        await PostAsync(app, Encoding.UTF8.GetBytes("garbage"));

        var logs = app.Logs.GetSnapshot();

        Assert.NotEmpty(logs);
        foreach (var record in logs)
        {
            var text = record.Message + " " + record.Exception;
            Assert.DoesNotContain(TestApp.WebhookSecret, text, StringComparison.Ordinal);
            Assert.DoesNotContain(TestApp.PreviousWebhookSecret, text, StringComparison.Ordinal);
            Assert.DoesNotContain(WebhookBodies.Sign(body), text, StringComparison.Ordinal);
            Assert.DoesNotContain("person@example.com", text, StringComparison.Ordinal);
        }
    }

    private static byte[] PadTo(byte[] eventBody, int length)
    {
        // Valid JSON of an exact length: the padding goes inside a string field the app ignores.
        var text = Encoding.UTF8.GetString(eventBody);
        var prefix = text[..^1] + ",\"padding\":\"";
        var pad = length - Encoding.UTF8.GetByteCount(prefix) - 2;
        return Encoding.UTF8.GetBytes(prefix + new string('x', pad) + "\"}");
    }
}
