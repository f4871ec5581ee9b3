using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using TrackingFunctions.Infrastructure;
using TrackingFunctions.Notifications;
using TrackingFunctions.Storage;

namespace TrackingFunctions.Functions;

/// <summary>
/// A tracking's milestone emails: their records, and a preview of any milestone's email without sending it.
/// Protected by a function key.
/// </summary>
public sealed class NotificationsApi(NotificationStore records, ITrackingStore store, EmailPreviews previews)
{
    [Function("ListTrackingNotifications")]
    public async Task<IActionResult> ListAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "trackings/{id}/notifications")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return await Problems.WhenStorageAvailableAsync(request, async () =>
        {
            var found = await records.ListAsync(id, cancellationToken);
            return ApiJson.Ok(new { tracking_id = id, notifications = found.OrderBy(r => r.Sequence).Select(NotificationResponse.From) });
        });
    }

    [Function("PreviewTrackingNotification")]
    public async Task<IActionResult> PreviewAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "trackings/{id}/notifications/preview/{milestone}")] HttpRequest request,
        string id,
        string milestone,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!Milestone.Known.Contains(milestone))
        {
            return Problems.BadRequest($"'{milestone}' is not a milestone; the milestones are {string.Join(", ", Milestone.Known.Order(StringComparer.Ordinal))}.");
        }

        string? format = request.Query["format"];
        if (format is not (null or "html" or "text"))
        {
            return Problems.BadRequest("'format' is html (the default) or text.");
        }

        return await Problems.WhenStorageAvailableAsync(request, async () =>
        {
            var state = await store.GetAsync(id, cancellationToken);
            if (state?.TrackingJson is null)
            {
                return Problems.NotFound($"No tracking with id '{id}' is stored.");
            }

            var content = await previews.RenderAsync(milestone, state, request.Query["language"]);
            request.HttpContext.Response.Headers["X-Email-Subject"] = Uri.EscapeDataString(content.Subject);
            request.HttpContext.Response.Headers.CacheControl = "no-store";
            return format == "text"
                ? new ContentResult { Content = content.Text, ContentType = "text/plain; charset=utf-8", StatusCode = 200 }
                : new ContentResult { Content = content.Html, ContentType = "text/html; charset=utf-8", StatusCode = 200 };
        });
    }
}
