using System.Buffers;
using Azure;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TrackingFunctions.Storage;

namespace TrackingFunctions.Webhooks;

/// <summary>
/// Verifies and stores one AfterShip webhook delivery. Every outcome it returns is final: nothing is acknowledged
/// before it is durably stored, and nothing is stored unless the signature matched.
/// </summary>
public sealed partial class WebhookReceiver(
    WebhookSignatureVerifier verifier,
    ITrackingStore store,
    WebhookQuarantine quarantine,
    IOptions<WebhookOptions> options,
    TimeProvider timeProvider,
    ILogger<WebhookReceiver> logger)
{
    public async Task<WebhookReceipt> ReceiveAsync(Stream body, long? contentLength, string? signature, string? webhookVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        var cap = options.Value.MaxBodyBytes;
        if (contentLength > cap)
        {
            LogTooLarge(logger, contentLength.Value, cap);
            return WebhookReceipt.TooLarge;
        }

        var raw = await ReadCappedAsync(body, cap, cancellationToken);
        if (raw is null)
        {
            LogTooLarge(logger, null, cap);
            return WebhookReceipt.TooLarge;
        }

        var secretIndex = verifier.Verify(raw, signature);
        if (secretIndex < 0)
        {
            LogBadSignature(logger, raw.Length, signature is null ? "missing" : "invalid");
            return WebhookReceipt.Unauthorized;
        }

        try
        {
            var envelope = WebhookEnvelope.TryParse(raw, out var reason);
            if (envelope is null)
            {
                return await QuarantineAsync(raw, reason!, webhookVersion, cancellationToken);
            }

            var record = new WebhookEventRecord(envelope.EventId, envelope.EventType, envelope.Ts, timeProvider.GetUtcNow(), envelope.IsTrackingFirstTag, raw);
            var result = await store.ApplyAsync(envelope.Tracking, TrackingSource.Webhook, record, cancellationToken);
            LogStored(logger, envelope.EventId, envelope.EventType, envelope.Tracking.Id!, result.Outcome, secretIndex);
            return result.Outcome switch
            {
                ApplyOutcome.Applied => WebhookReceipt.Stored,
                ApplyOutcome.Stale => WebhookReceipt.StoredStale,
                _ => WebhookReceipt.Duplicate,
            };
        }
        catch (PayloadTooLargeException ex)
        {
            LogTooLarge(logger, ex.Length, PayloadColumns.MaxCompressedBytes);
            return WebhookReceipt.TooLarge;
        }
        catch (RequestFailedException ex) when (ex.Status is >= 400 and < 500)
        {
            // Storage refused the entity itself (a value over a table limit nobody foresaw). Retrying cannot help,
            // so keep the verified body where someone can look at it instead of answering 500 for 68 hours.
            return await QuarantineAsync(raw, $"Table storage refused the event ({ex.Status} {ex.ErrorCode}).", webhookVersion, cancellationToken);
        }
        catch (StorageUnavailableException ex)
        {
            LogStorageDown(logger, ex);
            return WebhookReceipt.StorageUnavailable;
        }
    }

    private async Task<WebhookReceipt> QuarantineAsync(byte[] raw, string reason, string? webhookVersion, CancellationToken cancellationToken)
    {
        try
        {
            await quarantine.StoreAsync(raw, reason, webhookVersion, cancellationToken);
        }
        catch (StorageUnavailableException ex)
        {
            LogStorageDown(logger, ex);
            return WebhookReceipt.StorageUnavailable;
        }

        LogQuarantined(logger, raw.Length, reason);
        return WebhookReceipt.Quarantined;
    }

    /// <summary>Reads at most <paramref name="cap"/> bytes; null as soon as the body proves longer.</summary>
    private static async Task<byte[]?> ReadCappedAsync(Stream body, int cap, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Min(cap + 1, 81920));
        try
        {
            using var collected = new MemoryStream();
            int read;
            while ((read = await body.ReadAsync(buffer.AsMemory(0, Math.Min(buffer.Length, cap + 1 - (int)collected.Length)), cancellationToken)) > 0)
            {
                collected.Write(buffer, 0, read);
                if (collected.Length > cap)
                {
                    return null;
                }
            }

            return collected.ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook refused: body of {Length} bytes is over the {Cap}-byte cap")]
    private static partial void LogTooLarge(ILogger logger, long? length, int cap);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook refused: {SignatureState} signature on a {Length}-byte body")]
    private static partial void LogBadSignature(ILogger logger, int length, string signatureState);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook quarantined ({Length} bytes): {Reason}")]
    private static partial void LogQuarantined(ILogger logger, int length, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook {EventId} ({EventType}) for tracking {TrackingId}: {Outcome} (secret #{SecretIndex})")]
    private static partial void LogStored(ILogger logger, string eventId, string? eventType, string trackingId, ApplyOutcome outcome, int secretIndex);

    [LoggerMessage(Level = LogLevel.Error, Message = "Webhook not stored: table storage unavailable; answering 503 so AfterShip retries")]
    private static partial void LogStorageDown(ILogger logger, Exception exception);
}
