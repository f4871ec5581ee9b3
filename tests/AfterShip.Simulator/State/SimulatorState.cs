using System.Globalization;
using System.Text.Json.Nodes;

namespace AfterShip.Simulator.State;

/// <summary>What a state operation found.</summary>
internal enum Outcome
{
    Ok,
    NotFound,
    Duplicate,
    NotAllowed,
}

internal readonly record struct StateResult(Outcome Outcome, SimulatedTracking? Tracking = null);

/// <summary>One page of a list query, newest first.</summary>
internal sealed record TrackingPage(int Total, IReadOnlyList<JsonObject> Trackings, long? NextCursor);

/// <summary>
/// The simulated AfterShip account: every tracking, keyed by id. One lock guards it all, because requests arrive
/// concurrently and duplicate checks must see a consistent store; the load of a test run makes contention irrelevant.
/// </summary>
internal sealed class SimulatorState(TimeProvider timeProvider)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Stored> _byId = new(StringComparer.Ordinal);
    private long _nextSequence;

    public IReadOnlyList<SimulatedTracking> Snapshot()
    {
        lock (_gate)
        {
            return [.. _byId.Values.OrderBy(s => s.Sequence).Select(s => new SimulatedTracking(s.Json))];
        }
    }

    public SimulatedTracking? Find(string idOrLegacyId)
    {
        lock (_gate)
        {
            return Lookup(idOrLegacyId) is { } stored ? new SimulatedTracking(stored.Json) : null;
        }
    }

    /// <summary>Creates a tracking from a validated create body; every field it sent is kept verbatim.</summary>
    public StateResult Create(JsonObject body, string trackingNumber, string slug)
    {
        lock (_gate)
        {
            if (HasDuplicate(trackingNumber, slug, exceptId: null))
            {
                return new StateResult(Outcome.Duplicate);
            }

            var now = TrackingJson.TruncateToSecond(timeProvider.GetUtcNow());
            var json = TrackingJson.NewTracking(trackingNumber, slug, now);
            foreach (var (name, value) in body)
            {
                if (!TrackingJson.ServerOwnedFields.Contains(name))
                {
                    json[name] = value?.DeepClone();
                }
            }

            json["slug"] = slug;
            return new StateResult(Outcome.Ok, Store(json, now));
        }
    }

    /// <summary>Seeds a tracking as if AfterShip had already been following it for a while.</summary>
    public SimulatedTracking Seed(string trackingNumber, string slug, string tag, int checkpoints, Action<JsonObject>? customize)
    {
        lock (_gate)
        {
            if (HasDuplicate(trackingNumber, slug, exceptId: null))
            {
                throw new InvalidOperationException($"A tracking for {slug} {trackingNumber} already exists.");
            }

            var now = TrackingJson.TruncateToSecond(timeProvider.GetUtcNow());
            var createdAt = now.AddHours(-checkpoints);
            var json = TrackingJson.NewTracking(trackingNumber, slug, createdAt);
            var subtag = TrackingJson.DefaultSubtag(tag);
            var list = (JsonArray)json["checkpoints"]!;
            for (var i = 0; i < checkpoints; i++)
            {
                var last = i == checkpoints - 1;
                // Earlier scans read as plain transit so that only the newest checkpoint carries the seeded status.
                var checkpointTag = last || tag is "Pending" or "InfoReceived" ? tag : "InTransit";
                var checkpointSubtag = last ? subtag : TrackingJson.DefaultSubtag(checkpointTag);
                list.Add(TrackingJson.Checkpoint(slug, checkpointTag, checkpointSubtag, null, createdAt.AddHours(i + 1)));
            }

            json["tag"] = tag;
            json["subtag"] = subtag;
            json["subtag_message"] = TrackingJson.SubtagMessage(subtag);
            json["active"] = !TrackingJson.IsTerminal(tag, subtag);
            json["tracked_count"] = checkpoints;
            json["updated_at"] = TrackingJson.Timestamp(now);
            customize?.Invoke(json);

            if (json["id"]?.GetValue<string>() is not { Length: > 0 } id || _byId.ContainsKey(id))
            {
                throw new InvalidOperationException("The customized tracking needs a unique string id.");
            }

            var updatedAt = DateTimeOffset.TryParse(json["updated_at"]?.ToString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed) ? parsed : now;
            return Store(json, TrackingJson.TruncateToSecond(updatedAt));
        }
    }

    /// <summary>Merges a validated update body; a slug change must not collide with another tracking.</summary>
    public StateResult Update(string id, JsonObject fields)
    {
        lock (_gate)
        {
            if (Lookup(id) is not { } stored)
            {
                return new StateResult(Outcome.NotFound);
            }

            var number = stored.Json["tracking_number"]?.ToString() ?? string.Empty;
            if (fields["slug"]?.ToString() is { } newSlug && HasDuplicate(number, newSlug, stored.Id))
            {
                return new StateResult(Outcome.Duplicate);
            }

            foreach (var (name, value) in fields)
            {
                if (!TrackingJson.ServerOwnedFields.Contains(name))
                {
                    stored.Json[name] = value?.DeepClone();
                }
            }

            return new StateResult(Outcome.Ok, Touch(stored));
        }
    }

    public SimulatedTracking? Delete(string id)
    {
        lock (_gate)
        {
            if (Lookup(id) is not { } stored)
            {
                return null;
            }

            _byId.Remove(stored.Id);
            return new SimulatedTracking(stored.Json);
        }
    }

    /// <summary>AfterShip only retracks an inactive tracking (4013 otherwise).</summary>
    public StateResult Retrack(string id)
    {
        lock (_gate)
        {
            if (Lookup(id) is not { } stored)
            {
                return new StateResult(Outcome.NotFound);
            }

            if (stored.Json["active"]?.GetValue<bool>() == true)
            {
                return new StateResult(Outcome.NotAllowed);
            }

            stored.Json["active"] = true;
            return new StateResult(Outcome.Ok, Touch(stored));
        }
    }

    public StateResult MarkCompleted(string id, string tag, string subtag)
    {
        lock (_gate)
        {
            if (Lookup(id) is not { } stored)
            {
                return new StateResult(Outcome.NotFound);
            }

            stored.Json["tag"] = tag;
            stored.Json["subtag"] = subtag;
            stored.Json["subtag_message"] = TrackingJson.SubtagMessage(subtag);
            stored.Json["active"] = false;
            return new StateResult(Outcome.Ok, Touch(stored));
        }
    }

    /// <summary>Adds a carrier checkpoint, as AfterShip does after polling the courier.</summary>
    public StateResult Advance(string id, string? newTag, string? subtag, string? message)
    {
        lock (_gate)
        {
            if (Lookup(id) is not { } stored)
            {
                return new StateResult(Outcome.NotFound);
            }

            var json = stored.Json;
            var tag = newTag ?? json["tag"]?.ToString() ?? "InTransit";
            var effectiveSubtag = subtag
                ?? (newTag is null ? json["subtag"]?.ToString() : null)
                ?? TrackingJson.DefaultSubtag(tag);
            var at = NextUpdatedAt(stored);
            if (json["checkpoints"] is not JsonArray checkpoints)
            {
                checkpoints = [];
                json["checkpoints"] = checkpoints;
            }

            var slug = json["slug"]?.ToString() ?? string.Empty;
            checkpoints.Add(TrackingJson.Checkpoint(slug, tag, effectiveSubtag, message, at));
            json["tag"] = tag;
            json["subtag"] = effectiveSubtag;
            json["subtag_message"] = TrackingJson.SubtagMessage(effectiveSubtag);
            json["active"] = !TrackingJson.IsTerminal(tag, effectiveSubtag);
            json["tracked_count"] = (json["tracked_count"]?.GetValue<int>() ?? 0) + 1;
            if (effectiveSubtag is "Exception_010" or "Exception_011")
            {
                json["return_to_sender"] = true;
            }

            return new StateResult(Outcome.Ok, Touch(stored, at));
        }
    }

    /// <summary>
    /// Newest first (AfterShip lists by creation time, descending). The cursor is the sequence number of the last item
    /// served, so trackings created while a client pages do not shift the pages it has yet to read.
    /// </summary>
    public TrackingPage List(Func<JsonObject, bool> filter, long? before, int limit)
    {
        lock (_gate)
        {
            var matches = _byId.Values
                .Where(s => filter(s.Json))
                .OrderByDescending(s => s.Sequence)
                .ToList();
            var remaining = before is { } cursor ? matches.Where(s => s.Sequence < cursor).ToList() : matches;
            var page = remaining.Take(limit).ToList();
            var next = remaining.Count > page.Count ? page[^1].Sequence : (long?)null;
            return new TrackingPage(matches.Count, [.. page.Select(s => (JsonObject)s.Json.DeepClone())], next);
        }
    }

    private SimulatedTracking Store(JsonObject json, DateTimeOffset updatedAt)
    {
        var stored = new Stored(json["id"]!.GetValue<string>(), json, ++_nextSequence) { UpdatedAt = updatedAt };
        _byId[stored.Id] = stored;
        return new SimulatedTracking(json);
    }

    private SimulatedTracking Touch(Stored stored, DateTimeOffset? at = null)
    {
        var stamp = at ?? NextUpdatedAt(stored);
        stored.UpdatedAt = stamp;
        stored.Json["updated_at"] = TrackingJson.Timestamp(stamp);
        return new SimulatedTracking(stored.Json);
    }

    /// <summary>
    /// Strictly later than the previous value by at least a second: updated_at has second precision, and consumers
    /// order a tracking's versions by it, so two versions must never share a value.
    /// </summary>
    private DateTimeOffset NextUpdatedAt(Stored stored)
    {
        var now = TrackingJson.TruncateToSecond(timeProvider.GetUtcNow());
        var floor = stored.UpdatedAt.AddSeconds(1);
        return now >= floor ? now : floor;
    }

    private Stored? Lookup(string idOrLegacyId)
    {
        if (_byId.TryGetValue(idOrLegacyId, out var stored))
        {
            return stored;
        }

        // The API also accepts the 24-character legacy_id in place of id.
        return idOrLegacyId.Length == 24
            ? _byId.Values.FirstOrDefault(s => s.Json["legacy_id"]?.ToString() == idOrLegacyId)
            : null;
    }

    private bool HasDuplicate(string trackingNumber, string slug, string? exceptId) =>
        _byId.Values.Any(s =>
            s.Id != exceptId
            && string.Equals(s.Json["tracking_number"]?.ToString(), trackingNumber, StringComparison.OrdinalIgnoreCase)
            && string.Equals(s.Json["slug"]?.ToString(), slug, StringComparison.OrdinalIgnoreCase));

    private sealed class Stored(string id, JsonObject json, long sequence)
    {
        public string Id { get; } = id;

        public JsonObject Json { get; } = json;

        public long Sequence { get; } = sequence;

        public DateTimeOffset UpdatedAt { get; set; }
    }
}
