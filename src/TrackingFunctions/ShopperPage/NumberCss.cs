namespace TrackingFunctions.ShopperPage;

/// <summary>
/// The class of an element showing a tracking number. Numbers never wrap (a shopper reads and types them as one
/// token); the longer ones get a smaller font so they still fit a 360 px screen, and only numbers beyond any real
/// carrier's length may wrap.
/// </summary>
internal static class NumberCss
{
    /// <summary>Fits at the normal size on a 360 px screen (the longest common numbers, DHL's and USPS's, are 20 to 22).</summary>
    public const int NormalMax = 24;

    /// <summary>Fits at the smaller size: USPS IMpb with routing code (34) and some postal barcodes.</summary>
    public const int LongMax = 36;

    public static string For(string? number) => (number?.Length ?? 0) switch
    {
        <= NormalMax => "number",
        <= LongMax => "number number-long",
        _ => "number number-xl",
    };
}
