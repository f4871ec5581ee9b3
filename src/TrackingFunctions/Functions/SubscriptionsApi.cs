using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using TrackingFunctions.Infrastructure;
using TrackingFunctions.Subscriptions;

namespace TrackingFunctions.Functions;

/// <summary>
/// /api/ops/subscriptions: register, list, read and remove receivers of signed webhooks. Admin key only: a
/// subscription receives every change event it asks for.
/// </summary>
public sealed class SubscriptionsApi(SubscriptionAdmin admin)
{
    internal const string Route = "ops/subscriptions";

    [Function("CreateSubscription")]
    public async Task<IActionResult> CreateAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "post", Route = Route)] HttpRequest request,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (await SubscriptionBodies.ReadAsync(request, cancellationToken) is not { } body)
        {
            return Problems.Create(StatusCodes.Status413PayloadTooLarge, "Body too large", $"The body may be at most {SubscriptionRequest.MaxBodyBytes} bytes.");
        }

        if (SubscriptionRequest.Parse(body, out var error) is not { } parsed)
        {
            return Problems.BadRequest(error!);
        }

        return await Problems.WhenStorageAvailableAsync(request, async () =>
        {
            var (created, refused) = await admin.CreateAsync(parsed.Url, parsed.EventTypes, parsed.Description, cancellationToken);
            if (created is null)
            {
                return Problems.BadRequest(refused!);
            }

            request.HttpContext.Response.Headers.Location = $"/api/{Route}/{created.Id}";
            return new JsonResult(SubscriptionResponse.From(created, showSecret: true), ApiJson.Options) { StatusCode = StatusCodes.Status201Created };
        });
    }

    [Function("ListSubscriptions")]
    public Task<IActionResult> ListAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "get", Route = Route)] HttpRequest request,
        CancellationToken cancellationToken)
        => Problems.WhenStorageAvailableAsync(request, async () =>
            ApiJson.Ok(new { Subscriptions = (await admin.ListAsync(cancellationToken)).Select(s => SubscriptionResponse.From(s, showSecret: false)) }));

    [Function("GetSubscription")]
    public Task<IActionResult> GetAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "get", Route = Route + "/{id}")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
        => Problems.WhenStorageAvailableAsync(request, async () =>
            SubscriptionBodies.IsId(id) && await admin.FindAsync(id, cancellationToken) is { } found
                ? ApiJson.Ok(SubscriptionResponse.From(found, showSecret: false))
                : SubscriptionBodies.NotFound(id));

    [Function("DeleteSubscription")]
    public Task<IActionResult> DeleteAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "delete", Route = Route + "/{id}")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
        => Problems.WhenStorageAvailableAsync(request, async () =>
            SubscriptionBodies.IsId(id) && await admin.DeleteAsync(id, cancellationToken)
                ? new NoContentResult()
                : SubscriptionBodies.NotFound(id));
}
