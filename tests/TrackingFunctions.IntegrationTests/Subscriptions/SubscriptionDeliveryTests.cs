using System.Globalization;
using System.Text.Json.Nodes;
using TrackingFunctions.Changes;

namespace TrackingFunctions.IntegrationTests.Subscriptions;

/// <summary>Signed webhooks from the outbox to real receivers, checked with the StandardWebhooks package.</summary>
public sealed class SubscriptionDeliveryTests
{
    [Fact]
    public async Task Every_event_goes_signed_to_every_matching_subscription_and_none_to_a_filtered_out_one()
    {
        await using var rig = await SubscriptionRig.StartAsync();
        await rig.SubscribeAsync("all");
        await rig.SubscribeAsync("created", [ChangeEventTypes.Created]);
        await rig.SubscribeAsync("prefix", ["com.trackingfunctions.tracking.*"]);
        await rig.SubscribeAsync("deleted-only", [ChangeEventTypes.Deleted]);

        var trackings = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            trackings.Add(await rig.ChangeAsync());
        }

        await rig.Receiver.WaitForAsync(r => r.Count(x => x.Endpoint != "deleted-only") >= 9);
        await rig.SettledAsync();

        foreach (var endpoint in new[] { "all", "created", "prefix" })
        {
            var got = rig.Receiver.At(endpoint);
            Assert.Equal(3, got.Count);
            Assert.All(got, r =>
            {
                Assert.Equal([true], r.Verified);
                var cloudEvent = JsonNode.Parse(r.Body)!;
                Assert.Equal((string?)cloudEvent["id"], r.WebhookId);
                Assert.Equal(ChangeEventTypes.Created, (string?)cloudEvent["type"]);
                Assert.StartsWith("application/json", r.ContentType, StringComparison.Ordinal);
                Assert.InRange(long.Parse(r.Timestamp, CultureInfo.InvariantCulture), DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeSeconds(), DateTimeOffset.UtcNow.ToUnixTimeSeconds());
            });
            Assert.Equal(trackings.Order(), got.Select(r => (string)JsonNode.Parse(r.Body)!["data"]!["id"]!).Order());
        }

