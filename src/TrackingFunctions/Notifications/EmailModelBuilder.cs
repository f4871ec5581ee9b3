using System.Globalization;
using Microsoft.Extensions.Options;
using TrackingFunctions.AfterShip.Models;
using TrackingFunctions.ShopperPage;

namespace TrackingFunctions.Notifications;

/// <summary>
/// Builds the <see cref="EmailModel"/> of one milestone from the stored tracking (through the tracking page's own
/// allow-list, <see cref="ShipmentReader"/>), the page's branding and its strings.
/// </summary>
internal sealed class EmailModelBuilder(IOptions<TrackingPageOptions> page, IOptions<NotificationOptions> options)
{
    public EmailModel Build(string milestone, string trackingJson, string slug, string trackingNumber, string? customerName, string? language, string unsubscribeUrl)
    {
        var culture = LanguageOf(language, options.Value.DefaultLanguage);
        var text = new PageText(culture);
        var shipment = ShipmentReader.Read(trackingJson, slug, trackingNumber);
        var branding = page.Value;
        var shopName = branding.ShopName.Trim();
        var subject = text["Email_Subject_" + milestone];
        var newest = shipment.Checkpoints.Count > 0 ? shipment.Checkpoints[0] : null;
        var dateAndTime = culture.DateTimeFormat.LongDatePattern + "', '" + culture.DateTimeFormat.ShortTimePattern;
        return new EmailModel
        {
            Milestone = milestone,
            Language = culture.TwoLetterISOLanguageName,
            ShopName = shopName,
            LogoUrl = branding.LogoUrl?.AbsoluteUri,
            AccentColor = branding.AccentColor,
            SupportUrl = branding.SupportUrl?.AbsoluteUri,
            SupportText = branding.SupportUrl is null ? null : shopName.Length > 0 ? text.Format("Support_Link", shopName) : text["Support_LinkNoShop"],
            Subject = shopName.Length > 0 ? text.Format("Email_Subject_WithShop", shopName, subject) : subject,
            Greeting = string.IsNullOrWhiteSpace(customerName) ? text["Email_GreetingNoName"] : text.Format("Email_Greeting", customerName.Trim()),
            StatusTitle = StatusWords.Title(text, milestone),
            StatusText = StatusWords.Explanation(text, milestone),
            SubtagText = shipment.Tag == milestone ? StatusWords.SubtagSentence(text, shipment.Subtag) : null,
            LatestUpdateTitle = newest is null ? null : text["Email_LatestUpdate"],
            LatestUpdateTime = newest?.Time is { } time ? time.WallClock.ToString(time.HasTime ? dateAndTime : "D", culture) : null,
            LatestUpdateText = newest?.Message,
            LatestUpdatePlace = newest?.Place,
            EstimateTitle = milestone != TrackingTags.Delivered && shipment.Estimate is not null ? text["Delivery_Title"] : null,
            Estimate = milestone != TrackingTags.Delivered && shipment.Estimate is { } estimate ? Days(estimate, text, culture) : null,
            Courier = CourierName.Of(shipment.Slug),
            TrackingNumberLabel = text["Shipment_Number"],
            TrackingNumber = shipment.TrackingNumber,
            TrackingUrl = TrackingUrl(slug, trackingNumber),
            ButtonText = text["Email_Button"],
            FooterText = shopName.Length > 0 ? text.Format("Email_Footer_Shop", shopName) : text["Email_Footer_NoShop"],
            UnsubscribeUrl = unsubscribeUrl,
            UnsubscribeText = text["Email_Unsubscribe"],
        };
    }

    /// <summary>The tracking page of a parcel, absolute, under <c>TrackingPage__PublicBaseUrl</c>.</summary>
    public string TrackingUrl(string slug, string trackingNumber)
        => Base() + "/track/" + Uri.EscapeDataString(slug) + "/" + Uri.EscapeDataString(trackingNumber);

    public string UnsubscribeUrl(string token) => Base() + "/unsubscribe?t=" + Uri.EscapeDataString(token);

    /// <summary>The strings' language for a customer's <c>language</c> (a tag such as <c>de</c> or <c>de-AT</c>).</summary>
    public static CultureInfo LanguageOf(string? language, string fallback)
    {
        var primary = language?.Split('-', '_')[0].Trim().ToLowerInvariant();
        return CultureInfo.GetCultureInfo(primary is not null && PageLanguage.Supported.Contains(primary) ? primary : fallback);
    }

    private string Base() => (page.Value.PublicBaseUrl?.AbsoluteUri ?? "https://localhost/api").TrimEnd('/');

    private static string Days(DeliveryEstimate estimate, PageText text, CultureInfo culture)
        => estimate.Earliest == estimate.Latest
            ? estimate.Earliest.ToString("D", culture)
            : text.Format("Delivery_Between", estimate.Earliest.ToString("D", culture), estimate.Latest.ToString("D", culture));
}
