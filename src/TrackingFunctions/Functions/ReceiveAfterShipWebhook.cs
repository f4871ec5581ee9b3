using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using TrackingFunctions.Infrastructure;
using TrackingFunctions.Telemetry;
using TrackingFunctions.Webhooks;

namespace TrackingFunctions.Functions;

/// <summary>POST /api/webhooks/aftership: AfterShip's tracking updates. The HMAC signature is the authentication.</summary>
public sealed class ReceiveAfterShipWebhook(WebhookReceiver receiver, TrackingMetrics metrics)
{
    public const string SignatureHeader = "aftership-hmac-sha256";

    [Function(nameof(ReceiveAfterShipWebhook))]
    public async Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "webhooks/aftership")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var receipt = await receiver.ReceiveAsync(
            request.Body,
            request.ContentLength,
            request.Headers[SignatureHeader].FirstOrDefault(),
            request.Headers["as-webhook-version"].FirstOrDefault(),
            cancellationToken);
        metrics.Webhook(receipt);

        return receipt switch
        {
            WebhookReceipt.Stored or WebhookReceipt.StoredStale or WebhookReceipt.Duplicate or WebhookReceipt.Quarantined
                => new OkObjectResult(new { status = receipt.ToString() }),
            WebhookReceipt.Unauthorized => Problems.Create(StatusCodes.Status401Unauthorized, "Invalid signature", $"The {SignatureHeader} header is missing or does not match the body."),
            WebhookReceipt.TooLarge => Problems.Create(StatusCodes.Status413PayloadTooLarge, "Body too large", "The webhook body is over the configured size cap."),
            _ => Problems.Unavailable(request.HttpContext.Response, "The event could not be stored; retry later."),
        };
    }
}
