using System.Globalization;
using TrackingFunctions.AfterShip.Models;

namespace TrackingFunctions.ShopperPage;

/// <summary>The page of one tracking: status in plain words, expected delivery, shipment details, scan history.</summary>
internal static class TrackingHtml
{
    public static string Render(ShipmentView shipment, PageBranding branding, PageText text, CultureInfo formats, PageUrls urls)
    {
        var title = StatusWords.Title(text, shipment.Tag);

        // StringBuilder grows in chunks of at most 8,000 characters; sizing it for a long history up front would put
        // one more array on the large object heap, which costs gen 2 collections.
        return PageLayout.Render(branding, text, urls, title, html => Body(html, shipment, branding, text, formats, title), 8000);
    }

    private static void Body(HtmlBuilder html, ShipmentView shipment, PageBranding branding, PageText text, CultureInfo formats, string title)
    {
        html.Markup("<section class=\"status status-").Attribute(StatusWords.TagKey(shipment.Tag)[4..].ToLowerInvariant()).Markup("\">\n")
            .Markup("<h1>").Text(title).Markup("</h1>\n<p>").Text(StatusWords.Explanation(text, shipment.Tag)).Markup("</p>\n");
        if (StatusWords.SubtagSentence(text, shipment.Subtag) is { } sentence)
        {
            html.Markup("<p class=\"subtag\">");
            if (StatusWords.NeedsAction(shipment.Subtag))
            {
                html.Markup("<strong>").Text(text["ActionNeeded"]).Markup("</strong> ");
            }

            html.Text(sentence).Markup("</p>\n");
        }

        if (shipment.Tag is TrackingTags.Exception or TrackingTags.Expired or TrackingTags.AttemptFail && branding.SupportUrl is { } support)
        {
            html.Markup("<p><a class=\"button\" href=\"").Attribute(support.AbsoluteUri).Markup("\">")
                .Text(string.IsNullOrWhiteSpace(branding.ShopName) ? text["Support_LinkNoShop"] : text.Format("Support_Link", branding.ShopName))
                .Markup("</a></p>\n");
        }

        html.Markup("</section>\n");
        ProgressHtml.Render(html, shipment, text);

        // Two columns on a wide screen: what the shopper asks first (when, by whom) beside the scan history.
        html.Markup("<div class=\"columns\">\n<div class=\"facts\">\n");
        Delivery(html, shipment, text, formats);
        Details(html, shipment, text);
        html.Markup("</div>\n");
        History(html, shipment, text, formats);
        html.Markup("</div>\n");
    }

    private static void Delivery(HtmlBuilder html, ShipmentView shipment, PageText text, CultureInfo formats)
    {
        if (shipment.Tag == TrackingTags.Delivered)
        {
            if (shipment.DeliveredAt is { } delivered)
            {
                html.Markup("<p class=\"delivered\">").Text(text.Format("Delivered_On", Day(DateOnly.FromDateTime(delivered.WallClock), formats))).Markup("</p>\n");
            }

            if (shipment.OnTime is { } deliveredOnTime)
            {
                OnTimeBadge(html, deliveredOnTime, text[deliveredOnTime ? "Delivered_OnTime" : "Delivered_Late"]);
            }

            return;
        }

        html.Markup("<section aria-labelledby=\"delivery-h\">\n<h2 id=\"delivery-h\">").Text(text["Delivery_Title"]).Markup("</h2>\n");
        if (shipment.Estimate is { } estimate)
        {
            var days = estimate.Earliest == estimate.Latest
                ? Day(estimate.Earliest, formats)
                : text.Format("Delivery_Between", Day(estimate.Earliest, formats), Day(estimate.Latest, formats));
            html.Markup("<p class=\"eta\">").Text(days).Markup("</p>\n");
            if (shipment.OnTime is { } onTime)
            {
                OnTimeBadge(html, onTime, text[onTime ? "Delivery_OnTime" : "Delivery_Late"]);
            }

            html.Markup("<p class=\"note\">").Text(text["Delivery_Source_" + estimate.Source]).Markup("</p>\n");
        }
        else
        {
            html.Markup("<p>").Text(text["Delivery_None"]).Markup("</p>\n");
        }

        html.Markup("</section>\n");
    }

    private static void Details(HtmlBuilder html, ShipmentView shipment, PageText text)
    {
        var courier = shipment.CourierName ?? CourierName.Of(shipment.Slug);
        html.Markup("<section aria-labelledby=\"shipment-h\">\n<h2 id=\"shipment-h\">").Text(text["Shipment_Title"]).Markup("</h2>\n<dl>\n")
            .Markup("<dt>").Text(text["Shipment_Courier"]).Markup("</dt><dd>").Text(courier).Markup("</dd>\n")
            .Markup("<dt>").Text(text["Shipment_Number"]).Markup("</dt><dd class=\"").Markup(NumberCss.For(shipment.TrackingNumber)).Markup("\">").Text(shipment.TrackingNumber).Markup("</dd>\n</dl>\n");
        if ((shipment.CourierTrackingLink ?? shipment.CourierWebsite) is { } link)
        {
            var label = text.Format(shipment.CourierTrackingLink is null ? "Shipment_CourierWebsite" : "Shipment_CourierButton", courier);
            html.Markup("<p><a class=\"button\" href=\"").Attribute(link.AbsoluteUri).Markup("\" rel=\"noopener noreferrer\">").Text(label).Markup("</a></p>\n");
        }

        html.Markup("</section>\n");
    }

    private static void History(HtmlBuilder html, ShipmentView shipment, PageText text, CultureInfo formats)
    {
        html.Markup("<section aria-labelledby=\"history-h\">\n<h2 id=\"history-h\">").Text(text["History_Title"]).Markup("</h2>\n");
        if (shipment.Checkpoints.Count == 0)
        {
            html.Markup("<p>").Text(text["History_Empty"]).Markup("</p>\n</section>\n");
            return;
        }

        html.Markup("<p class=\"note\">").Text(text["History_LocalTime"]).Markup("</p>\n<ol class=\"timeline\">\n");

        // One custom pattern (the culture's long date and short time) formats each scan in a single pass.
        var dateAndTime = formats.DateTimeFormat.LongDatePattern + "', '" + formats.DateTimeFormat.ShortTimePattern;
        foreach (var checkpoint in shipment.Checkpoints)
        {
            html.Markup("<li>");
            if (checkpoint.Time is { } time)
            {
                html.Markup("<time datetime=\"")
                    .Markup(time.WallClock.ToString(time.HasTime ? "yyyy-MM-dd'T'HH:mm" : "yyyy-MM-dd", CultureInfo.InvariantCulture))
                    .Markup("\">").Text(time.WallClock.ToString(time.HasTime ? dateAndTime : "D", formats)).Markup("</time>");
            }

            html.Markup("<p>").Text(checkpoint.Message).Markup("</p>");
            if (checkpoint.Place is not null)
            {
                html.Markup("<p class=\"place\">").Text(checkpoint.Place).Markup("</p>");
            }

            html.Markup("</li>\n");
        }

        html.Markup("</ol>\n</section>\n");
    }

    private static string Day(DateOnly day, CultureInfo formats) => day.ToString("D", formats);

    private static void OnTimeBadge(HtmlBuilder html, bool onTime, string words)
        => html.Markup(onTime ? "<p class=\"badge on-time\">" : "<p class=\"badge late\">").Text(words).Markup("</p>\n");
}
