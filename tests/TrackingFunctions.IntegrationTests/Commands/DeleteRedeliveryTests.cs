using TrackingFunctions.Commands;

namespace TrackingFunctions.IntegrationTests.Commands;

/// <summary>
/// A delete whose answer was lost (timeout, crashed instance) is delivered again and then meets 4004: the tracking is
/// gone as asked, so the command succeeded.
/// </summary>
public sealed class DeleteRedeliveryTests
{
    private static string Number() => "TN" + Guid.NewGuid().ToString("N")[..12].ToUpperInvariant();

    private static string Delete(string requestId, string id) => $$$"""{"action":"delete","request_id":"{{{requestId}}}","id":"{{{id}}}"}""";

    [Fact]
    public async Task Redelivered_delete_whose_first_answer_was_lost_meets_4004_and_is_recorded_succeeded()
    {
        await using var f = await CommandFixture.StartAsync();
        var tracking = f.Simulator.AddTracking(Number(), "ups");

        // The first delivery reached AfterShip, which deleted the tracking, but its answer never came back: the
        // simulator answers the DELETE only after the client's attempt and total timeouts have given up.
        f.Simulator.Faults.AddedLatency = TimeSpan.FromSeconds(5);
        await using (var impatient = await Harness.TestApp.StartAsync(
            f.Simulator.BaseUrl,
            new Dictionary<string, string?> { ["AfterShip:MaxRetryAttempts"] = "0", ["AfterShip:AttemptTimeout"] = "00:00:01", ["AfterShip:TotalTimeout"] = "00:00:01" }))
        {
            await Assert.ThrowsAnyAsync<Exception>(() => impatient.Get<TrackingCommandProcessor>().ProcessAsync(
                System.Text.Encoding.UTF8.GetBytes(Delete("req-del-lost", tracking.Id)), "m-1", 1, CancellationToken.None));
        }

        f.Simulator.Faults.Reset();
        Assert.Null(f.Simulator.FindTracking(tracking.Id));

        var outcome = await f.RunOnceAsync(Delete("req-del-lost", tracking.Id), dequeueCount: 2);

        Assert.Equal(CommandStatus.Succeeded, outcome.Status);
        Assert.Equal(tracking.Id, outcome.TrackingId);
        Assert.Equal(404, f.Simulator.Requests.Last(r => r.Endpoint == "DELETE /trackings/{id}").StatusCode);
        Assert.Equal(CommandStatus.Succeeded, (await f.OutcomeAsync("req-del-lost"))!.Status);
    }

    [Fact]
    public async Task First_delivery_of_a_delete_for_an_unknown_id_still_fails_with_4004()
    {
        await using var f = await CommandFixture.StartAsync();

        var outcome = await f.RunOnceAsync(Delete("req-del-unknown", "00000000000000000000000000000000"));

        Assert.Equal(CommandStatus.Failed, outcome.Status);
        Assert.Equal(4004, outcome.AfterShipCode);
    }
}
