using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using TrackingFunctions.Commands;
using TrackingFunctions.Functions;
using TrackingFunctions.IntegrationTests.Harness;
using TrackingFunctions.Storage;

namespace TrackingFunctions.IntegrationTests.Commands;

public sealed class TrackingCommandTests
{
    private static string Create(string requestId, string number, string slug = "ups", string extra = "")
        => $$$"""{"action":"create","request_id":"{{{requestId}}}","tracking":{"tracking_number":"{{{number}}}","slug":"{{{slug}}}","title":"Order 42"{{{extra}}}}}""";

    private static string Number() => "TN" + Guid.NewGuid().ToString("N")[..12].ToUpperInvariant();

    [Fact]
    public async Task Create_from_the_queue_calls_AfterShip_once_stores_the_tracking_and_records_success()
    {
        await using var f = await CommandFixture.StartAsync();
        var number = Number();
        await f.Queues.SendAsync(Create("req-create", number, extra: ",\"custom_fields\":{\"erp\":\"A1\"},\"field_from_the_future\":[1,2]"));

        await f.Host.DrainAsync();

        var outcome = await f.OutcomeAsync("req-create");
        Assert.Equal(CommandStatus.Succeeded, outcome!.Status);
        var post = Assert.Single(f.Simulator.Requests, r => r.Endpoint == "POST /trackings");
        Assert.Contains("field_from_the_future", post.Body, StringComparison.Ordinal);
        Assert.Contains("\"erp\":\"A1\"", post.Body, StringComparison.Ordinal);
        var state = await f.App.Get<ITrackingStore>().GetAsync(outcome.TrackingId!, CancellationToken.None);
        Assert.Equal(TrackingSource.Command, state!.Source);
        Assert.Equal(number, state.TrackingNumber);
        Assert.Equal(0, await f.Queues.QueueCountAsync());
    }

    [Fact]
    public async Task Base64_encoded_message_is_detected_and_decoded()
    {
        await using var f = await CommandFixture.StartAsync();
        await f.Queues.SendBase64Async(Create("req-b64", Number()));

        await f.Host.DrainAsync();

        Assert.Equal(CommandStatus.Succeeded, (await f.OutcomeAsync("req-b64"))!.Status);
    }

    [Fact]
    public async Task Message_with_a_utf8_byte_order_mark_is_read()
    {
        await using var f = await CommandFixture.StartAsync();

        var outcome = await f.App.Get<TrackingCommandProcessor>().ProcessAsync(
            new byte[] { 0xEF, 0xBB, 0xBF }.Concat(System.Text.Encoding.UTF8.GetBytes(Create("req-bom", Number()))).ToArray(), "m-bom", 1, CancellationToken.None);

        Assert.Equal(CommandStatus.Succeeded, outcome.Status);
    }

    [Fact]
    public async Task Message_without_request_id_is_recorded_under_its_queue_message_id()
    {
        await using var f = await CommandFixture.StartAsync();

        var outcome = await f.RunOnceAsync($$$"""{"action":"create","tracking":{"tracking_number":"{{{Number()}}}"}}""", messageId: "queue-msg-7");

        Assert.Equal("queue-msg-7", outcome.RequestId);
        Assert.Equal(CommandStatus.Succeeded, (await f.OutcomeAsync("queue-msg-7"))!.Status);
    }

    [Fact]
    public async Task Create_of_an_existing_tracking_succeeds_with_the_existing_one()
    {
        await using var f = await CommandFixture.StartAsync();
        var number = Number();
        var existing = f.Simulator.AddTracking(number, "ups");

        var outcome = await f.RunOnceAsync(Create("req-dup", number));

        Assert.Equal(CommandStatus.Succeeded, outcome.Status);
        Assert.Equal(existing.Id, outcome.TrackingId);
    }

    [Fact]
    public async Task Redelivered_message_that_already_succeeded_makes_no_second_AfterShip_call()
    {
        await using var f = await CommandFixture.StartAsync();
        var json = Create("req-twice", Number());
        await f.RunOnceAsync(json);
        var calls = f.Simulator.Requests.Count;

        var second = await f.RunOnceAsync(json, dequeueCount: 2);

        Assert.Equal(CommandStatus.Succeeded, second.Status);
        Assert.Equal(calls, f.Simulator.Requests.Count);
    }

