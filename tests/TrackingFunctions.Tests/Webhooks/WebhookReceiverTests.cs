using System.Text;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Moq;
using TrackingFunctions.AfterShip.Models;
using TrackingFunctions.Storage;
using TrackingFunctions.Webhooks;

namespace TrackingFunctions.Tests.Webhooks;

public sealed class WebhookReceiverTests
{
    private const string Secret = "unit-secret";
    private readonly Mock<ITrackingStore> _store = new(MockBehavior.Strict);
    private readonly WebhookOptions _options = new() { MaxBodyBytes = 2048 };

    private WebhookReceiver Receiver()
    {
        _options.Secrets.Add(Secret);
        var tables = new TrackingTables(new TableServiceClient("UseDevelopmentStorage=true"), Options.Create(new TrackingStorageOptions()));
        var time = new FakeTimeProvider();
        return new WebhookReceiver(
            new WebhookSignatureVerifier(Options.Create(_options)),
            _store.Object,
            new WebhookQuarantine(tables, time),
            Options.Create(_options),
            time,
            NullLogger<WebhookReceiver>.Instance);
    }

    private static byte[] Body() => Encoding.UTF8.GetBytes("""{"event":"tracking_update","event_id":"e1","msg":{"id":"t1","updated_at":"2026-11-01T00:00:00Z"}}""");

    [Fact]
    public async Task Storage_failure_is_reported_as_unavailable_not_thrown()
    {
        var receiver = Receiver();
        _store.Setup(s => s.ApplyAsync(It.IsAny<Tracking>(), TrackingSource.Webhook, It.IsAny<WebhookEventRecord>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new StorageUnavailableException("down"));
        var body = Body();

        var receipt = await receiver.ReceiveAsync(new MemoryStream(body), body.Length, WebhookSignatureVerifier.Sign(body, Secret), null, CancellationToken.None);

        Assert.Equal(WebhookReceipt.StorageUnavailable, receipt);
    }

    [Fact]
    public async Task Declared_length_over_the_cap_is_refused_without_reading_the_body()
    {
        var receiver = Receiver();
        var body = new Mock<Stream>(MockBehavior.Strict);

        var receipt = await receiver.ReceiveAsync(body.Object, 2049, "sig", null, CancellationToken.None);

        Assert.Equal(WebhookReceipt.TooLarge, receipt);
    }

    [Fact]
    public async Task Bad_signature_never_reaches_the_store()
    {
        var receiver = Receiver();
        var body = Body();

        var receipt = await receiver.ReceiveAsync(new MemoryStream(body), body.Length, WebhookSignatureVerifier.Sign(body, "wrong"), null, CancellationToken.None);

        Assert.Equal(WebhookReceipt.Unauthorized, receipt);
        _store.VerifyNoOtherCalls();
    }

    [Theory]
    [InlineData(ApplyOutcome.Applied, WebhookReceipt.Stored)]
    [InlineData(ApplyOutcome.Stale, WebhookReceipt.StoredStale)]
    [InlineData(ApplyOutcome.Duplicate, WebhookReceipt.Duplicate)]
    public async Task Store_outcome_maps_to_the_receipt(ApplyOutcome outcome, WebhookReceipt expected)
    {
        var receiver = Receiver();
        _store.Setup(s => s.ApplyAsync(It.Is<Tracking>(t => t.Id == "t1"), TrackingSource.Webhook, It.Is<WebhookEventRecord>(r => r.EventId == "e1"), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new ApplyResult(outcome, outcome == ApplyOutcome.Applied, null));
        var body = Body();

        var receipt = await receiver.ReceiveAsync(new MemoryStream(body), body.Length, WebhookSignatureVerifier.Sign(body, Secret), null, CancellationToken.None);

        Assert.Equal(expected, receipt);
    }
}
