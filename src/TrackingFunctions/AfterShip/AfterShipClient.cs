using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Polly.Timeout;
using TrackingFunctions.AfterShip.Errors;
using TrackingFunctions.AfterShip.Http;
using TrackingFunctions.AfterShip.Models;

namespace TrackingFunctions.AfterShip;

/// <summary>Typed client for the AfterShip Tracking API 2025-01 over a factory-made <see cref="HttpClient"/>.</summary>
public sealed class AfterShipClient(HttpClient http) : IAfterShipClient
{
    public Task<Tracking> CreateTrackingAsync(CreateTrackingRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return SendForTrackingAsync(AfterShipEndpoint.CreateTracking, HttpMethod.Post, "trackings", JsonContent.Create(request, options: AfterShipJson.Options), cancellationToken);
    }

    public Task<Tracking> GetTrackingAsync(string id, CancellationToken cancellationToken)
        => SendForTrackingAsync(AfterShipEndpoint.GetTracking, HttpMethod.Get, TrackingPath(id), null, cancellationToken);

    public Task<Tracking> UpdateTrackingAsync(string id, UpdateTrackingRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return SendForTrackingAsync(AfterShipEndpoint.UpdateTracking, HttpMethod.Put, TrackingPath(id), JsonContent.Create(request, options: AfterShipJson.Options), cancellationToken);
    }

    public Task<Tracking> RetrackTrackingAsync(string id, CancellationToken cancellationToken)
        => SendForTrackingAsync(AfterShipEndpoint.RetrackTracking, HttpMethod.Post, TrackingPath(id) + "/retrack", null, cancellationToken);

    public Task<Tracking> MarkTrackingCompletedAsync(string id, string reason, CancellationToken cancellationToken)
    {
        if (!CompletionReason.IsValid(reason))
        {
            throw new ArgumentException($"The reason must be {CompletionReason.Delivered}, {CompletionReason.Lost} or {CompletionReason.ReturnedToSender}.", nameof(reason));
        }

        var body = JsonContent.Create(new Dictionary<string, string> { ["reason"] = reason }, options: AfterShipJson.Options);
        return SendForTrackingAsync(AfterShipEndpoint.MarkTrackingCompleted, HttpMethod.Post, TrackingPath(id) + "/mark-as-completed", body, cancellationToken);
    }

    public Task<Tracking> DeleteTrackingAsync(string id, CancellationToken cancellationToken)
        => SendForTrackingAsync(AfterShipEndpoint.DeleteTracking, HttpMethod.Delete, TrackingPath(id), null, cancellationToken);

    public async Task<TrackingPage> ListTrackingsAsync(ListTrackingsQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        using var document = await SendAsync(AfterShipEndpoint.ListTrackings, HttpMethod.Get, ListPath(query), null, cancellationToken);
        var data = document.RootElement.GetProperty("data");
        var trackings = data.TryGetProperty("trackings", out var items) && items.ValueKind == JsonValueKind.Array
            ? items.EnumerateArray().Select(Tracking.FromJson).ToList()
            : [];
        string? nextCursor = null;
        var hasNext = false;
        int? total = null;
        if (data.TryGetProperty("pagination", out var pagination) && pagination.ValueKind == JsonValueKind.Object)
        {
            nextCursor = pagination.TryGetProperty("next_cursor", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
            hasNext = pagination.TryGetProperty("has_next_page", out var h) && h.ValueKind == JsonValueKind.True;
            total = pagination.TryGetProperty("total", out var t) && t.TryGetInt32(out var n) ? n : null;
        }

        return new TrackingPage(trackings, nextCursor, hasNext && nextCursor is not null, total);
    }

    public async Task<Tracking?> FindTrackingAsync(string trackingNumber, string? slug, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(trackingNumber);
        var query = new ListTrackingsQuery
        {
            TrackingNumbers = [trackingNumber],
            Slugs = string.IsNullOrWhiteSpace(slug) ? null : [slug],
        };
        var page = await ListTrackingsAsync(query, cancellationToken);

        // AfterShip's tracking_numbers filter is not documented as exact-match only, so the answer is checked here.
        return page.Trackings.FirstOrDefault(t =>
            string.Equals(t.TrackingNumber, trackingNumber, StringComparison.OrdinalIgnoreCase)
            && (string.IsNullOrWhiteSpace(slug) || string.Equals(t.Slug, slug, StringComparison.OrdinalIgnoreCase)));
    }

    public Task<IReadOnlyList<Courier>> ListCouriersAsync(bool all, CancellationToken cancellationToken)
        => SendForCouriersAsync(AfterShipEndpoint.ListCouriers, HttpMethod.Get, all ? "couriers/all" : "couriers", null, cancellationToken);

    public Task<IReadOnlyList<Courier>> DetectCourierAsync(DetectCourierRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return SendForCouriersAsync(AfterShipEndpoint.DetectCourier, HttpMethod.Post, "couriers/detect", JsonContent.Create(request, options: AfterShipJson.Options), cancellationToken);
    }

    private async Task<IReadOnlyList<Courier>> SendForCouriersAsync(AfterShipEndpoint endpoint, HttpMethod method, string path, HttpContent? content, CancellationToken cancellationToken)
    {
        using var document = await SendAsync(endpoint, method, path, content, cancellationToken);
        var data = document.RootElement.GetProperty("data");
        if (data.ValueKind != JsonValueKind.Object || !data.TryGetProperty("couriers", out var couriers) || couriers.ValueKind != JsonValueKind.Array)
        {
            return [];
        }

        return [.. couriers.EnumerateArray()
            .Where(c => c.ValueKind == JsonValueKind.Object)
            .Select(c => c.Deserialize<Courier>(AfterShipJson.Options)!)
            .Where(c => !string.IsNullOrWhiteSpace(c.Slug))];
    }

    private static string TrackingPath(string id)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        return "trackings/" + Uri.EscapeDataString(id);
    }

