namespace TrackingFunctions.ShopperPage;

/// <summary>
/// The frame every tracking page shares: document head (external stylesheet only, so the CSP can forbid inline
/// style and script), a skip link, the branded header, one <c>main</c> landmark and the footer with the support link.
/// </summary>
internal static class PageLayout
{
    public static string Render(PageBranding branding, PageText text, PageUrls urls, string title, Action<HtmlBuilder> main, int capacity = 4096)
    {
        var shop = string.IsNullOrWhiteSpace(branding.ShopName) ? text["ShopFallback"] : branding.ShopName;
        var html = new HtmlBuilder(capacity);
        html.Markup("<!DOCTYPE html>\n<html lang=\"").Attribute(text.Culture.Name).Markup("\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Markup("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Markup("<meta name=\"robots\" content=\"noindex\">\n<meta name=\"referrer\" content=\"no-referrer\">\n")
            .Markup("<title>").Text(title).Markup(" – ").Text(shop).Markup("</title>\n")
            .Markup("<link rel=\"icon\" type=\"image/svg+xml\" href=\"").Attribute(urls.IconHref).Markup("\">\n")
            .Markup("<link rel=\"stylesheet\" href=\"").Attribute(urls.StylesheetHref).Markup("\">\n</head>\n<body>\n")
            .Markup("<a class=\"skip\" href=\"#main\">").Text(text["SkipLink"]).Markup("</a>\n")
            .Markup("<header class=\"brand\"><a href=\"").Attribute(urls.SearchPath).Markup("\">");
        if (branding.LogoUrl is { } logo)
        {
            // The shop name follows as text, so the logo is decoration for assistive technology.
            html.Markup("<img src=\"").Attribute(logo.AbsoluteUri).Markup("\" alt=\"\" height=\"40\">");
        }

        html.Markup("<span>").Text(shop).Markup("</span></a></header>\n<main id=\"main\">\n");
        main(html);
        html.Markup("</main>\n<footer>\n<p><a href=\"").Attribute(urls.SearchPath).Markup("\">").Text(text["Footer_Search"]).Markup("</a></p>\n");
        if (branding.SupportUrl is { } support)
        {
            html.Markup("<p><a href=\"").Attribute(support.AbsoluteUri).Markup("\">")
                .Text(string.IsNullOrWhiteSpace(branding.ShopName) ? text["Support_LinkNoShop"] : text.Format("Support_Link", branding.ShopName))
                .Markup("</a></p>\n");
        }

        html.Markup("</footer>\n</body>\n</html>\n");
        return html.ToString();
    }
}
