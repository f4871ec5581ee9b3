using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using TrackingFunctions.AfterShip;
using TrackingFunctions.AfterShip.Errors;
using TrackingFunctions.AfterShip.Models;
using TrackingFunctions.IntegrationTests.Harness;

namespace TrackingFunctions.IntegrationTests.Refresh;

/// <summary>
/// A scripted AfterShip for schedule tests that run on a FakeTimeProvider: it answers from an in-memory set of
/// trackings, records every call, and lets a test act in the middle of a call (advance time, deliver a webhook).
/// </summary>
internal sealed class FakeAfterShip : IAfterShipClient
{
    private readonly ConcurrentDictionary<string, JsonObject> _trackings = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<(string Endpoint, IReadOnlyList<string> Keys)> _calls = new();

    /// <summary>Runs inside each list call, before it looks anything up.</summary>
    public Func<ListTrackingsQuery, Task>? OnList { get; set; }

    /// <summary>Runs inside each list call after its answer is decided, before it is returned.</summary>
    public Func<ListTrackingsQuery, Task>? AfterList { get; set; }

    /// <summary>Ids a list call never returns, as when AfterShip's number or slug differs from the stored one.</summary>
    public ConcurrentDictionary<string, bool> HiddenFromList { get; } = new(StringComparer.Ordinal);

    public IReadOnlyList<(string Endpoint, IReadOnlyList<string> Keys)> Calls => [.. _calls];

    public int ListCalls => Calls.Count(c => c.Endpoint == "list");

    public int GetCalls => Calls.Count(c => c.Endpoint == "get");

    /// <summary>The tracking numbers asked for by list calls, in call order.</summary>
    public IReadOnlyList<string> ListedNumbers => [.. Calls.Where(c => c.Endpoint == "list").SelectMany(c => c.Keys)];

    public static Tracking ToTracking(JsonObject json)
    {
        using var document = JsonDocument.Parse(json.ToJsonString());
        return Tracking.FromJson(document.RootElement);
    }

    /// <summary>Adds (or replaces) a tracking and returns it as the app would receive it.</summary>
    public Tracking Put(JsonObject json)
    {
        _trackings[json["id"]!.GetValue<string>()] = (JsonObject)json.DeepClone();
        return ToTracking(json);
    }

    /// <summary>A new carrier scan: one more checkpoint, <c>updated_at</c> an hour later, optionally a new tag.</summary>
    public Tracking Advance(string id, string? tag = null, string? subtag = null, bool? active = null)
    {
        var json = (JsonObject)_trackings[id].DeepClone();
        var checkpoints = json["checkpoints"]!.AsArray();
        checkpoints.Add(new JsonObject { ["tag"] = tag ?? json["tag"]!.GetValue<string>(), ["message"] = "Scan " + checkpoints.Count });
        var updated = DateTimeOffset.Parse(json["updated_at"]!.GetValue<string>(), CultureInfo.InvariantCulture).AddHours(1);
        json["updated_at"] = updated.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        if (tag is not null)
        {
            json["tag"] = tag;
            json["subtag"] = subtag ?? tag + "_001";
        }

        if (active is not null)
        {
            json["active"] = active;
        }

        return Put(json);
    }

    public bool Remove(string id) => _trackings.TryRemove(id, out _);

    public Tracking Current(string id) => ToTracking(_trackings[id]);

    public async Task<TrackingPage> ListTrackingsAsync(ListTrackingsQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        _calls.Enqueue(("list", query.TrackingNumbers ?? []));
        if (OnList is { } hook)
        {
            await hook(query);
        }

        var numbers = new HashSet<string>(query.TrackingNumbers ?? [], StringComparer.OrdinalIgnoreCase);
        var slugs = new HashSet<string>(query.Slugs ?? [], StringComparer.OrdinalIgnoreCase);
        var found = _trackings.Values
            .Where(t => numbers.Contains(t["tracking_number"]!.GetValue<string>())
                        && (slugs.Count == 0 || slugs.Contains(t["slug"]!.GetValue<string>()))
                        && !HiddenFromList.ContainsKey(t["id"]!.GetValue<string>()))
            .Select(ToTracking)
            .ToList();
        if (AfterList is { } after)
        {
            await after(query);
        }

        return new TrackingPage(found, null, false, found.Count);
    }

    public Task<Tracking> GetTrackingAsync(string id, CancellationToken cancellationToken)
    {
        _calls.Enqueue(("get", [id]));
        return _trackings.TryGetValue(id, out var json)
            ? Task.FromResult(ToTracking(json))
            : Task.FromException<Tracking>(new AfterShipNotFoundException(HttpStatusCode.NotFound, 4004, "BadRequest", "Tracking does not exist."));
    }

    public Task<Tracking?> FindTrackingAsync(string trackingNumber, string? slug, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<Tracking> CreateTrackingAsync(CreateTrackingRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<Tracking> UpdateTrackingAsync(string id, UpdateTrackingRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<Tracking> RetrackTrackingAsync(string id, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<Tracking> MarkTrackingCompletedAsync(string id, string reason, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<Tracking> DeleteTrackingAsync(string id, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<IReadOnlyList<Courier>> ListCouriersAsync(bool all, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<IReadOnlyList<Courier>> DetectCourierAsync(DetectCourierRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();

    /// <summary>A tracking in the shape of <see cref="WebhookBodies.Tracking"/>, with a number derived from its id.</summary>
    public static JsonObject NewTracking(string id, string slug = "ups", string tag = "InTransit", DateTimeOffset? createdAt = null)
    {
        var json = WebhookBodies.Tracking(id, number: "N" + id.ToUpperInvariant(), slug: slug, tag: tag);
        if (createdAt is { } created)
        {
            json["created_at"] = created.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        }

        return json;
    }
}
