using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using TrackingFunctions.Infrastructure;
using TrackingFunctions.Storage;

namespace TrackingFunctions.Functions;

/// <summary>
/// Read API over the stored trackings, for tracking pages and notifications. Protected by a function key
/// (<c>x-functions-key</c> header or <c>code</c> query parameter).
/// </summary>
public sealed class TrackingsApi(ITrackingStore store)
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;

    [Function("GetTracking")]
    public async Task<IActionResult> GetAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "trackings/{id}")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return await Problems.WhenStorageAvailableAsync(request, async () =>
        {
            var state = await store.GetAsync(id, cancellationToken);
            return state is null ? Problems.NotFound($"No tracking with id '{id}' is stored.") : ApiJson.Ok(TrackingStateResponse.From(state));
        });
    }

    [Function("FindTracking")]
    public async Task<IActionResult> FindAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "trackings")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        string? slug = request.Query["slug"];
        string? number = request.Query["tracking_number"];
        if (string.IsNullOrWhiteSpace(slug) || string.IsNullOrWhiteSpace(number))
        {
            return Problems.BadRequest("Give both 'slug' and 'tracking_number' query parameters.");
        }

        return await Problems.WhenStorageAvailableAsync(request, async () =>
        {
            var state = await store.FindAsync(slug, number, cancellationToken);
            return state is null ? Problems.NotFound("No tracking with that slug and tracking number is stored.") : ApiJson.Ok(TrackingStateResponse.From(state));
        });
    }

    [Function("ListTrackingEvents")]
    public async Task<IActionResult> ListEventsAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "trackings/{id}/events")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var pageSize = DefaultPageSize;
        if (request.Query.TryGetValue("page_size", out var sizeText) && (!int.TryParse(sizeText, out pageSize) || pageSize is < 1 or > MaxPageSize))
        {
            return Problems.BadRequest($"page_size must be a whole number from 1 to {MaxPageSize}.");
        }

        string? continuation = null;
        if (request.Query.TryGetValue("continuation", out var token) && !string.IsNullOrEmpty(token))
        {
            continuation = DecodeToken(token!);
            if (continuation is null)
            {
                return Problems.BadRequest("continuation is not a token this API returned.");
            }
        }

        return await Problems.WhenStorageAvailableAsync(request, async () =>
        {
            var page = await store.ListEventsAsync(id, pageSize, continuation, cancellationToken);
            var events = page.Events.Select(TrackingEventResponse.From).ToList();
            return ApiJson.Ok(new TrackingEventsResponse(events, page.ContinuationToken is null ? null : EncodeToken(page.ContinuationToken)));
        });
    }

    private static string EncodeToken(string token)
        => Convert.ToBase64String(Encoding.UTF8.GetBytes(token)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string? DecodeToken(string token)
    {
        var base64 = token.Replace('-', '+').Replace('_', '/');
        base64 += new string('=', (4 - (base64.Length % 4)) % 4);
        var buffer = new byte[base64.Length];
        return Convert.TryFromBase64String(base64, buffer, out var written) ? Encoding.UTF8.GetString(buffer, 0, written) : null;
    }
}
