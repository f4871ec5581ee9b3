namespace TrackingFunctions.ShopperPage;

/// <summary>What the search form accepts: bounds that no real tracking number or courier slug comes near.</summary>
internal static class SearchInput
{
    public const int MaxNumberLength = 100;
    public const int MaxSlugLength = 60;

    public static bool IsPlausibleNumber(string number)
        => number.Length <= MaxNumberLength && !number.Any(char.IsControl);

    /// <summary>AfterShip slugs are lower-case letters, digits and hyphens.</summary>
    public static bool IsPlausibleSlug(string slug)
        => slug.Length <= MaxSlugLength && slug.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
