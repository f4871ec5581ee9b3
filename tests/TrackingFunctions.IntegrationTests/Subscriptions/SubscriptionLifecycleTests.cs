using System.Diagnostics.Metrics;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Time.Testing;
using TrackingFunctions.Subscriptions;
using TrackingFunctions.Telemetry;

namespace TrackingFunctions.IntegrationTests.Subscriptions;

/// <summary>Rotation, replay, scale-out and the failure streak, end to end.</summary>
public sealed class SubscriptionLifecycleTests
{
    [Fact]
    public async Task During_a_rotation_both_secrets_verify_and_with_no_overlap_only_the_new_one()
    {
        await using var rig = await SubscriptionRig.StartAsync();
        var (id, old) = await rig.SubscribeAsync("rotating");
        var (_, rotated) = await SubscriptionRig.Api.RotateAsync(rig.App, id);
        var current = (string)rotated["secret"]!;
        rig.Receiver.Trust("rotating", old, current);

        await rig.ChangeAsync();
        await rig.Receiver.WaitForAsync(r => r.Count >= 1);

        var got = Assert.Single(rig.Receiver.At("rotating"));
        Assert.NotEqual(old, current);
        Assert.Equal([true, true], got.Verified);
        Assert.Equal(2, got.Signature.Split(' ').Length);
        Assert.NotNull(rotated["previous_secret_expires_at"]);

        await using var strict = await SubscriptionRig.StartAsync(new Dictionary<string, string?> { ["Subscriptions:SecretOverlap"] = "00:00:00" });
        var (strictId, strictOld) = await strict.SubscribeAsync("rotated");
        var strictNew = (string)(await SubscriptionRig.Api.RotateAsync(strict.App, strictId)).Json["secret"]!;
        strict.Receiver.Trust("rotated", strictOld, strictNew);

        await strict.ChangeAsync();
        await strict.Receiver.WaitForAsync(r => r.Count >= 1);

        Assert.Equal([false, true], Assert.Single(strict.Receiver.At("rotated")).Verified);
    }

    [Fact]
    public void After_the_overlap_the_previous_secret_stops_signing()
    {
        var now = new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
        var subscription = new Subscription("sub_1", new Uri("https://x.example"), ["*"], null, "whsec_new", "whsec_old", now.AddHours(24), true, null, null, null, now);

        Assert.Equal(["whsec_old", "whsec_new"], subscription.SigningSecrets(now.AddHours(23)));
        Assert.Equal(["whsec_new"], subscription.SigningSecrets(now.AddHours(24)));
    }

    [Fact]
    public async Task Replay_re_sends_exactly_the_events_of_the_window()
    {
        await using var rig = await SubscriptionRig.StartAsync();
        var (id, _) = await rig.SubscribeAsync("replayed");
        await rig.ChangeAsync();
        await rig.ChangeAsync();
        await rig.Receiver.WaitForAsync(r => r.Count >= 2);
        var since = DateTimeOffset.UtcNow;
        await rig.ChangeAsync();
        await rig.ChangeAsync();
        await rig.Receiver.WaitForAsync(r => r.Count >= 4);
        var until = DateTimeOffset.UtcNow;
        await rig.ChangeAsync();
        await rig.Receiver.WaitForAsync(r => r.Count >= 5);
        await rig.SettledAsync();
        var window = rig.Receiver.Received.Skip(2).Take(2).Select(r => r.WebhookId).Order().ToList();

        var (status, replay) = await SubscriptionRig.Api.ReplayAsync(rig.App, id, since, until);
        await rig.Receiver.WaitForAsync(r => r.Count >= 7);
        await rig.SettledAsync();

        Assert.Equal(202, status);
        Assert.Equal(2, (int)replay["events"]!);
        Assert.Equal(window, rig.Receiver.Received.Skip(5).Select(r => r.WebhookId).Order());
        Assert.All(rig.Receiver.Received, r => Assert.Equal([true], r.Verified));
    }

