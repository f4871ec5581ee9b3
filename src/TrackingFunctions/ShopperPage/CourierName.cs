namespace TrackingFunctions.ShopperPage;

/// <summary>
/// A readable courier name from an AfterShip slug (<c>dhl-germany</c> → <c>DHL Germany</c>), without a courier
/// list call: the page must not call AfterShip.
/// </summary>
internal static class CourierName
{
    public static string Of(string slug)
    {
        var words = slug.Split(['-', '_'], StringSplitOptions.RemoveEmptyEntries);
        return words.Length == 0
            ? slug
            : string.Join(' ', words.Select(w => w.Length <= 3 ? w.ToUpperInvariant() : char.ToUpperInvariant(w[0]) + w[1..]));
    }
}
