using System.Globalization;
using System.Text;
using AfterShip.Simulator;
using Azure.Data.Tables;
using Microsoft.AspNetCore.Mvc;
using TrackingFunctions.Commands;
using TrackingFunctions.Functions;
using TrackingFunctions.IntegrationTests.Harness;
using TrackingFunctions.Replay;
using TrackingFunctions.Storage;
using TrackingFunctions.Webhooks;

namespace TrackingFunctions.IntegrationTests.Replay;

/// <summary>Replaying dead-lettered commands and quarantined webhooks after the cause is fixed, through the admin endpoints.</summary>
public sealed class ReplayTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    private static string Today => DateTimeOffset.UtcNow.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    private static ReplayCounts Counts(IActionResult result)
        => Assert.IsType<ReplayCounts>(Assert.IsType<JsonResult>(result).Value);

    private static Task<IActionResult> ReplayDeadLettersAsync(TestApp app, string day, string query = "")
        => app.Create<ReplayApi>().ReplayDeadLettersAsync(Post(query), day, None);

    private static Task<IActionResult> ReplayWebhooksAsync(TestApp app, string day, string query = "")
        => app.Create<ReplayApi>().ReplayQuarantinedWebhooksAsync(Post(query), day, None);

    private static Microsoft.AspNetCore.Http.HttpRequest Post(string query)
    {
        var request = HttpRequests.Post([]);
        request.QueryString = new Microsoft.AspNetCore.Http.QueryString(query);
        return request;
    }

    [Fact]
    public async Task Dead_lettered_command_replayed_after_the_cause_is_fixed_succeeds_once_and_a_second_replay_does_nothing()
    {
        await using var rig = await DeadLetterRig.StartAsync("req-replay", "RPL0001");
        var (queues, simulator, app, host) = (rig.Queues, rig.Simulator, rig.App, rig.Host);
        simulator.ClearRequests();
        var first = Counts(await ReplayDeadLettersAsync(app, Today));
        await host.DrainAsync();

        Assert.Equal(new ReplayCounts(1, 1, 0, 0), first);
        Assert.Equal(CommandStatus.Succeeded, (await app.Get<CommandOutcomeStore>().GetAsync("req-replay", None))!.Status);
        Assert.Single(simulator.Requests, r => r.Endpoint == "POST /trackings" && r.StatusCode == 201);
        Assert.Single(simulator.Trackings);

        var second = Counts(await ReplayDeadLettersAsync(app, Today));
        Assert.Equal(new ReplayCounts(1, 0, 1, 0), second);
        Assert.Equal(0, await queues.QueueCountAsync());
        await host.DrainAsync();
        Assert.Single(simulator.Requests, r => r.Endpoint == "POST /trackings");
    }

    [Fact]
    public async Task Dead_letter_claimed_by_a_replay_that_died_before_sending_is_sent_once_its_claim_expires()
    {
        await using var rig = await DeadLetterRig.StartAsync("req-claimed", "RPL0002");
        var (queues, app, host) = (rig.Queues, rig.App, rig.Host);

        // A replay claimed the row and died before its send: while the claim is fresh, others keep off.
        var table = await app.Get<TrackingTables>().GetAsync(TableNames.DeadLetters, None);
        var row = Assert.Single(
            table.Query<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {Today}")),
            r => r.GetString("RequestId") == "req-claimed");
        await ClaimAsync(table, row, DateTimeOffset.UtcNow);
        var id = "?id=" + row.GetString("MessageId");
        Assert.Equal(new ReplayCounts(1, 0, 1, 0), Counts(await ReplayDeadLettersAsync(app, Today, id)));
        Assert.Equal(0, await queues.QueueCountAsync());

        // Once the claim is older than the timeout, the next replay sends it after all.
        await ClaimAsync(table, row, DateTimeOffset.UtcNow - DeadLetterReplayer.ClaimTimeout - TimeSpan.FromSeconds(1));
        Assert.Equal(new ReplayCounts(1, 1, 0, 0), Counts(await ReplayDeadLettersAsync(app, Today, id)));
        await host.DrainAsync();
        Assert.Equal(CommandStatus.Succeeded, (await app.Get<CommandOutcomeStore>().GetAsync("req-claimed", None))!.Status);
        Assert.Equal(new ReplayCounts(1, 0, 1, 0), Counts(await ReplayDeadLettersAsync(app, Today, id)));
    }

    /// <summary>
    /// One command dead-lettered for real: AfterShip fails its create until the fault is reset (the cause fixed), the
    /// queue loop gives up, and the poison drain records it. The fault is reset when this returns.
    /// </summary>
    private sealed class DeadLetterRig : IAsyncDisposable
    {
        private DeadLetterRig(CommandQueues queues, AfterShipSimulator simulator, TestApp app)
        {
            (Queues, Simulator, App) = (queues, simulator, app);
            Host = new QueueTriggerHost(queues.Queue, queues.Poison, (m, ct) => app.Create<ProcessTrackingCommand>().RunAsync(m, ct));
        }

        public CommandQueues Queues { get; }

        public AfterShipSimulator Simulator { get; }

        public TestApp App { get; }

        public QueueTriggerHost Host { get; }

        public static async Task<DeadLetterRig> StartAsync(string requestId, string trackingNumber)
        {
            var queues = await CommandQueues.CreateAsync();
            var simulator = await AfterShipSimulator.StartAsync(new SimulatorOptions { ApiKey = TestApp.ApiKey });
            var azurite = await Azurite.GetAsync();
            var app = await TestApp.StartAsync(simulator.BaseUrl, new Dictionary<string, string?>
            {
                ["AzureWebJobsStorage"] = azurite.ConnectionString,
                ["CommandQueueName"] = queues.Queue.Name,
                ["AfterShip:MaxRetryAttempts"] = "0",
            });
            var rig = new DeadLetterRig(queues, simulator, app);
            var poisonHost = new QueueTriggerHost(queues.Poison, queues.Poison, (m, ct) => app.Create<DrainPoisonCommands>().RunAsync(m, ct));

            simulator.Faults.FailNext(100, 503, "POST /trackings");
            await queues.SendAsync($$$"""{"action":"create","request_id":"{{{requestId}}}","tracking":{"tracking_number":"{{{trackingNumber}}}","slug":"ups"}}""");
            await rig.Host.DrainAsync();
            await poisonHost.DrainAsync();
            Assert.Equal(CommandStatus.DeadLettered, (await app.Get<CommandOutcomeStore>().GetAsync(requestId, None))!.Status);
            simulator.Faults.Reset();
            return rig;
        }

        public async ValueTask DisposeAsync()
        {
            await App.DisposeAsync();
            await Simulator.DisposeAsync();
            await Queues.Queue.DeleteIfExistsAsync();
            await Queues.Poison.DeleteIfExistsAsync();
        }
    }

    private static Task<Azure.Response> ClaimAsync(TableClient table, TableEntity row, DateTimeOffset claimedAt)
        => table.UpdateEntityAsync(new TableEntity(row.PartitionKey, row.RowKey) { ["ReplayClaimedAt"] = claimedAt }, Azure.ETag.All, TableUpdateMode.Merge);

    [Fact]
    public async Task One_dead_letter_is_replayed_by_message_id_and_an_unknown_id_gets_404()
    {
        var queues = await CommandQueues.CreateAsync();
        var azurite = await Azurite.GetAsync();
        await using var app = await TestApp.StartAsync(settings: new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["CommandQueueName"] = queues.Queue.Name,
        });
        var drain = app.Get<PoisonMessageDrain>();
        await drain.DrainAsync(Encoding.UTF8.GetBytes("""{"action":"retrack","request_id":"a","id":"x1"}"""), "msg/a", "poison", 5, null, None);
        await drain.DrainAsync(Encoding.UTF8.GetBytes("""{"action":"retrack","request_id":"b","id":"x2"}"""), "msg-b", "poison", 5, null, None);

        Assert.Equal(new ReplayCounts(1, 1, 0, 0), Counts(await ReplayDeadLettersAsync(app, Today, "?id=msg/a")));
        var sent = (await queues.Queue.ReceiveMessageAsync()).Value;
        Assert.Contains("\"request_id\":\"a\"", sent.Body.ToString(), StringComparison.Ordinal);
        await queues.Queue.DeleteMessageAsync(sent.MessageId, sent.PopReceipt);
        Assert.Equal(0, await queues.QueueCountAsync());

        var missing = Assert.IsType<ObjectResult>(await ReplayDeadLettersAsync(app, Today, "?id=nope"));
        Assert.Equal(404, missing.StatusCode);
        var badDay = Assert.IsType<ObjectResult>(await ReplayDeadLettersAsync(app, "2026-11-27"));
        Assert.Equal(400, badDay.StatusCode);

        await queues.Queue.DeleteIfExistsAsync();
        await queues.Poison.DeleteIfExistsAsync();
    }

    [Fact]
    public async Task Quarantined_webhook_reprocessed_after_a_parser_fix_is_stored_once_and_a_second_replay_does_nothing()
    {
        await using var app = await TestApp.StartAsync();
        var receiver = app.Get<WebhookReceiver>();

        // Still unreadable after the fix: a signed body that is not JSON, quarantined by the live receiver.
        var garbage = Encoding.UTF8.GetBytes("<html>not an event</html>");
        Assert.Equal(
            WebhookReceipt.Quarantined,
            await receiver.ReceiveAsync(new MemoryStream(garbage), garbage.Length, WebhookBodies.Sign(garbage), "2025-01", None));

        // Readable now: a valid event that an earlier release's parser refused. The quarantine row is what that
        // release wrote; today's parser is "the fix".
        var body = WebhookBodies.Event(WebhookBodies.Tracking("trk-replay-1", number: "RPL42"), eventId: "evt-replay-1");
        await app.Get<WebhookQuarantine>().StoreAsync(body, "msg.checkpoints[0].location is an object (parser of the previous release)", "2025-01", None);

        var first = Counts(await ReplayWebhooksAsync(app, Today));
        Assert.Equal(new ReplayCounts(2, 1, 0, 1), first);
        var stored = await app.Get<ITrackingStore>().GetAsync("trk-replay-1", None);
        Assert.Equal("evt-replay-1", stored!.LastEventId);
        Assert.Single((await app.Get<ITrackingStore>().ListEventsAsync("trk-replay-1", 10, null, None)).Events);

        var second = Counts(await ReplayWebhooksAsync(app, Today));
        Assert.Equal(new ReplayCounts(2, 0, 1, 1), second);
        Assert.Single((await app.Get<ITrackingStore>().ListEventsAsync("trk-replay-1", 10, null, None)).Events);
        Assert.Equal(stored.ETag, (await app.Get<ITrackingStore>().GetAsync("trk-replay-1", None))!.ETag);

        var table = await app.Get<TrackingTables>().GetAsync(TableNames.WebhookQuarantine, None);
        var rows = table.Query<TableEntity>().ToList();
        Assert.Equal("Applied", Assert.Single(rows, r => r.ContainsKey("ReplayedAt")).GetString("ReplayOutcome"));
        Assert.NotNull(Assert.Single(rows, r => !r.ContainsKey("ReplayedAt")).GetDateTimeOffset("LastReplayAttemptAt"));
    }
}
