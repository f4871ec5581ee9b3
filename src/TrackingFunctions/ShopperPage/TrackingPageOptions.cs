using System.ComponentModel.DataAnnotations;

namespace TrackingFunctions.ShopperPage;

/// <summary>
/// Branding of the shopper tracking page (section <c>TrackingPage</c>, for example <c>TrackingPage__ShopName</c>).
/// Every setting is optional: without them the page is a plain, unbranded tracking page.
/// </summary>
public sealed class TrackingPageOptions
{
    public const string SectionName = "TrackingPage";

    /// <summary>The shop's name in the page header, title and support link. Default: none (a neutral heading).</summary>
    [MaxLength(80)]
    public string ShopName { get; set; } = string.Empty;

    /// <summary>
    /// An absolute https URL of the shop's logo, shown in the header (at most 40 px high). The page's
    /// Content-Security-Policy allows images from https only. Default: none.
    /// </summary>
    public Uri? LogoUrl { get; set; }

    /// <summary>
    /// The accent colour (<c>#RRGGBB</c>) of the header, links and the button. White text sits on it and it sits on
    /// white, so it must reach the WCAG AA contrast of 4.5:1 against white; lighter colours are refused at start-up.
    /// </summary>
    public string AccentColor { get; set; } = "#1F5FAD";

    /// <summary>Where shoppers get help: an absolute https or mailto URL, linked from every page. Default: none.</summary>
    public Uri? SupportUrl { get; set; }

    /// <summary>
    /// How long browsers and CDNs may reuse a page (<c>Cache-Control: max-age</c>), in seconds. Short, because the
    /// state changes with each scan; with the ETag a revalidation costs a 304. Default 60.
    /// </summary>
    [Range(0, 3600)]
    public int CacheSeconds { get; set; } = 60;

    /// <summary>
    /// The app's public https base URL with its route prefix (for example <c>https://track.shop.example/api</c>):
    /// emails link to <c>{base}/track/...</c> and <c>{base}/unsubscribe</c>. Required when shopper emails are enabled.
    /// </summary>
    public Uri? PublicBaseUrl { get; set; }
}
