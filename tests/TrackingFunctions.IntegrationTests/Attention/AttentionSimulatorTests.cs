using AfterShip.Simulator;
using Microsoft.Extensions.Time.Testing;
using TrackingFunctions.Attention;
using TrackingFunctions.Changes;
using static TrackingFunctions.IntegrationTests.Attention.AttentionApp;

namespace TrackingFunctions.IntegrationTests.Attention;

/// <summary>A parcel's life as the AfterShip simulator plays it, delivered to the app as AfterShip's webhooks.</summary>
public sealed class AttentionSimulatorTests
{
    [Fact]
    public async Task A_parcel_that_stalls_then_fails_delivery_then_arrives_raises_each_cause_once_and_nothing_after_delivery()
    {
        var time = new FakeTimeProvider(Now);
        await using var simulator = await AfterShipSimulator.StartAsync(new SimulatorOptions { TimeProvider = time });
        await using var app = await StartAsync(time);
        var parcel = simulator.AddTracking("1Z999AA10123450001", "ups", "InTransit", checkpoints: 2);
        var first = simulator.BuildWebhookBody(parcel.Id);
        await app.PostAsync(first);
        Assert.Equal([ChangeEventTypes.Created], (await app.ReceiveAllAsync()).Select(e => (string)e["type"]!).ToArray());

        time.Advance(TimeSpan.FromDays(6));
        await app.SweepAttentionAsync();
        var stalled = await app.ReceiveAllAsync();

        simulator.Advance(parcel.Id, "AttemptFail", "AttemptFail_002");
        await app.PostAsync(simulator.BuildWebhookBody(parcel.Id));
        var failed = await app.ReceiveAllAsync();

        time.Advance(TimeSpan.FromDays(1));
        simulator.Advance(parcel.Id, "Delivered");
        await app.PostAsync(simulator.BuildWebhookBody(parcel.Id));
        await app.PostAsync(first);
        time.Advance(TimeSpan.FromDays(30));
        await app.SweepAttentionAsync();
        time.Advance(TimeSpan.FromMinutes(2));
        await app.SweepAsync();
        var after = await app.ReceiveAllAsync();

        Assert.Equal(AttentionCauses.NoCheckpoint, Cause(Assert.Single(stalled)));
        Assert.Equal(parcel.Id, (string?)stalled[0]["data"]!["id"]);
        Assert.Equal([ChangeEventTypes.StatusChanged, ChangeEventTypes.Attention], failed.Select(e => (string)e["type"]!).ToArray());
        Assert.Equal(AttentionCauses.AttemptFail, Cause(failed[1]));
        Assert.Equal("AttemptFail_002", (string?)failed[1]["data"]!["current"]!["subtag"]);
        Assert.Equal([ChangeEventTypes.Delivered], after.Select(e => (string)e["type"]!).ToArray());
    }
}
