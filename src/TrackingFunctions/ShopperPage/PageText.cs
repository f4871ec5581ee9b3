using System.Globalization;
using System.Resources;

namespace TrackingFunctions.ShopperPage;

/// <summary>The page's strings (PageStrings.resx and its translations) in one language.</summary>
internal sealed class PageText(CultureInfo culture)
{
    private static readonly ResourceManager Resources = new("TrackingFunctions.ShopperPage.PageStrings", typeof(PageText).Assembly);

    public CultureInfo Culture => culture;

    public string this[string key] => Find(key) ?? throw new InvalidOperationException($"PageStrings has no string '{key}'.");

    /// <summary>A string that may not exist (a subtag without a shopper sentence), in this language or English.</summary>
    public string? Find(string key) => Resources.GetString(key, culture);

    public string Format(string key, params object[] args) => string.Format(culture, this[key], args);
}
