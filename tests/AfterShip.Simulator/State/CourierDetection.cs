using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace AfterShip.Simulator.State;

/// <summary>
/// A deterministic stand-in for AfterShip's courier auto-detection: the same number always yields the same slug,
/// so tests can predict it.
/// </summary>
internal static partial class CourierDetection
{
    private static readonly string[] FallbackSlugs = ["ups", "fedex", "dhl", "usps"];

    public static readonly IReadOnlySet<string> SlugGroups = new HashSet<string>(StringComparer.Ordinal)
    {
        "amazon-group", "fedex-group", "toll-group", "taqbin-group", "tnt-group", "cj-group", "hermes-group",
        "dpd-group", "gls-group", "dhl-group", "fastway-group", "asendia-group",
    };

    public static string Detect(string trackingNumber, string? slugGroup = null)
    {
        if (slugGroup is not null)
        {
            // "fedex-group" -> "fedex": good enough to show the group was honoured.
            return slugGroup[..^"-group".Length];
        }

        var number = trackingNumber.ToUpperInvariant();
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

    public static JsonObject Courier(string slug) => new()
    {
        ["slug"] = slug,
        ["name"] = slug switch
        {
            "ups" => "UPS",
            "fedex" => "FedEx®",
            "dhl" => "DHL Express",
            "usps" => "USPS",
            _ => slug,
        },
        ["phone"] = null,
        ["other_name"] = null,
        ["web_url"] = null,
        ["required_fields"] = new JsonArray(),
        ["optional_fields"] = new JsonArray(),
        ["default_language"] = "en",
        ["support_languages"] = new JsonArray("en"),
        ["service_from_country_regions"] = new JsonArray("USA"),
    };

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
