using Azure.Data.Tables;
using Microsoft.AspNetCore.Mvc;
using TrackingFunctions.Commands;
using TrackingFunctions.Functions;
using TrackingFunctions.IntegrationTests.Commands;
using TrackingFunctions.IntegrationTests.Harness;
using TrackingFunctions.Storage;
using Xunit.Abstractions;

namespace TrackingFunctions.IntegrationTests.Faults;

/// <summary>
/// Runs the whole bad-input corpus through the real functions: every case must get its clear answer (a status
/// with a problem body, or a recorded failure), none an unhandled exception or a 500. Figures are printed.
/// </summary>
public sealed class BadInputTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Every_unreadable_signed_webhook_body_is_quarantined_with_a_200()
    {
        await using var app = await TestApp.StartAsync();
        var cases = BadInputCorpus.UnreadableWebhookBodies().ToList();

        var failures = await PostAllAsync(app, cases.Select(c => (c.Name, c.Body, (string?)WebhookBodies.Sign(c.Body))), expectedStatus: 200);

        var quarantine = await app.Get<TrackingTables>().GetAsync(TableNames.WebhookQuarantine, CancellationToken.None);
        var quarantined = quarantine.Query<TableEntity>().Count();
        output.WriteLine($"unreadable webhook bodies: {cases.Count} sent, {quarantined} quarantined, {failures.Count} wrong answers");
        Assert.Empty(failures);
        Assert.Equal(cases.Select(c => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(c.Body))).Distinct().Count(), quarantined);
    }

    [Fact]
    public async Task Every_odd_but_valid_signed_webhook_is_stored_with_a_200()
    {
        await using var app = await TestApp.StartAsync();
        var cases = BadInputCorpus.OddButValidWebhookBodies().ToList();

        var failures = await PostAllAsync(app, cases.Select(c => (c.Name, c.Body, (string?)WebhookBodies.Sign(c.Body))), expectedStatus: 200);

        var quarantine = await app.Get<TrackingTables>().GetAsync(TableNames.WebhookQuarantine, CancellationToken.None);
        output.WriteLine($"odd but valid webhook bodies: {cases.Count} sent, {failures.Count} wrong answers");
        Assert.Empty(failures);
        Assert.Empty(quarantine.Query<TableEntity>().Select(e => e.GetString("Reason")));
        Assert.NotNull(await app.Get<ITrackingStore>().GetAsync("odd/9#?\\\u0001", CancellationToken.None));
    }

    [Fact]
    public async Task Every_bad_signature_header_is_a_401_problem()
    {
        await using var app = await TestApp.StartAsync();
        var body = WebhookBodies.Event(WebhookBodies.Tracking(Guid.NewGuid().ToString("N")));
        var cases = BadInputCorpus.BadSignatureHeaders().ToList();

        var failures = await PostAllAsync(app, cases.Select(c => (c.Name, body, c.Header)), expectedStatus: 401);

        output.WriteLine($"bad signature headers: {cases.Count} sent, {failures.Count} wrong answers");
        Assert.Empty(failures);
    }

    [Fact]
    public async Task Every_bad_queue_message_is_recorded_as_failed_and_completes()
    {
        await using var f = await CommandFixture.StartAsync();
        var cases = BadInputCorpus.BadQueueMessages().ToList();

        var failures = await ProcessAllAsync(f, cases, "bad");

        output.WriteLine($"bad queue messages: {cases.Count} processed, {failures.Count} wrong answers, AfterShip calls: {f.Simulator.Requests.Count}");
        Assert.Empty(failures);
        Assert.Empty(f.Simulator.Requests);
    }

    [Fact]
    public async Task Every_command_AfterShip_refuses_is_recorded_with_AfterShips_reason_and_not_retried()
    {
        await using var f = await CommandFixture.StartAsync();
        var cases = BadInputCorpus.CommandsAfterShipRefuses().ToList();

        var failures = await ProcessAllAsync(f, cases, "refused");

        output.WriteLine($"commands AfterShip refuses: {cases.Count} processed, {failures.Count} wrong answers, 5xx/429 retries: {f.Simulator.Requests.Count(r => r.StatusCode >= 500 || r.StatusCode == 429)}");
        Assert.Empty(failures);
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("YSBi")]
    [InlineData("////")]
    [InlineData("eyJub3QiOiJhIHRva2VuIn0")]
    public async Task Read_api_answers_odd_ids_and_tokens_with_a_status_not_an_exception(string continuation)
    {
        await using var app = await TestApp.StartAsync();
        var api = app.Create<TrackingsApi>();

        var events = await api.ListEventsAsync(HttpRequests.Get("?continuation=" + continuation), "id/with#odd?chars", CancellationToken.None);
        var state = await api.GetAsync(HttpRequests.Get(), "id/with#odd?chars\u0001" + new string('x', 5000), CancellationToken.None);

        Assert.Contains(StatusOf(events), new int?[] { 200, 400 });
        Assert.Equal(404, StatusOf(state));
    }

    private static int? StatusOf(IActionResult result) => result switch
    {
        JsonResult json => json.StatusCode ?? 200,
        ObjectResult obj => obj.StatusCode,
        _ => null,
    };

    /// <summary>Every case must be recorded as failed with a reason, and nothing may throw.</summary>
    private async Task<List<string>> ProcessAllAsync(CommandFixture f, List<(string Name, byte[] Message)> cases, string idPrefix)
    {
        var failures = new List<string>();
        for (var i = 0; i < cases.Count; i++)
        {
            var (name, message) = cases[i];
            try
            {
                var outcome = await f.App.Get<TrackingCommandProcessor>().ProcessAsync(message, $"{idPrefix}-{i}", 1, CancellationToken.None);
                if (outcome.Status != CommandStatus.Failed || string.IsNullOrWhiteSpace(outcome.Reason))
                {
                    failures.Add($"{name}: {outcome.Status} ({outcome.Reason})");
                }
                else
                {
                    output.WriteLine($"  {name}: {outcome.Reason}");
                }
            }
            catch (Exception ex)
            {
                failures.Add($"{name}: threw {ex.GetType().Name}: {ex.Message}");
            }
        }

        return failures;
    }

    /// <summary>Every case must get <paramref name="expectedStatus"/> (a problem body when it is an error), and nothing may throw.</summary>
    private static async Task<List<string>> PostAllAsync(TestApp app, IEnumerable<(string Name, byte[] Body, string? Signature)> cases, int expectedStatus)
    {
        var failures = new List<string>();
        foreach (var (name, body, signature) in cases)
        {
            var status = await PostAsync(app, body, signature, failures, name);
            if (status is not null && status != expectedStatus)
            {
                failures.Add($"{name}: HTTP {status}");
            }
        }

        return failures;
    }

    private static async Task<int?> PostAsync(TestApp app, byte[] body, string? signature, List<string> failures, string name)
    {
        var headers = signature is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["aftership-hmac-sha256"] = signature };
        try
        {
            var result = await app.Create<ReceiveAfterShipWebhook>().RunAsync(HttpRequests.Post(body, headers), CancellationToken.None);
            var objectResult = Assert.IsAssignableFrom<ObjectResult>(result);
            if (objectResult.StatusCode is >= 400 && objectResult.Value is not ProblemDetails)
            {
                failures.Add($"{name}: HTTP {objectResult.StatusCode} without a problem body");
            }

            return objectResult.StatusCode ?? 200;
        }
        catch (Exception ex)
        {
            failures.Add($"{name}: threw {ex.GetType().Name}: {ex.Message[..Math.Min(ex.Message.Length, 200)]}");
            return null;
        }
    }
}
