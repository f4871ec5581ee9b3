namespace TrackingFunctions.AfterShip.Models;

/// <summary>
/// A courier as <c>GET /couriers</c>, <c>GET /couriers/all</c> and <c>POST /couriers/detect</c> describe it (2025-01).
/// <see cref="RequiredFields"/> are the extra create fields the courier needs, such as <c>tracking_postal_code</c>.
/// </summary>
public sealed record Courier
{
    public string? Slug { get; init; }

    public string? Name { get; init; }

    public string? OtherName { get; init; }

    public string? Phone { get; init; }

    /// <summary>The courier's website.</summary>
    public string? WebUrl { get; init; }

    public IReadOnlyList<string>? RequiredFields { get; init; }

    public IReadOnlyList<string>? OptionalFields { get; init; }

    public string? DefaultLanguage { get; init; }

    public IReadOnlyList<string>? SupportLanguages { get; init; }

    public IReadOnlyList<string>? ServiceFromCountryRegions { get; init; }
}
