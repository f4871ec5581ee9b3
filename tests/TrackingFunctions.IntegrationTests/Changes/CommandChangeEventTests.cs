using Azure.Storage.Queues;
using TrackingFunctions.Changes;
using TrackingFunctions.Commands;
using TrackingFunctions.IntegrationTests.Commands;
using TrackingFunctions.IntegrationTests.Harness;

namespace TrackingFunctions.IntegrationTests.Changes;

public sealed class CommandChangeEventTests
{
    [Fact]
    public async Task Delete_and_mark_completed_commands_publish_deleted_and_completed_and_a_redelivery_publishes_nothing_more()
    {
        var queueName = "changes-" + Guid.NewGuid().ToString("N")[..16];
        await using var f = await CommandFixture.StartAsync(new Dictionary<string, string?> { ["ChangeEvents:QueueName"] = queueName });
        var queue = new QueueClient((await Azurite.GetAsync()).ConnectionString, queueName);
        var kept = f.Simulator.AddTracking("CMP" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant(), "ups");
        var doomed = f.Simulator.AddTracking("DEL" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant(), "ups");
        await f.RunOnceAsync($$$"""{"action":"update","request_id":"u1","id":"{{{kept.Id}}}","tracking":{"note":"seen"}}""");
        await f.RunOnceAsync($$$"""{"action":"update","request_id":"u2","id":"{{{doomed.Id}}}","tracking":{"note":"seen"}}""");
        await f.App.Get<ChangeDispatcher>().WhenIdleAsync(CancellationToken.None);
        Assert.Equal(2, (await ChangeEventApp.ReceiveAllAsync(queue)).Count);

        var complete = await f.RunOnceAsync($$$"""{"action":"mark_completed","request_id":"c1","id":"{{{kept.Id}}}","reason":"LOST"}""");
        var delete = await f.RunOnceAsync($$$"""{"action":"delete","request_id":"d1","id":"{{{doomed.Id}}}"}""");
        var again = await f.RunOnceAsync($$$"""{"action":"delete","request_id":"d1","id":"{{{doomed.Id}}}"}""", messageId: "m-2", dequeueCount: 2);

        Assert.Equal(CommandStatus.Succeeded, complete.Status);
        Assert.Equal(CommandStatus.Succeeded, delete.Status);
        Assert.Equal(CommandStatus.Succeeded, again.Status);
        await f.App.Get<ChangeDispatcher>().WhenIdleAsync(CancellationToken.None);
        var events = await ChangeEventApp.ReceiveAllAsync(queue);
        Assert.Equal(
            new[] { (kept.Id, ChangeEventTypes.Completed), (doomed.Id, ChangeEventTypes.Deleted) }.Order().ToArray(),
            events.Select(e => ((string)e["subject"]!, (string)e["type"]!)).Order().ToArray());
        Assert.All(events, e => Assert.Equal("000000000002", (string?)e["sequence"]));
        await queue.DeleteIfExistsAsync();
    }
}
