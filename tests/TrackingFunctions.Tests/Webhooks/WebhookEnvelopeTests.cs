using System.Text;
using TrackingFunctions.Webhooks;

namespace TrackingFunctions.Tests.Webhooks;

public sealed class WebhookEnvelopeTests
{
    private static WebhookEnvelope? Parse(string json, out string? reason) => WebhookEnvelope.TryParse(Encoding.UTF8.GetBytes(json), out reason);

    [Fact]
    public void Full_2025_01_body_is_read()
    {
        var envelope = Parse("""{"event":"edd_revise","event_id":"e-1","is_tracking_first_tag":true,"ts":1712741696,"msg":{"id":"abc","tag":"InTransit","checkpoints":[{},{}],"brand_new_field":{"x":1}}}""", out var reason);

        Assert.Null(reason);
        Assert.NotNull(envelope);
        Assert.Equal("e-1", envelope.EventId);
        Assert.Equal("edd_revise", envelope.EventType);
        Assert.Equal(1712741696, envelope.Ts);
        Assert.True(envelope.IsTrackingFirstTag);
        Assert.Equal(2, envelope.Tracking.CheckpointCount);
        Assert.Equal("""{"id":"abc","tag":"InTransit","checkpoints":[{},{}],"brand_new_field":{"x":1}}""", envelope.Tracking.ToJson());
    }

    [Fact]
    public void Missing_event_id_gets_a_stable_id_from_the_body_hash()
    {
        const string json = """{"event":"tracking_update","msg":{"id":"abc"}}""";

        var first = Parse(json, out _);
        var second = Parse(json, out _);

        Assert.StartsWith("sha256-", first!.EventId, StringComparison.Ordinal);
        Assert.Equal(first.EventId, second!.EventId);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("""{"event":"tracking_update"}""")]
    [InlineData("""{"msg":"text"}""")]
    [InlineData("""{"msg":{"tracking_number":"123"}}""")]
    [InlineData("""{"msg":{"id":""}}""")]
    public void Unreadable_body_gives_a_reason_instead_of_throwing(string json)
    {
        var envelope = Parse(json, out var reason);

        Assert.Null(envelope);
        Assert.False(string.IsNullOrWhiteSpace(reason));
    }

    [Fact]
    public void Known_fields_of_an_unexpected_type_read_as_null_and_the_event_is_still_stored()
    {
        var envelope = Parse("""{"event_id":"e","msg":{"id":"abc","active":"yes","updated_at":1712741696,"checkpoints":{"a":1},"tag":5}}""", out var reason);

        Assert.Null(reason);
        Assert.Null(envelope!.Tracking.Active);
        Assert.Null(envelope.Tracking.UpdatedAt);
        Assert.Null(envelope.Tracking.Tag);
        Assert.Equal(0, envelope.Tracking.CheckpointCount);
    }

    [Fact]
    public void Unknown_tag_and_odd_dates_do_not_break_parsing()
    {
        var envelope = Parse("""{"event_id":"e","msg":{"id":"abc","tag":"SomethingNew","updated_at":"2026-11-01","shipment_delivery_date":"01/02/2026 noon","checkpoints":[{"checkpoint_time":"2026-11-01T10:00:00"}]}}""", out _);

        Assert.Equal("SomethingNew", envelope!.Tracking.Tag);
        Assert.Equal(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero), envelope.Tracking.UpdatedAtValue);
    }
}