        Assert.Empty(rig.Receiver.At("deleted-only"));
    }

    [Fact]
    public async Task A_receiver_answering_500_three_times_gets_the_event_on_the_fourth_attempt_on_schedule()
    {
        await using var rig = await SubscriptionRig.StartAsync();
        var (id, _) = await rig.SubscribeAsync("flaky");
        rig.Receiver.Answer("flaky", n => n <= 3 ? 500 : 200);

        await rig.ChangeAsync();
        await rig.Receiver.WaitForAsync(r => r.Count >= 4);
        await rig.SettledAsync();

        var got = rig.Receiver.At("flaky");
        Assert.Equal(4, got.Count);
        Assert.Single(got.Select(r => r.WebhookId).Distinct());
        Assert.All(got, r => Assert.Equal([true], r.Verified));

        // Scaled schedule 1 s, 2 s, 3 s: queue visibility is whole seconds, so each gap is at least its step.
        double[] steps = [1, 2, 3];
        for (var i = 1; i < got.Count; i++)
        {
            var gap = (got[i].At - got[i - 1].At).TotalSeconds;
            Assert.True(gap >= steps[i - 1] - 0.05, $"attempt {i + 1} came {gap:0.00} s after attempt {i}, before its {steps[i - 1]} s step");
        }

        var (_, log) = await SubscriptionRig.Api.DeliveriesAsync(rig.App, id);
        var attempts = log["attempts"]!.AsArray();
        Assert.Equal(["succeeded", "failed", "failed", "failed"], attempts.Select(a => (string)a!["outcome"]!));
        Assert.Equal([4, 3, 2, 1], attempts.Select(a => (int)a!["attempt"]!));
        Assert.Equal(500, (int?)attempts[1]!["status_code"]);
    }

    [Fact]
    public async Task A_receiver_answering_410_disables_the_subscription_at_once()
    {
        await using var rig = await SubscriptionRig.StartAsync();
        var (id, _) = await rig.SubscribeAsync("gone");
        rig.Receiver.Answer("gone", _ => 410);

        await rig.ChangeAsync();
        await rig.Receiver.WaitForAsync(r => r.Count >= 1);
        await rig.SettledAsync();
        await rig.ChangeAsync();
        await rig.SettledAsync();

        Assert.Single(rig.Receiver.At("gone"));
        var (_, subscription) = await SubscriptionRig.Api.GetAsync(rig.App, id);
        Assert.False((bool)subscription["enabled"]!);
        Assert.StartsWith("gone", (string?)subscription["disabled_reason"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_429_with_Retry_After_waits_at_least_that_long_before_the_next_attempt()
    {
        await using var rig = await SubscriptionRig.StartAsync();
        await rig.SubscribeAsync("busy");
        rig.Receiver.Answer("busy", (n, context) =>
        {
            context.Response.Headers.RetryAfter = "3";
            return Task.FromResult(n == 1 ? 429 : 200);
        });

        await rig.ChangeAsync();
        await rig.Receiver.WaitForAsync(r => r.Count >= 2);

        var got = rig.Receiver.At("busy");
        Assert.True((got[1].At - got[0].At).TotalSeconds >= 2.95, "the retry came before Retry-After's 3 s (the schedule's step is 1 s)");
    }

    [Fact]
    public async Task A_redirect_is_not_followed_and_counts_as_a_failure()
    {
        await using var rig = await SubscriptionRig.StartAsync();
        var (id, _) = await rig.SubscribeAsync("moved");
        await rig.SubscribeAsync("target");
        rig.Receiver.Answer("moved", (n, context) =>
        {
            context.Response.Headers.Location = rig.Receiver.Url("target");
            return Task.FromResult(n == 1 ? 307 : 200);
        });

        var tracking = await rig.ChangeAsync();
        await rig.Receiver.WaitForAsync(r => r.Count(x => x.Endpoint == "moved") >= 2);

        Assert.Single(rig.Receiver.At("target"));
        var (_, log) = await SubscriptionRig.Api.DeliveriesAsync(rig.App, id);
        Assert.Contains(log["attempts"]!.AsArray(), a => (int?)a!["status_code"] == 307 && (string)a["outcome"]! == "failed");
        Assert.NotNull(tracking);
    }

    [Fact]
    public async Task A_delivery_whose_schedule_runs_out_is_kept_as_a_dead_letter_that_replay_sends_again()
    {
        await using var rig = await SubscriptionRig.StartAsync(new Dictionary<string, string?> { ["Subscriptions:RetrySchedule"] = "00:00:01" });
        var (id, _) = await rig.SubscribeAsync("down");
        var healthy = false;
        rig.Receiver.Answer("down", _ => Volatile.Read(ref healthy) ? 200 : 503);
        var since = DateTimeOffset.UtcNow.AddSeconds(-1);

        await rig.ChangeAsync();
        await rig.Receiver.WaitForAsync(r => r.Count >= 2);
        await rig.SettledAsync();
        var (_, log) = await SubscriptionRig.Api.DeliveriesAsync(rig.App, id);
        Assert.Equal(2, log["attempts"]!.AsArray().Count);

        Volatile.Write(ref healthy, true);
        var (status, replay) = await SubscriptionRig.Api.ReplayAsync(rig.App, id, since);
        await rig.Receiver.WaitForAsync(r => r.Count >= 3);
        await rig.SettledAsync();

        Assert.Equal(202, status);
        Assert.Equal(1, (int)replay["events"]!);
        Assert.Equal(3, rig.Receiver.At("down").Count);
        Assert.Single(rig.Receiver.At("down").Select(r => r.WebhookId).Distinct());
    }

    [Fact]
    public async Task A_20_second_receiver_times_out_without_delaying_a_healthy_one()
    {
        await using var rig = await SubscriptionRig.StartAsync(new Dictionary<string, string?> { ["Subscriptions:AttemptTimeout"] = "00:00:03" });
        var (slowId, _) = await rig.SubscribeAsync("slow");
        await rig.SubscribeAsync("healthy");
        using var release = new CancellationTokenSource();
        rig.Receiver.Answer("slow", async (_, context) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(20), context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
            return 200;
        });

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => rig.ChangeAsync())));

        await rig.Receiver.WaitForAsync(r => r.Count(x => x.Endpoint == "healthy") >= 8);
        var healthyDone = rig.Receiver.At("healthy").Max(r => r.At);
        var firstSlow = rig.Receiver.At("slow").Min(r => r.At);

        // Every healthy delivery arrived before the first slow attempt could even have timed out.
        Assert.True(healthyDone < firstSlow.AddSeconds(3), $"healthy finished {(healthyDone - firstSlow).TotalSeconds:0.00} s after the first slow request began");

        await WaitForAsync(async () => (await SubscriptionRig.Api.DeliveriesAsync(rig.App, slowId)).Json["attempts"]!.AsArray().Count > 0);
        var (_, log) = await SubscriptionRig.Api.DeliveriesAsync(rig.App, slowId);
        Assert.All(log["attempts"]!.AsArray(), a => Assert.Equal("timed_out", (string?)a!["outcome"]));
        await release.CancelAsync();
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!await condition())
        {
            await Task.Delay(50, deadline.Token);
        }
    }
}
