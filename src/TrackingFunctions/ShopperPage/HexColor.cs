using System.Globalization;

namespace TrackingFunctions.ShopperPage;

/// <summary>A <c>#RRGGBB</c> colour and the WCAG 2.1 contrast arithmetic the branding check needs.</summary>
internal readonly record struct HexColor(byte R, byte G, byte B)
{
    /// <summary>WCAG 2.1 AA for normal-size text (success criterion 1.4.3).</summary>
    public const double MinimumTextContrast = 4.5;

    public static readonly HexColor White = new(255, 255, 255);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"#{R:X2}{G:X2}{B:X2}");

    public static bool TryParse(string? text, out HexColor color)
    {
        color = default;
        if (text is not { Length: 7 } || text[0] != '#'
            || !int.TryParse(text.AsSpan(1), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var rgb))
        {
            return false;
        }

        color = new HexColor((byte)(rgb >> 16), (byte)(rgb >> 8), (byte)rgb);
        return true;
    }

    /// <summary>(L1 + 0.05) / (L2 + 0.05) with the lighter colour on top, from 1 to 21.</summary>
    public static double ContrastRatio(HexColor a, HexColor b)
    {
        var (la, lb) = (a.RelativeLuminance(), b.RelativeLuminance());
        return (Math.Max(la, lb) + 0.05) / (Math.Min(la, lb) + 0.05);
    }

    private double RelativeLuminance() => (0.2126 * Linear(R)) + (0.7152 * Linear(G)) + (0.0722 * Linear(B));

    private static double Linear(byte channel)
    {
        var c = channel / 255.0;
        return c <= 0.04045 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4);
    }
}
