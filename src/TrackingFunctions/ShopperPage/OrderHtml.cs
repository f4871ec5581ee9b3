using System.Globalization;
using TrackingFunctions.Storage;

namespace TrackingFunctions.ShopperPage;

/// <summary>
/// The order lookup: its form (a plain POST, so the email never lands in a URL, a log or the history; no script)
/// and the list of an order's parcels.
/// </summary>
internal static class OrderHtml
{
    public const int MaxOrderLength = 100;

    /// <summary>RFC 5321 caps a forward path at 256 octets, so an address is at most 254 characters.</summary>
    public const int MaxContactLength = 254;

    public static void Form(HtmlBuilder html, PageText text, PageUrls urls, OrderForm form)
    {
        html.Markup("<section class=\"lookup\" aria-labelledby=\"order-h\">\n<h2 id=\"order-h\">").Text(text["Order_Title"]).Markup("</h2>\n<p>")
            .Text(text["Order_Intro"]).Markup("</p>\n<form class=\"search\" method=\"post\" action=\"").Attribute(urls.OrderPath).Markup("\">\n")
            .Markup("<label for=\"order_number\">").Text(text["Order_NumberLabel"]).Markup("</label>\n");
        if (form.Error is not null)
        {
            html.Markup("<p class=\"error\" id=\"order-error\">").Text(form.Error).Markup("</p>\n");
        }

        html.Markup("<input id=\"order_number\" name=\"order_number\" required maxlength=\"").Markup(MaxOrderLength.ToString(CultureInfo.InvariantCulture))
            .Markup("\" autocomplete=\"off\" spellcheck=\"false\" value=\"").Attribute(form.OrderNumber).Markup("\"")
            .Markup(form.Error is null ? ">\n" : " aria-invalid=\"true\" aria-describedby=\"order-error\">\n")
            .Markup("<label for=\"email_or_postcode\">").Text(text["Order_ContactLabel"]).Markup("</label>\n")
            .Markup("<p class=\"note\" id=\"contact-hint\">").Text(text["Order_ContactHint"]).Markup("</p>\n")
            .Markup("<input id=\"email_or_postcode\" name=\"email_or_postcode\" required maxlength=\"").Markup(MaxContactLength.ToString(CultureInfo.InvariantCulture))
            .Markup("\" autocomplete=\"email\" autocapitalize=\"none\" spellcheck=\"false\" aria-describedby=\"contact-hint\">\n")
            .Markup("<button type=\"submit\">").Text(text["Order_Submit"]).Markup("</button>\n</form>\n</section>\n");
    }

    public static string Parcels(PageBranding branding, PageText text, PageUrls urls, IReadOnlyList<OrderParcel> parcels)
    {
        var title = text["Order_ParcelsTitle"];
        return PageLayout.Render(branding, text, urls, title, html =>
        {
            html.Markup("<h1>").Text(title).Markup("</h1>\n<p>").Text(text.Format("Order_ParcelsIntro", parcels.Count)).Markup("</p>\n<ul class=\"choices\">\n");
            foreach (var parcel in parcels)
            {
                html.Markup("<li><a href=\"").Attribute(urls.Tracking(parcel.Slug, parcel.TrackingNumber)).Markup("\">").Text(CourierName.Of(parcel.Slug))
                    .Markup(" <span class=\"").Markup(NumberCss.For(parcel.TrackingNumber)).Markup("\">").Text(parcel.TrackingNumber).Markup("</span></a></li>\n");
            }

            html.Markup("</ul>\n");
        });
    }
}
