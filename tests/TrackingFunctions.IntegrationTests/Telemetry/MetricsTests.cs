using System.Diagnostics.Metrics;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using TrackingFunctions.AfterShip.Http;
using TrackingFunctions.Commands;
using TrackingFunctions.Functions;
using TrackingFunctions.IntegrationTests.Commands;
using TrackingFunctions.IntegrationTests.Harness;
using TrackingFunctions.Telemetry;

namespace TrackingFunctions.IntegrationTests.Telemetry;

/// <summary>The metrics the dashboards and alerts read, emitted through the app's real registrations with their tags.</summary>
public sealed class MetricsTests
{
    private static MetricCollector<long> Collect(TestApp app, string meter, string instrument)
        => new(app.Get<IMeterFactory>(), meter, instrument);

    private static long Sum(MetricCollector<long> collector, params (string Tag, string Value)[] tags)
        => collector.GetMeasurementSnapshot()
            .Where(m => tags.All(t => m.Tags.TryGetValue(t.Tag, out var v) && (string?)v == t.Value))
            .Sum(m => m.Value);

    [Fact]
    public async Task Webhooks_are_counted_by_outcome()
    {
        await using var app = await TestApp.StartAsync();
        using var webhooks = Collect(app, TrackingMetrics.MeterName, TrackingMetrics.WebhooksInstrument);
        var body = WebhookBodies.Event(WebhookBodies.Tracking(Guid.NewGuid().ToString("N")), eventId: "m-1");
        var function = app.Create<ReceiveAfterShipWebhook>();

        await function.RunAsync(HttpRequests.Post(body, WebhookBodies.Headers(body)), CancellationToken.None);
        await function.RunAsync(HttpRequests.Post(body, WebhookBodies.Headers(body)), CancellationToken.None);
        await function.RunAsync(HttpRequests.Post(body, WebhookBodies.Headers(body, "wrong-secret")), CancellationToken.None);

        Assert.Equal(1, Sum(webhooks, ("outcome", "stored")));
        Assert.Equal(1, Sum(webhooks, ("outcome", "duplicate")));
        Assert.Equal(1, Sum(webhooks, ("outcome", "unauthorized")));
        Assert.Equal(3, Sum(webhooks));
    }

    [Fact]
    public async Task Commands_are_counted_by_action_and_outcome_and_dead_letters_on_their_own()
    {
        await using var f = await CommandFixture.StartAsync();
        using var commands = Collect(f.App, TrackingMetrics.MeterName, TrackingMetrics.CommandsInstrument);
        using var deadLetters = Collect(f.App, TrackingMetrics.MeterName, TrackingMetrics.DeadLettersInstrument);
        var number = "TN" + Guid.NewGuid().ToString("N")[..12].ToUpperInvariant();
        var create = $$$"""{"action":"create","request_id":"m-create","tracking":{"tracking_number":"{{{number}}}","slug":"ups"}}""";

        await f.RunOnceAsync(create);
        await f.RunOnceAsync("""{"action":"explode","request_id":"m-bad"}""");
        await f.App.Get<PoisonMessageDrain>().DrainAsync(
            System.Text.Encoding.UTF8.GetBytes("""{"action":"delete","request_id":"m-poison","id":"abc"}"""), "msg-9", "poison", 5, null, CancellationToken.None);

        Assert.Equal(1, Sum(commands, ("action", "create"), ("outcome", CommandStatus.Succeeded)));
        Assert.Equal(1, Sum(commands, ("outcome", CommandStatus.Failed)));
        Assert.Equal(1, Sum(commands, ("action", "delete"), ("outcome", CommandStatus.DeadLettered)));
        var deadLetter = Assert.Single(deadLetters.GetMeasurementSnapshot());
        Assert.Equal(1, deadLetter.Value);
        Assert.Empty(deadLetter.Tags);
    }

    [Fact]
    public async Task AfterShip_attempts_429s_and_retries_are_counted_by_endpoint()
    {
        await using var f = await CommandFixture.StartAsync();
        using var attempts = Collect(f.App, AfterShipCallMetrics.MeterName, "aftership.attempts");
        using var rateLimited = Collect(f.App, AfterShipCallMetrics.MeterName, "aftership.rate_limited");
        using var retries = Collect(f.App, AfterShipCallMetrics.MeterName, "aftership.retries");
        var tracking = f.Simulator.AddTracking("TN" + Guid.NewGuid().ToString("N")[..12].ToUpperInvariant(), "ups");
        f.Simulator.Faults.FailNext(1, 429, global::AfterShip.Simulator.EndpointKeys.MarkCompleted);

        var outcome = await f.RunOnceAsync($$$"""{"action":"mark_completed","request_id":"m-429","id":"{{{tracking.Id}}}","reason":"LOST"}""");

        Assert.Equal(CommandStatus.Succeeded, outcome.Status);
        Assert.Equal(2, Sum(attempts, ("endpoint", "MarkTrackingCompleted")));
        Assert.Equal(1, Sum(rateLimited, ("endpoint", "MarkTrackingCompleted")));
        Assert.Equal(1, Sum(retries, ("endpoint", "MarkTrackingCompleted")));
    }

    [Fact]
    public async Task ImportProgress_adds_to_the_import_counter()
    {
        await using var app = await TestApp.StartAsync();
        using var imported = Collect(app, TrackingMetrics.MeterName, TrackingMetrics.ImportTrackingsInstrument);

        app.Get<TrackingMetrics>().ImportProgress(200);
        app.Get<TrackingMetrics>().ImportProgress(37);

        Assert.Equal(237, Sum(imported));
    }
}