    [Fact]
    public async Task Update_by_id_and_by_slug_and_number_reach_the_same_tracking()
    {
        await using var f = await CommandFixture.StartAsync();
        var number = Number();
        var tracking = f.Simulator.AddTracking(number, "dhl");

        var byId = await f.RunOnceAsync($$$"""{"action":"update","request_id":"u1","id":"{{{tracking.Id}}}","tracking":{"title":"By id","note_from_the_future":"x"}}""");
        var byNumber = await f.RunOnceAsync($$$"""{"action":"update","request_id":"u2","slug":"dhl","tracking_number":"{{{number}}}","tracking":{"title":"By number"}}""");

        Assert.Equal(CommandStatus.Succeeded, byId.Status);
        Assert.Equal(CommandStatus.Succeeded, byNumber.Status);
        Assert.Equal(tracking.Id, byNumber.TrackingId);
        Assert.Contains(f.Simulator.Requests, r => r.Endpoint == "PUT /trackings/{id}" && r.Body!.Contains("note_from_the_future", StringComparison.Ordinal));
        Assert.Equal("By number", f.Simulator.FindTracking(tracking.Id)!.ToJson()["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task Retrack_mark_completed_and_delete_are_carried_out()
    {
        await using var f = await CommandFixture.StartAsync();
        var inactive = f.Simulator.AddTracking(Number(), "ups", customize: t => t["active"] = false);
        var active = f.Simulator.AddTracking(Number(), "ups");
        var doomed = f.Simulator.AddTracking(Number(), "ups");

        var retrack = await f.RunOnceAsync($$$"""{"action":"retrack","request_id":"r1","id":"{{{inactive.Id}}}"}""");
        var complete = await f.RunOnceAsync($$$"""{"action":"mark_completed","request_id":"r2","id":"{{{active.Id}}}","reason":"LOST"}""");
        var delete = await f.RunOnceAsync($$$"""{"action":"delete","request_id":"r3","id":"{{{doomed.Id}}}"}""");

        Assert.Equal(CommandStatus.Succeeded, retrack.Status);
        Assert.Equal(CommandStatus.Succeeded, complete.Status);
        Assert.Equal(CommandStatus.Succeeded, delete.Status);
        Assert.Equal("Exception", (await f.App.Get<ITrackingStore>().GetAsync(active.Id, CancellationToken.None))!.Tag);
        Assert.Null(f.Simulator.FindTracking(doomed.Id));
    }

    [Fact]
    public async Task Retrack_of_a_tracking_that_is_already_active_succeeds_with_its_current_state()
    {
        await using var f = await CommandFixture.StartAsync();
        var active = f.Simulator.AddTracking(Number(), "ups");

        var outcome = await f.RunOnceAsync($$$"""{"action":"retrack","request_id":"r-active","id":"{{{active.Id}}}"}""");

        Assert.Equal(CommandStatus.Succeeded, outcome.Status);
        Assert.Equal(active.Id, outcome.TrackingId);
        Assert.Equal(400, f.Simulator.Requests.Single(r => r.Endpoint == "POST /trackings/{id}/retrack").StatusCode);
        Assert.Single(f.Simulator.Requests, r => r.Endpoint == "GET /trackings/{id}");
        Assert.NotNull(await f.App.Get<ITrackingStore>().GetAsync(active.Id, CancellationToken.None));
    }

    [Theory]
    [InlineData("this is not json", "not valid JSON")]
    [InlineData("[1,2]", "JSON object")]
    [InlineData("""{"action":"explode","request_id":"p1"}""", "action must be one of")]
    [InlineData("""{"action":"create","request_id":"p1"}""", "tracking object")]
    [InlineData("""{"action":"create","request_id":"p1","tracking":{"slug":"ups"}}""", "tracking_number")]
    [InlineData("""{"action":"update","request_id":"p1","tracking":{"title":"x"}}""", "\"id\"")]
    [InlineData("""{"action":"update","request_id":"p1","id":"abc"}""", "at least one field")]
    [InlineData("""{"action":"mark_completed","request_id":"p1","id":"abc","reason":"BORED"}""", "reason")]
    [InlineData("""{"action":"create","request_id":"p1","tracking":{"tracking_number":"no spaces allowed!"}}""", "AfterShip refused")]
    [InlineData("""{"action":"update","request_id":"p1","id":"00000000000000000000000000000000","tracking":{"title":"x"}}""", "4004")]
    [InlineData("""{"action":"update","request_id":"p1","slug":"ups","tracking_number":"UNKNOWN123","tracking":{"title":"x"}}""", "4004")]
    public async Task Permanent_failure_is_recorded_with_a_reason_and_not_retried(string json, string reasonContains)
    {
        await using var f = await CommandFixture.StartAsync();
        await f.Queues.SendAsync(json);

        await f.Host.DrainAsync();

        // The bad input itself must never make the message fail; only a storage hiccup may (and is then retried).
        Assert.All(f.Host.Errors, e => Assert.Contains(nameof(StorageUnavailableException), e, StringComparison.Ordinal));
        Assert.Equal(1 + f.Host.Failures, f.Host.Invocations);
        Assert.Equal(0, await f.Queues.PoisonCountAsync());
        var message = json.Contains("p1", StringComparison.Ordinal) ? "p1" : null;
        var outcome = message is null ? null : await f.OutcomeAsync(message);
        if (outcome is not null)
        {
            Assert.Equal(CommandStatus.Failed, outcome.Status);
            Assert.Contains(reasonContains, outcome.Reason, StringComparison.Ordinal);
        }
        else
        {
            // No request id could be read: the outcome is filed under the queue message id.
            var logs = f.App.Logs.GetSnapshot();
            Assert.True(
                logs.Any(r => r.Message.Contains(reasonContains, StringComparison.Ordinal)),
                $"No log says '{reasonContains}'. Host errors: [{string.Join("; ", f.Host.Errors)}]. Logs: [{string.Join("; ", logs.Select(r => r.Message))}]");
        }
    }

    [Theory]
    [InlineData(429)]
    [InlineData(500)]
    [InlineData(503)]
    public async Task Transient_AfterShip_failure_then_success_ends_succeeded(int status)
    {
        await using var f = await CommandFixture.StartAsync();
        f.Simulator.Faults.FailNext(2, status, "POST /trackings");
        await f.Queues.SendAsync(Create("req-transient", Number()));

        await f.Host.DrainAsync();

        Assert.Equal(CommandStatus.Succeeded, (await f.OutcomeAsync("req-transient"))!.Status);
        Assert.Equal(3, f.Simulator.Requests.Count(r => r.Endpoint == "POST /trackings"));
    }

    [Fact]
    public async Task Failure_outlasting_the_client_retries_is_retried_by_the_queue_then_succeeds()
    {
        await using var f = await CommandFixture.StartAsync(new Dictionary<string, string?> { ["AfterShip:MaxRetryAttempts"] = "0" });
        f.Simulator.Faults.FailNext(2, 503, "POST /trackings");
        await f.Queues.SendAsync(Create("req-queue-retry", Number()));

        await f.Host.DrainAsync();

        Assert.Equal(2, f.Host.Failures);
        Assert.Equal(CommandStatus.Succeeded, (await f.OutcomeAsync("req-queue-retry"))!.Status);
        Assert.Equal(0, await f.Queues.PoisonCountAsync());
    }

    [Fact]
    public async Task Message_that_never_succeeds_is_poisoned_then_drained_into_dead_letters()
    {
        await using var f = await CommandFixture.StartAsync(new Dictionary<string, string?> { ["AfterShip:MaxRetryAttempts"] = "0" });
        f.Simulator.Faults.FailNext(100, 503, "POST /trackings");
        await f.Queues.SendAsync(Create("req-poison", Number()));

        await f.Host.DrainAsync();
        Assert.Equal(CommandStatus.Retrying, (await f.OutcomeAsync("req-poison"))!.Status);
        Assert.Equal(1, f.Host.Poisoned);
        await f.PoisonHost.DrainAsync();

        Assert.Equal(5, f.Host.Invocations);
        Assert.Equal(CommandStatus.DeadLettered, (await f.OutcomeAsync("req-poison"))!.Status);
        Assert.Equal(0, await f.Queues.PoisonCountAsync());
        var deadLetters = await f.App.Get<TrackingTables>().GetAsync(TableNames.DeadLetters, CancellationToken.None);
        var row = Assert.Single(deadLetters.Query<Azure.Data.Tables.TableEntity>().ToList());
        Assert.Equal("req-poison", row.GetString("RequestId"));
        Assert.Contains(f.App.Logs.GetSnapshot(), r => r.Level == Microsoft.Extensions.Logging.LogLevel.Error && r.Message.Contains("dead-lettered", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Outcome_api_returns_the_recorded_outcome_or_a_404_problem()
    {
        await using var f = await CommandFixture.StartAsync();
        await f.RunOnceAsync(Create("req-api", Number()));
        var api = f.App.Create<CommandsApi>();

        var found = Assert.IsType<JsonResult>(await api.GetAsync(HttpRequests.Get(), "req-api", CancellationToken.None));
        var missing = Assert.IsType<ObjectResult>(await api.GetAsync(HttpRequests.Get(), "nope", CancellationToken.None));

        var json = JsonSerializer.Serialize(found.Value, (JsonSerializerOptions)found.SerializerSettings!);
        Assert.Equal("succeeded", JsonNode.Parse(json)!["status"]!.GetValue<string>());
        Assert.Equal(404, missing.StatusCode);
        Assert.IsType<ProblemDetails>(missing.Value);
    }
}
