namespace TrackingFunctions.ShopperPage;

/// <summary>
/// What a shopper may see of a tracking: only fields a carrier's public tracking page shows. Built by
/// <see cref="ShipmentReader"/> from an allow-list, so customer names, emails, phone numbers, addresses, order
/// details and <c>signed_by</c> never reach the renderer.
/// </summary>
internal sealed record ShipmentView
{
    public required string Slug { get; init; }

    public required string TrackingNumber { get; init; }

    public string? Tag { get; init; }

    public string? Subtag { get; init; }

    /// <summary>An absolute http(s) link to the carrier's own page; anything else is dropped.</summary>
    public Uri? CourierTrackingLink { get; init; }

    /// <summary>The courier's name from the courier directory; null when the directory does not know the slug.</summary>
    public string? CourierName { get; init; }

    /// <summary>The courier's website from the courier directory, the link when the tracking has no carrier link.</summary>
    public Uri? CourierWebsite { get; init; }

    public DeliveryEstimate? Estimate { get; init; }

    /// <summary>The carrier's local date (and time) of delivery, when delivered.</summary>
    public LocalTime? DeliveredAt { get; init; }

    /// <summary>
    /// How far the scans got on the progress line (<see cref="DeliveryProgress"/>): 0 ordered, 1 in transit, 2 out for
    /// delivery, 3 delivered; the furthest any scan's tag reached, so a later exception keeps the ground covered.
    /// </summary>
    public int FurthestStep { get; init; }

    /// <summary>True on time, false late, null unknown: AfterShip's <c>on_time_status</c>, else the estimate against the promise.</summary>
    public bool? OnTime { get; init; }

    /// <summary>Newest first.</summary>
    public IReadOnlyList<CheckpointView> Checkpoints { get; init; } = [];
}

/// <summary>One scan as a shopper sees it.</summary>
internal sealed record CheckpointView(LocalTime? Time, string? Message, string? Place);

/// <summary>An expected delivery day, or a range of days, and which source it came from.</summary>
internal sealed record DeliveryEstimate(DateOnly Earliest, DateOnly Latest, string Source);

/// <summary>
/// A time as the carrier wrote it: the wall clock at the scan's place. The offset (if the carrier gave one) only
/// orders scans; a shopper reads the time as printed on the carrier's own page.
/// </summary>
internal readonly record struct LocalTime(DateTime WallClock, bool HasTime, DateTimeOffset Instant);
