namespace TrackingFunctions.Couriers;

/// <summary>
/// One courier of the directory: its display name, website, the extra create fields it requires (2025-01 names as
/// AfterShip lists them) and whether the shop's AfterShip account has activated it.
/// </summary>
public sealed record CourierEntry(string Slug, string Name, Uri? Website, IReadOnlyList<string> RequiredFields, bool Activated);
