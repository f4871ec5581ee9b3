using Microsoft.Extensions.Options;
using TrackingFunctions.Storage;

namespace TrackingFunctions.ShopperPage;

/// <summary>Renders the tracking pages in the shopper's language with the configured branding.</summary>
public sealed class TrackingPageRenderer(IOptions<TrackingPageOptions> options, PageAssets assets)
{
    private readonly PageBranding _branding = PageBranding.From(options.Value);

    internal int CacheSeconds { get; } = options.Value.CacheSeconds;

    internal string Tracking(StoredTracking state, PageLanguage language, string requestPath)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(language);
        var shipment = ShipmentReader.Read(state.TrackingJson ?? "{}", state.Slug ?? string.Empty, state.TrackingNumber ?? string.Empty);
        return TrackingHtml.Render(shipment, _branding, new PageText(language.Strings), language.Formats, Urls(requestPath));
    }

    internal string Tracking(ShipmentView shipment, PageLanguage language, string requestPath)
        => TrackingHtml.Render(shipment, _branding, new PageText(language.Strings), language.Formats, Urls(requestPath));

    internal string Search(PageLanguage language, string requestPath, string? errorKey = null, string? number = null, string? slug = null)
    {
        var text = new PageText(language.Strings);
        return SearchHtml.Form(_branding, text, Urls(requestPath), errorKey is null ? null : text[errorKey], number, slug);
    }

    internal string Chooser(PageLanguage language, string requestPath, string number, IReadOnlyList<string> slugs)
        => SearchHtml.Chooser(_branding, new PageText(language.Strings), Urls(requestPath), number, slugs);

    internal string Unknown(PageLanguage language, string requestPath, string? number, string? slug)
        => SearchHtml.Unknown(_branding, new PageText(language.Strings), Urls(requestPath), number, slug);

    internal string Unavailable(PageLanguage language, string requestPath)
        => SearchHtml.Unavailable(_branding, new PageText(language.Strings), Urls(requestPath));

    private PageUrls Urls(string requestPath) => PageUrls.For(requestPath, assets);
}
