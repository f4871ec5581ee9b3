using System.Text;
using AfterShip.Simulator;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using TrackingFunctions.AfterShip.Errors;
using TrackingFunctions.AfterShip.Models;
using TrackingFunctions.IntegrationTests.Harness;

namespace TrackingFunctions.IntegrationTests.AfterShip;

/// <summary>The API key never reaches a log record, at any level, on any path (success, retry, failure).</summary>
public sealed class ClientSecretsTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    /// <summary>Everything a log sink could write for a record: message, state, scopes, exception.</summary>
    private static string Everything(FakeLogRecord record)
    {
        var text = new StringBuilder()
            .AppendLine(record.Category)
            .AppendLine(record.Message)
            .AppendLine(record.Exception?.ToString());
        foreach (var (key, value) in record.StructuredState ?? [])
        {
            text.Append(key).Append('=').AppendLine(value);
        }

        foreach (var scope in record.Scopes)
        {
            text.AppendLine(scope?.ToString());
        }

        return text.ToString();
    }

    private static async Task<ClientHarness> MakeSomeCallsAsync()
    {
        var h = await ClientHarness.StartAsync();
        var seeded = h.Simulator.AddTracking(ClientHarness.NewNumber(), "ups");
        h.Simulator.Faults.FailNext(1, 503, EndpointKeys.GetTracking);
        await h.Client.GetTrackingAsync(seeded.Id, None);
        await h.Client.CreateTrackingAsync(new CreateTrackingRequest { TrackingNumber = ClientHarness.NewNumber(), Slug = "ups" }, None);
        await h.Client.FindTrackingAsync(seeded.TrackingNumber, "ups", None);
        await Assert.ThrowsAsync<AfterShipNotFoundException>(() => h.Client.DeleteTrackingAsync("0123456789abcdef0123456789abcdef", None));
        return h;
    }

    [Fact]
    public async Task No_log_record_contains_the_api_key_after_calls_including_a_retried_and_a_failed_one()
    {
        await using var h = await MakeSomeCallsAsync();

        var records = h.App.Logs.GetSnapshot();

        // The capture must be seeing the client's own logs (here its retry warning), or the absence below proves nothing.
        Assert.Contains(records, r => r.Level == LogLevel.Warning && r.Message.Contains("retry 1", StringComparison.Ordinal));
        Assert.Equal(5, h.Simulator.Requests.Count);
        Assert.All(h.Simulator.Requests, r => Assert.True(r.HadValidApiKey));
        Assert.All(records, r => Assert.DoesNotContain(TestApp.ApiKey, Everything(r), StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_HTTP_client_logs_no_headers_and_no_urls()
    {
        await using var h = await MakeSomeCallsAsync();

        var records = h.App.Logs.GetSnapshot();

        // Tracking numbers travel in list URLs and the key in a header: neither belongs in a log.
        Assert.DoesNotContain(records, r => r.Category?.StartsWith("System.Net.Http.HttpClient", StringComparison.Ordinal) == true);
        Assert.All(records, r => Assert.DoesNotContain("as-api-key", Everything(r), StringComparison.OrdinalIgnoreCase));
        Assert.All(records, r => Assert.DoesNotContain("tracking_numbers=", Everything(r), StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_rejected_key_is_not_repeated_in_the_exception()
    {
        await using var h = await ClientHarness.StartAsync();
        h.SimulatorOptions.ApiKey = "the-key-was-rotated";

        var ex = await Assert.ThrowsAsync<AfterShipApiException>(() => h.Client.GetTrackingAsync("0123456789abcdef0123456789abcdef", None));

        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, ex.StatusCode);
        Assert.DoesNotContain(TestApp.ApiKey, ex.ToString(), StringComparison.Ordinal);
        Assert.All(h.App.Logs.GetSnapshot(), r => Assert.DoesNotContain(TestApp.ApiKey, Everything(r), StringComparison.Ordinal));
    }
}