    [Fact]
    public async Task Replay_refuses_a_window_older_than_the_kept_events()
    {
        await using var rig = await SubscriptionRig.StartAsync();
        var (id, _) = await rig.SubscribeAsync("old");

        var (status, problem) = await SubscriptionRig.Api.ReplayAsync(rig.App, id, DateTimeOffset.UtcNow.AddDays(-30));

        Assert.Equal(400, status);
        Assert.Contains("no longer kept", (string?)problem["detail"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Three_instances_over_one_set_of_tables_deliver_each_event_once_per_subscription()
    {
        await using var rig = await SubscriptionRig.StartAsync(instances: 3);
        await rig.SubscribeAsync("one");
        await rig.SubscribeAsync("two");
        var shared = Guid.NewGuid().ToString("N");

        // Changes to one tracking from all three instances at once (their publishers race on its outbox rows), and
        // to separate trackings, then a sweep on every instance that hands any leftover row to the sinks again.
        await Task.WhenAll(Enumerable.Range(0, 30).Select(i => Task.Run(() => i % 2 == 0
            ? rig.ChangeAsync(i % 3, shared, checkpoints: i + 1)
            : rig.ChangeAsync(i % 3))));
        await rig.PublishedAsync();
        foreach (var app in rig.Apps)
        {
            await app.Get<TrackingFunctions.Changes.ChangeOutboxSweeper>().SweepAsync(CancellationToken.None);
        }

        await rig.SettledAsync();

        var byEndpoint = rig.Receiver.Received.GroupBy(r => r.Endpoint).ToDictionary(g => g.Key, g => g.ToList());
        var ids = byEndpoint["one"].Select(r => r.WebhookId).Distinct().Order().ToList();
        Assert.Equal(ids, byEndpoint["two"].Select(r => r.WebhookId).Distinct().Order());
        Assert.True(ids.Count >= 16, $"only {ids.Count} events arrived");
        var duplicates = rig.Receiver.Received.Count - (2 * ids.Count);
        Assert.Equal(0, duplicates);
        Assert.Equal(0, rig.WorkerFailures);
    }

    [Fact]
    public async Task A_subscription_failing_for_five_days_is_disabled_and_counted()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var rig = await SubscriptionRig.StartAsync(new Dictionary<string, string?> { ["Subscriptions:RetrySchedule"] = "00:00:01", ["Subscriptions:CacheDuration"] = "00:00:00" }, time: time);
        using var disabled = new MetricCollector<long>(rig.App.Get<IMeterFactory>(), TrackingMetrics.MeterName, SubscriptionMetrics.DisabledInstrument);
        var (id, _) = await rig.SubscribeAsync("dead");
        rig.Receiver.Answer("dead", _ => 500);

        await rig.ChangeAsync();
        await rig.Receiver.WaitForAsync(r => r.Count >= 2);
        await rig.SettledAsync();
        var (_, failing) = await SubscriptionRig.Api.GetAsync(rig.App, id);
        time.Advance(TimeSpan.FromDays(5));
        await rig.ChangeAsync();
        await rig.Receiver.WaitForAsync(r => r.Count >= 3);
        await rig.SettledAsync();

        var (_, after) = await SubscriptionRig.Api.GetAsync(rig.App, id);
        Assert.True((bool)failing["enabled"]!);
        Assert.NotNull(failing["failing_since"]);
        Assert.False((bool)after["enabled"]!);
        Assert.StartsWith("failing", (string?)after["disabled_reason"], StringComparison.Ordinal);
        Assert.Equal(1, disabled.GetMeasurementSnapshot().Where(m => (string?)m.Tags["reason"] == "failing").Sum(m => m.Value));

        var (status, enabled) = await SubscriptionRig.Api.EnableAsync(rig.App, id);
        Assert.Equal(200, status);
        Assert.True((bool)enabled["enabled"]!);
        Assert.Null(enabled["failing_since"]);
        Assert.IsType<JsonObject>(enabled);
    }
}
