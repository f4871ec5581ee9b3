namespace TrackingFunctions.Couriers;

/// <summary>One read of the stored directory: the couriers by slug and when AfterShip was last asked for them.</summary>
internal sealed class CourierSnapshot
{
    public static readonly CourierSnapshot Empty = new([], null, DateTimeOffset.MinValue);

    private readonly Dictionary<string, CourierEntry> _bySlug;

    public CourierSnapshot(IEnumerable<CourierEntry> couriers, DateTimeOffset? refreshedAt, DateTimeOffset loadedAt)
    {
        _bySlug = couriers.ToDictionary(c => c.Slug, StringComparer.OrdinalIgnoreCase);
        RefreshedAt = refreshedAt;
        LoadedAt = loadedAt;
    }

    /// <summary>When the directory was last fetched from AfterShip (by any instance); null when it never was.</summary>
    public DateTimeOffset? RefreshedAt { get; }

    /// <summary>When this instance read it from storage.</summary>
    public DateTimeOffset LoadedAt { get; }

    public int Count => _bySlug.Count;

    public IEnumerable<CourierEntry> Couriers => _bySlug.Values;

    public CourierEntry? Find(string slug) => _bySlug.GetValueOrDefault(slug.Trim());

    /// <summary>The known slugs nearest to <paramref name="slug"/>, for "did you mean".</summary>
    public IReadOnlyList<string> Closest(string slug, int count) => SlugSuggestions.Closest(slug, _bySlug.Values, count);
}