    private static string ListPath(ListTrackingsQuery query)
    {
        if (query.TrackingNumbers is { Count: > ListTrackingsQuery.MaxTrackingNumbers })
        {
            throw new ArgumentException($"AfterShip accepts at most {ListTrackingsQuery.MaxTrackingNumbers} tracking numbers per list call.", nameof(query));
        }

        var parts = new List<string>();
        void Add(string name, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                parts.Add(name + "=" + value);
            }
        }

        static string? Join(IReadOnlyList<string>? values)
            => values is { Count: > 0 } ? string.Join(',', values.Select(Uri.EscapeDataString)) : null;

        Add("tracking_numbers", Join(query.TrackingNumbers));
        Add("slug", Join(query.Slugs));
        Add("keyword", query.Keyword is null ? null : Uri.EscapeDataString(query.Keyword));
        Add("cursor", query.Cursor is null ? null : Uri.EscapeDataString(query.Cursor));
        Add("tag", query.Tag is null ? null : Uri.EscapeDataString(query.Tag));
        Add("created_at_min", QueryDate(query.CreatedAtMin));
        Add("created_at_max", QueryDate(query.CreatedAtMax));
        Add("limit", query.Limit is { } limit ? Math.Clamp(limit, 1, ListTrackingsQuery.MaxLimit).ToString(CultureInfo.InvariantCulture) : null);
        return parts.Count == 0 ? "trackings" : "trackings?" + string.Join('&', parts);
    }

    // Since 2025-01 an unreadable date is a 400, so send ISO 8601 with an explicit offset, its '+' escaped.
    private static string? QueryDate(DateTimeOffset? value)
        => value is { } date ? Uri.EscapeDataString(date.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture)) : null;

    private async Task<Tracking> SendForTrackingAsync(AfterShipEndpoint endpoint, HttpMethod method, string path, HttpContent? content, CancellationToken cancellationToken)
    {
        using var document = await SendAsync(endpoint, method, path, content, cancellationToken);
        var data = document.RootElement.GetProperty("data");
        if (data.ValueKind != JsonValueKind.Object)
        {
            throw new AfterShipApiException(null, null, null, "AfterShip answered success without a tracking in data.", isTransient: true);
        }

        return Tracking.FromJson(data);
    }

    private async Task<JsonDocument> SendAsync(AfterShipEndpoint endpoint, HttpMethod method, string path, HttpContent? content, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        request.Options.Set(AfterShipRequestOptions.Endpoint, endpoint);

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutRejectedException
                                   || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new AfterShipApiException(null, null, null, $"No answer from AfterShip ({ex.GetType().Name}).", isTransient: true, ex);
        }

        using (response)
        {
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw AfterShipErrorMapper.Map(response, body);
            }

            try
            {
                var document = JsonDocument.Parse(body);
                if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty("data", out _))
                {
                    document.Dispose();
                    throw new JsonException("The response has no data member.");
                }

                return document;
            }
            catch (JsonException ex)
            {
                throw new AfterShipApiException(response.StatusCode, null, null, $"AfterShip answered {(int)response.StatusCode} with a body that is not the expected envelope ({Encoding.UTF8.GetString(body.AsSpan(0, Math.Min(body.Length, 200)))}).", isTransient: true, ex);
            }
        }
    }
}
