using System.Text.Json;
using System.Text.Json.Nodes;
using AfterShip.Simulator;
using Microsoft.AspNetCore.WebUtilities;
using TrackingFunctions.AfterShip.Models;

namespace TrackingFunctions.IntegrationTests.AfterShip;

/// <summary>Every endpoint the client calls, over real HTTP against the simulator, through the app's registration.</summary>
public sealed class ClientEndpointTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    private static JsonElement Json(string json) => JsonSerializer.Deserialize<JsonElement>(json);

    private static RecordedRequest SingleRequest(ClientHarness h, string endpoint, string method, string path)
    {
        var request = Assert.Single(h.RequestsTo(endpoint));
        Assert.Equal(method, request.Method);
        Assert.Equal(path, request.Path);
        Assert.True(request.HadValidApiKey, "as-api-key was missing or wrong.");
        return request;
    }

    /// <summary>The client keeps AfterShip's JSON exactly: the tracking it returns reads back to what the simulator stores.</summary>
    private static void AssertRawJsonIsTheServedTracking(ClientHarness h, Tracking tracking)
    {
        Assert.NotNull(tracking.RawJson);
        var stored = h.Simulator.FindTracking(tracking.Id!);
        Assert.NotNull(stored);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(tracking.RawJson), stored.ToJson()), "RawJson differs from the tracking AfterShip served.");
    }

    [Fact]
    public async Task Create_posts_a_flat_body_passes_unknown_fields_through_and_returns_the_created_tracking()
    {
        await using var h = await ClientHarness.StartAsync();
        var number = ClientHarness.NewNumber();
        var request = new CreateTrackingRequest
        {
            TrackingNumber = number,
            Slug = "ups",
            AdditionalFields = new Dictionary<string, JsonElement>
            {
                ["title"] = Json("\"Order 42\""),
                ["custom_fields"] = Json("""{"erp":"A1"}"""),
                ["field_from_the_future"] = Json("[1,2]"),
            },
        };

        var created = await h.Client.CreateTrackingAsync(request, None);

        var post = SingleRequest(h, EndpointKeys.CreateTracking, "POST", ClientHarness.PathOf("trackings"));
        var body = JsonNode.Parse(post.Body!)!.AsObject();
        Assert.Equal(
            new[] { "custom_fields", "field_from_the_future", "slug", "title", "tracking_number" },
            body.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Equal(number, (string?)body["tracking_number"]);
        Assert.Equal("ups", (string?)body["slug"]);
        Assert.Equal("A1", (string?)body["custom_fields"]!["erp"]);
        Assert.True(JsonNode.DeepEquals(new JsonArray(1, 2), body["field_from_the_future"]));

        Assert.Matches("^[0-9a-f]{32}$", created.Id);
        Assert.Equal(number, created.TrackingNumber);
        Assert.Equal("ups", created.Slug);
        Assert.Equal(TrackingTags.Pending, created.Tag);
        Assert.Equal("Order 42", created.Title);
        Assert.True(created.Active);
        Assert.Equal(0, created.CheckpointCount);
        Assert.NotNull(created.AdditionalFields);
        Assert.Equal("[1,2]", created.AdditionalFields["field_from_the_future"].GetRawText());
        Assert.Equal("api", created.AdditionalFields["source"].GetString());
        AssertRawJsonIsTheServedTracking(h, created);
    }

    [Fact]
    public async Task Get_by_id_returns_the_tracking_with_its_checkpoints_and_keeps_unknown_fields()
    {
        await using var h = await ClientHarness.StartAsync();
        var seeded = h.Simulator.AddTracking(ClientHarness.NewNumber(), "fedex", TrackingTags.OutForDelivery, checkpoints: 3, customize: json =>
            json["field_from_the_future"] = new JsonObject { ["nested"] = true });

        var tracking = await h.Client.GetTrackingAsync(seeded.Id, None);

        SingleRequest(h, EndpointKeys.GetTracking, "GET", ClientHarness.PathOf("trackings/" + seeded.Id));
        Assert.Equal(seeded.Id, tracking.Id);
        Assert.Equal(seeded.LegacyId, tracking.LegacyId);
        Assert.Equal(seeded.TrackingNumber, tracking.TrackingNumber);
        Assert.Equal("fedex", tracking.Slug);
        Assert.Equal(TrackingTags.OutForDelivery, tracking.Tag);
        Assert.Equal("OutForDelivery_001", tracking.Subtag);
        Assert.Equal(seeded.UpdatedAt, tracking.UpdatedAt);
        Assert.NotNull(tracking.UpdatedAtValue);
        Assert.NotNull(tracking.Checkpoints);
        Assert.Equal(3, tracking.Checkpoints.Count);
        Assert.Equal(TrackingTags.OutForDelivery, tracking.Checkpoints[^1].Tag);
        Assert.All(tracking.Checkpoints, c => Assert.Equal("fedex", c.Slug));
        Assert.All(tracking.Checkpoints, c => Assert.NotNull(c.CheckpointTime));

        // Checkpoint fields the model does not name (city, country_region, ...) are kept too.
        Assert.Equal("Memphis", tracking.Checkpoints[0].AdditionalFields!["city"].GetString());
        Assert.Equal("""{"nested":true}""", tracking.AdditionalFields!["field_from_the_future"].GetRawText());
        AssertRawJsonIsTheServedTracking(h, tracking);
    }

    [Fact]
    public async Task Get_accepts_the_legacy_id_too()
    {
        await using var h = await ClientHarness.StartAsync();
        var seeded = h.Simulator.AddTracking(ClientHarness.NewNumber(), "ups");

        var tracking = await h.Client.GetTrackingAsync(seeded.LegacyId, None);

        SingleRequest(h, EndpointKeys.GetTracking, "GET", ClientHarness.PathOf("trackings/" + seeded.LegacyId));
        Assert.Equal(seeded.Id, tracking.Id);
    }

    [Fact]
    public async Task Update_puts_the_fields_as_given_including_unknown_ones_and_returns_the_updated_tracking()
    {
        await using var h = await ClientHarness.StartAsync();
        var seeded = h.Simulator.AddTracking(ClientHarness.NewNumber(), "ups");
        var update = new UpdateTrackingRequest
        {
            Fields = new Dictionary<string, JsonElement>
            {
                ["title"] = Json("\"New title\""),
                ["order_id"] = Json("\"ORD-9\""),
                ["field_from_the_future"] = Json("""{"x":true}"""),
            },
        };

        var updated = await h.Client.UpdateTrackingAsync(seeded.Id, update, None);

        var put = SingleRequest(h, EndpointKeys.UpdateTracking, "PUT", ClientHarness.PathOf("trackings/" + seeded.Id));
        Assert.True(
            JsonNode.DeepEquals(JsonNode.Parse("""{"title":"New title","order_id":"ORD-9","field_from_the_future":{"x":true}}"""), JsonNode.Parse(put.Body!)),
            "PUT body: " + put.Body);
        Assert.Equal(seeded.Id, updated.Id);
        Assert.Equal("New title", updated.Title);
        Assert.Equal("ORD-9", updated.OrderId);
        Assert.Equal("""{"x":true}""", updated.AdditionalFields!["field_from_the_future"].GetRawText());
        AssertRawJsonIsTheServedTracking(h, updated);
    }

    [Fact]
    public async Task List_filters_by_tracking_numbers_and_slug_and_pages_through_every_match_with_the_cursor()
    {
        await using var h = await ClientHarness.StartAsync();
        var numbers = Enumerable.Range(0, 5).Select(_ => ClientHarness.NewNumber()).ToList();
        var wanted = numbers.Select(n => h.Simulator.AddTracking(n, "ups").Id).ToHashSet();
        h.Simulator.AddTracking(numbers[0], "fedex");
        h.Simulator.AddTracking(ClientHarness.NewNumber(), "ups");
        var query = new ListTrackingsQuery { TrackingNumbers = numbers, Slugs = ["ups"], Limit = 2 };

        var pages = new List<TrackingPage>();
        for (var page = await h.Client.ListTrackingsAsync(query, None); ; page = await h.Client.ListTrackingsAsync(query with { Cursor = page.NextCursor }, None))
        {
            pages.Add(page);
            if (!page.HasNextPage || pages.Count > 10)
            {
                break;
            }
        }

        Assert.Equal(new[] { 2, 2, 1 }, pages.Select(p => p.Trackings.Count));
        Assert.All(pages, p => Assert.Equal(5, p.Total));
        Assert.All(pages.SkipLast(1), p => Assert.False(string.IsNullOrEmpty(p.NextCursor)));
        Assert.Null(pages[^1].NextCursor);
        var listed = pages.SelectMany(p => p.Trackings).ToList();
        Assert.Equal(wanted, listed.Select(t => t.Id!).ToHashSet());
        Assert.Equal(5, listed.Count);
        Assert.All(listed, t => Assert.Equal("ups", t.Slug));
        Assert.All(listed, t => Assert.NotNull(t.RawJson));

        var gets = h.RequestsTo(EndpointKeys.ListTrackings);
        Assert.Equal(3, gets.Count);
        Assert.All(gets, r => Assert.Equal(ClientHarness.PathOf("trackings"), r.Path));
        Assert.All(gets, r => Assert.True(r.HadValidApiKey));
        var queries = gets.Select(r => QueryHelpers.ParseQuery("?" + r.Query)).ToList();
        Assert.All(queries, q => Assert.Equal(string.Join(',', numbers), q["tracking_numbers"].ToString()));
        Assert.All(queries, q => Assert.Equal("ups", q["slug"].ToString()));
        Assert.All(queries, q => Assert.Equal("2", q["limit"].ToString()));
        Assert.False(queries[0].ContainsKey("cursor"));
        Assert.Equal(pages[0].NextCursor, queries[1]["cursor"].ToString());
        Assert.Equal(pages[1].NextCursor, queries[2]["cursor"].ToString());
    }

    [Fact]
    public async Task Find_returns_the_tracking_for_a_number_and_slug_and_null_when_AfterShip_has_none()
    {
        await using var h = await ClientHarness.StartAsync();
        var number = ClientHarness.NewNumber();
        h.Simulator.AddTracking(number, "ups");
        var fedex = h.Simulator.AddTracking(number, "fedex");

        var found = await h.Client.FindTrackingAsync(number, "fedex", None);
        var anySlug = await h.Client.FindTrackingAsync(number, null, None);
        var missing = await h.Client.FindTrackingAsync(ClientHarness.NewNumber(), "ups", None);
        var wrongSlug = await h.Client.FindTrackingAsync(number, "dhl", None);

        Assert.NotNull(found);
        Assert.Equal(fedex.Id, found.Id);
        Assert.Equal("fedex", found.Slug);
        Assert.NotNull(anySlug);
        Assert.Equal(number, anySlug.TrackingNumber);
        Assert.Null(missing);
        Assert.Null(wrongSlug);

        var gets = h.RequestsTo(EndpointKeys.ListTrackings);
        Assert.Equal(4, gets.Count);
        Assert.All(gets, r => Assert.True(r.HadValidApiKey));
        var first = QueryHelpers.ParseQuery("?" + gets[0].Query);
        Assert.Equal(number, first["tracking_numbers"].ToString());
        Assert.Equal("fedex", first["slug"].ToString());
        Assert.False(QueryHelpers.ParseQuery("?" + gets[1].Query).ContainsKey("slug"));
    }

    [Fact]
    public async Task Retrack_of_an_inactive_tracking_posts_to_retrack_and_returns_it_active_again()
    {
        await using var h = await ClientHarness.StartAsync();
        var seeded = h.Simulator.AddTracking(ClientHarness.NewNumber(), "ups", TrackingTags.Expired);
        Assert.False(seeded.Active);

        var retracked = await h.Client.RetrackTrackingAsync(seeded.Id, None);

        var post = SingleRequest(h, EndpointKeys.RetrackTracking, "POST", ClientHarness.PathOf($"trackings/{seeded.Id}/retrack"));
        Assert.Null(post.Body);
        Assert.Equal(seeded.Id, retracked.Id);
        Assert.True(retracked.Active);
        Assert.True(h.Simulator.FindTracking(seeded.Id)!.Active);
    }

    [Theory]
    [InlineData(CompletionReason.Delivered, TrackingTags.Delivered, "Delivered_001")]
    [InlineData(CompletionReason.Lost, TrackingTags.Exception, "Exception_013")]
    [InlineData(CompletionReason.ReturnedToSender, TrackingTags.Exception, "Exception_011")]
    public async Task Mark_as_completed_sends_the_reason_and_returns_the_completed_tracking(string reason, string tag, string subtag)
    {
        await using var h = await ClientHarness.StartAsync();
        var seeded = h.Simulator.AddTracking(ClientHarness.NewNumber(), "ups");

        var completed = await h.Client.MarkTrackingCompletedAsync(seeded.Id, reason, None);

        var post = SingleRequest(h, EndpointKeys.MarkCompleted, "POST", ClientHarness.PathOf($"trackings/{seeded.Id}/mark-as-completed"));
        Assert.True(JsonNode.DeepEquals(new JsonObject { ["reason"] = reason }, JsonNode.Parse(post.Body!)), "Body: " + post.Body);
        Assert.Equal(seeded.Id, completed.Id);
        Assert.Equal(tag, completed.Tag);
        Assert.Equal(subtag, completed.Subtag);
        Assert.False(completed.Active);
    }

    [Fact]
    public async Task Mark_as_completed_with_an_unknown_reason_is_refused_before_any_call()
    {
        await using var h = await ClientHarness.StartAsync();

        await Assert.ThrowsAsync<ArgumentException>(() => h.Client.MarkTrackingCompletedAsync("abc", "STOLEN", None));

        Assert.Empty(h.Simulator.Requests);
    }

    [Fact]
    public async Task Delete_removes_the_tracking_and_returns_what_was_deleted()
    {
        await using var h = await ClientHarness.StartAsync();
        var seeded = h.Simulator.AddTracking(ClientHarness.NewNumber(), "ups", checkpoints: 2);

        var deleted = await h.Client.DeleteTrackingAsync(seeded.Id, None);

        var request = SingleRequest(h, EndpointKeys.DeleteTracking, "DELETE", ClientHarness.PathOf("trackings/" + seeded.Id));
        Assert.Null(request.Body);
        Assert.Equal(seeded.Id, deleted.Id);
        Assert.Equal(seeded.TrackingNumber, deleted.TrackingNumber);
        Assert.Equal(2, deleted.CheckpointCount);
        Assert.Null(h.Simulator.FindTracking(seeded.Id));
    }
}
