using Microsoft.Extensions.Options;
using TrackingFunctions.Couriers;
using TrackingFunctions.Storage;

namespace TrackingFunctions.ShopperPage;

/// <summary>
/// Renders the tracking pages in the shopper's language with the configured branding, and courier names and websites
/// from the courier directory's in-memory copy (never a storage or AfterShip call on the way).
/// </summary>
public sealed class TrackingPageRenderer(IOptions<TrackingPageOptions> options, PageAssets assets, ICourierDirectory? couriers = null, IOrderLookup? orderLookup = null)
{
    private readonly bool _orderLookup = orderLookup?.Enabled ?? false;

    private readonly PageBranding _branding = PageBranding.From(options.Value);

    internal int CacheSeconds { get; } = options.Value.CacheSeconds;

    internal string Tracking(StoredTracking state, PageLanguage language, string requestPath)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(language);
        var shipment = WithCourier(ShipmentReader.Read(state.TrackingJson ?? "{}", state.Slug ?? string.Empty, state.TrackingNumber ?? string.Empty));
        return TrackingHtml.Render(shipment, _branding, new PageText(language.Strings), language.Formats, Urls(requestPath));
    }

    internal string Tracking(ShipmentView shipment, PageLanguage language, string requestPath)
        => TrackingHtml.Render(WithCourier(shipment), _branding, new PageText(language.Strings), language.Formats, Urls(requestPath));

    internal string Search(PageLanguage language, string requestPath, string? errorKey = null, string? number = null, string? slug = null)
    {
        var text = new PageText(language.Strings);
        return SearchHtml.Form(_branding, text, Urls(requestPath), _orderLookup ? new OrderForm(true) : OrderForm.Off, errorKey is null ? null : text[errorKey], number, slug);
    }

    /// <summary>The search page with the order form showing an error (a refused or an unmatched lookup) and the order typed.</summary>
    internal string OrderSearch(PageLanguage language, string requestPath, string errorKey, string? orderNumber)
    {
        var text = new PageText(language.Strings);
        return SearchHtml.Form(_branding, text, Urls(requestPath), new OrderForm(_orderLookup, text[errorKey], orderNumber));
    }

    internal string OrderParcels(PageLanguage language, string requestPath, IReadOnlyList<OrderParcel> parcels)
        => OrderHtml.Parcels(_branding, new PageText(language.Strings), Urls(requestPath), parcels);

    internal string Chooser(PageLanguage language, string requestPath, string number, IReadOnlyList<string> slugs)
        => SearchHtml.Chooser(_branding, new PageText(language.Strings), Urls(requestPath), number, slugs, CourierDisplayName);

    internal string Unknown(PageLanguage language, string requestPath, string? number, string? slug)
        => SearchHtml.Unknown(_branding, new PageText(language.Strings), Urls(requestPath), number, slug);

    internal string Unavailable(PageLanguage language, string requestPath)
        => SearchHtml.Unavailable(_branding, new PageText(language.Strings), Urls(requestPath));

    private ShipmentView WithCourier(ShipmentView shipment)
        => couriers?.Find(shipment.Slug) is { } courier ? shipment with { CourierName = courier.Name, CourierWebsite = courier.Website } : shipment;

    private string CourierDisplayName(string slug) => couriers?.Find(slug)?.Name ?? CourierName.Of(slug);

    private PageUrls Urls(string requestPath) => PageUrls.For(requestPath, assets);
}
