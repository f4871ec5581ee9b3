using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using TrackingFunctions.Infrastructure;
using TrackingFunctions.Subscriptions;

namespace TrackingFunctions.Functions;

/// <summary>
/// /api/ops/subscriptions/{id}/…: rotate the secret, enable again, read the deliveries log, replay a time window.
/// Admin key only.
/// </summary>
public sealed class SubscriptionOperationsApi(SubscriptionAdmin admin, WebhookLog log, DeliveryLogReader deliveries, SubscriptionReplayer replayer)
{
    private const string Route = SubscriptionsApi.Route + "/{id}";
    private const int DefaultLimit = 50;
    private const int MaxLimit = 500;

    [Function("RotateSubscriptionSecret")]
    public Task<IActionResult> RotateSecretAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "post", Route = Route + "/rotate-secret")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
        => Problems.WhenStorageAvailableAsync(request, async () =>
            SubscriptionBodies.IsId(id) && await admin.RotateSecretAsync(id, cancellationToken) is { } rotated
                ? ApiJson.Ok(SubscriptionResponse.From(rotated, showSecret: true))
                : SubscriptionBodies.NotFound(id));

    [Function("EnableSubscription")]
    public Task<IActionResult> EnableAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "post", Route = Route + "/enable")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
        => Problems.WhenStorageAvailableAsync(request, async () =>
            SubscriptionBodies.IsId(id) && await admin.EnableAsync(id, cancellationToken) is { } enabled
                ? ApiJson.Ok(SubscriptionResponse.From(enabled, showSecret: false))
                : SubscriptionBodies.NotFound(id));

    [Function("ListSubscriptionDeliveries")]
    public async Task<IActionResult> ListDeliveriesAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "get", Route = Route + "/deliveries")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var limit = DefaultLimit;
        if (request.Query["limit"].FirstOrDefault() is { } text && (!int.TryParse(text, out limit) || limit is < 1 or > MaxLimit))
        {
            return Problems.BadRequest($"limit must be a whole number from 1 to {MaxLimit}.");
        }

        DeliveryLogCursor? after = null;
        if (request.Query.TryGetValue("continuation", out var token) && !string.IsNullOrEmpty(token))
        {
            after = deliveries.ReadToken(id, token!);
            if (after is null)
            {
                return Problems.BadRequest("continuation is not a token this API returned for this subscription.");
            }
        }

        return await Problems.WhenStorageAvailableAsync(request, async () =>
        {
            if (!SubscriptionBodies.IsId(id) || await admin.FindAsync(id, cancellationToken) is null)
            {
                return SubscriptionBodies.NotFound(id);
            }

            var page = await deliveries.ReadAsync(id, limit, after, cancellationToken);
            return ApiJson.Ok(new { page.Attempts, ContinuationToken = page.Next?.ToToken() });
        });
    }

    [Function("ReplaySubscription")]
    public async Task<IActionResult> ReplayAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "post", Route = Route + "/replay")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (await SubscriptionBodies.ReadAsync(request, cancellationToken) is not { } body)
        {
            return Problems.Create(StatusCodes.Status413PayloadTooLarge, "Body too large", $"The body may be at most {SubscriptionRequest.MaxBodyBytes} bytes.");
        }

        if (ReplayWindow.Parse(body, log.OldestKept, log.Now, out var error) is not { } window)
        {
            return Problems.BadRequest(error!);
        }

        return await Problems.WhenStorageAvailableAsync(request, async () =>
        {
            if (!SubscriptionBodies.IsId(id) || await admin.FindAsync(id, cancellationToken) is not { } subscription)
            {
                return SubscriptionBodies.NotFound(id);
            }

            if (!subscription.Enabled)
            {
                return Problems.Create(StatusCodes.Status409Conflict, "Subscription disabled", $"Enable it first (POST /api/{SubscriptionsApi.Route}/{id}/enable).");
            }

            var queued = await replayer.ReplayAsync(subscription, window.Since, window.Until, cancellationToken);
            return new JsonResult(new { Events = queued, window.Since, window.Until }, ApiJson.Options) { StatusCode = StatusCodes.Status202Accepted };
        });
    }
}
