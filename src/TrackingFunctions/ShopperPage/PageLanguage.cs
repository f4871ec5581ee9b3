using System.Globalization;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace TrackingFunctions.ShopperPage;

/// <summary>
/// The page's language (which strings) and its formats (dates), chosen from <c>Accept-Language</c>: the first
/// language by quality that has strings wins, and its exact tag (<c>de-AT</c>, <c>en-GB</c>) sets the date formats.
/// English is the fallback.
/// </summary>
internal sealed record PageLanguage(CultureInfo Strings, CultureInfo Formats)
{
    /// <summary>Languages with a resource file; English is the neutral one.</summary>
    public static readonly IReadOnlyList<string> Supported = ["en", "de", "fr", "es", "it", "nl"];

    public static readonly PageLanguage English = new(CultureInfo.GetCultureInfo("en"), CultureInfo.GetCultureInfo("en"));

    public static PageLanguage FromAcceptLanguage(StringValues header)
    {
        if (!StringWithQualityHeaderValue.TryParseList(header, out var values))
        {
            return English;
        }

        // OrderByDescending is stable, so among equal qualities the header's own order stands.
        foreach (var value in values.Where(v => (v.Quality ?? 1) > 0).OrderByDescending(v => v.Quality ?? 1))
        {
            var tag = value.Value.Value;
            if (string.IsNullOrEmpty(tag) || tag == "*")
            {
                continue;
            }

            var language = tag.Split('-')[0].ToLowerInvariant();
            if (Supported.Contains(language))
            {
                var strings = CultureInfo.GetCultureInfo(language);
                return new PageLanguage(strings, SpecificOrNeutral(tag, strings));
            }
        }

        return English;
    }

    private static CultureInfo SpecificOrNeutral(string tag, CultureInfo fallback)
    {
        try
        {
            var culture = CultureInfo.GetCultureInfo(tag);

            // ICU accepts any well-formed tag; one it does not know comes back with the invariant's formats.
            return culture.ThreeLetterISOLanguageName == fallback.ThreeLetterISOLanguageName ? culture : fallback;
        }
        catch (CultureNotFoundException)
        {
            return fallback;
        }
    }
}
