namespace TrackingFunctions.ShopperPage;

/// <summary>
/// A readable courier name from an AfterShip slug (<c>dhl-germany</c> → <c>DHL Germany</c>), for a slug the courier
/// directory does not know (or before it is loaded): the page must not wait on AfterShip or storage for a name.
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
