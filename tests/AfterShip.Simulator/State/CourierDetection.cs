using System.Text.RegularExpressions;

namespace AfterShip.Simulator.State;

/// <summary>
/// A deterministic stand-in for AfterShip's courier auto-detection: the same number always yields the same slug,
/// so tests can predict it. Numbers starting <c>3S</c> are PostNL 3S parcels (a courier with required fields);
/// numbers starting <c>ZZ</c> match no courier.
/// </summary>
internal static partial class CourierDetection
{
    private static readonly string[] FallbackSlugs = ["ups", "fedex", "dhl", "usps"];

    public static readonly IReadOnlySet<string> SlugGroups = new HashSet<string>(StringComparer.Ordinal)
    {
        "amazon-group", "fedex-group", "toll-group", "taqbin-group", "tnt-group", "cj-group", "hermes-group",
        "dpd-group", "gls-group", "dhl-group", "fastway-group", "asendia-group",
    };

    public static string? Detect(string trackingNumber, string? slugGroup = null)
    {
        if (slugGroup is not null)
        {
            // "fedex-group" -> "fedex": good enough to show the group was honoured.
            return slugGroup[..^"-group".Length];
        }

        var number = trackingNumber.ToUpperInvariant();
        if (number.StartsWith("ZZ", StringComparison.Ordinal))
        {
            return null;
        }

        if (number.StartsWith("3S", StringComparison.Ordinal))
        {
            return "postnl-3s";
        }

        if (number.StartsWith("1Z", StringComparison.Ordinal))
        {
            return "ups";
        }

        if (Digits().IsMatch(number))
        {
            return number.Length switch
            {
                10 => "dhl",
                12 or 15 => "fedex",
                >= 20 when number[0] == '9' => "usps",
                _ => Fallback(number),
            };
        }

        return Fallback(number);
    }

    private static string Fallback(string number)
    {
        // string.GetHashCode is randomised per process; a plain character sum is stable across runs.
        var sum = 0;
        foreach (var c in number)
        {
            sum += c;
        }

        return FallbackSlugs[sum % FallbackSlugs.Length];
    }

    [GeneratedRegex("^[0-9]+$")]
    private static partial Regex Digits();
}
