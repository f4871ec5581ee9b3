namespace TrackingFunctions.ShopperPage;

/// <summary>The search form (a plain GET form, no script), the courier chooser and the "not found" page.</summary>
internal static class SearchHtml
{
    public static string Form(PageBranding branding, PageText text, PageUrls urls, OrderForm order, string? error = null, string? number = null, string? slug = null)
    {
        var title = text["Search_Title"];
        return PageLayout.Render(branding, text, urls, title, html =>
        {
            html.Markup("<h1>").Text(title).Markup("</h1>\n");
            if (!order.Enabled)
            {
                html.Markup("<p>").Text(text["Search_Intro"]).Markup("</p>\n");
                SearchForm(html, text, urls, error, number, slug);
                return;
            }

            // Two ways in, side by side on a wide screen: the number from the shipping email, or the order.
            html.Markup("<div class=\"ways\">\n<section class=\"lookup\" aria-labelledby=\"number-h\">\n<h2 id=\"number-h\">").Text(text["Search_ByNumberTitle"])
                .Markup("</h2>\n<p>").Text(text["Search_Intro"]).Markup("</p>\n");
            SearchForm(html, text, urls, error, number, slug);
            html.Markup("</section>\n");
            OrderHtml.Form(html, text, urls, order);
            html.Markup("</div>\n");
        });
    }

    public static string Chooser(PageBranding branding, PageText text, PageUrls urls, string number, IReadOnlyList<string> slugs, Func<string, string> courierName)
    {
        var title = text["Choose_Title"];
        return PageLayout.Render(branding, text, urls, title, html =>
        {
            html.Markup("<h1>").Text(title).Markup("</h1>\n<p>").Text(text["Choose_Intro"]).Markup("</p>\n<ul class=\"choices\">\n");
            foreach (var slug in slugs)
            {
                html.Markup("<li><a href=\"").Attribute(urls.Tracking(slug, number)).Markup("\">").Text(courierName(slug))
                    .Markup(" <span class=\"").Markup(NumberCss.For(number)).Markup("\">").Text(number).Markup("</span></a></li>\n");
            }

            html.Markup("</ul>\n");
        });
    }

    public static string Unknown(PageBranding branding, PageText text, PageUrls urls, string? number, string? slug)
    {
        var title = text["Unknown_Title"];
        return PageLayout.Render(branding, text, urls, title, html =>
        {
            html.Markup("<h1>").Text(title).Markup("</h1>\n<p>").Text(text["Unknown_Text"]).Markup("</p>\n");
            SearchForm(html, text, urls, null, number, slug);
        });
    }

    public static string Unavailable(PageBranding branding, PageText text, PageUrls urls)
    {
        var title = text["Unavailable_Title"];
        return PageLayout.Render(branding, text, urls, title, html => html.Markup("<h1>").Text(title).Markup("</h1>\n<p>").Text(text["Unavailable_Text"]).Markup("</p>\n"));
    }

    private static void SearchForm(HtmlBuilder html, PageText text, PageUrls urls, string? error, string? number, string? slug)
    {
        html.Markup("<form class=\"search\" method=\"get\" action=\"").Attribute(urls.SearchPath).Markup("\">\n")
            .Markup("<label for=\"tracking_number\">").Text(text["Search_NumberLabel"]).Markup("</label>\n");
        if (error is not null)
        {
            html.Markup("<p class=\"error\" id=\"number-error\">").Text(error).Markup("</p>\n");
        }

        html.Markup("<input id=\"tracking_number\" name=\"tracking_number\" required maxlength=\"").Markup(SearchInput.MaxNumberLength.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Markup("\" autocomplete=\"off\" autocapitalize=\"characters\" spellcheck=\"false\" value=\"").Attribute(number).Markup("\"")
            .Markup(error is null ? ">\n" : " aria-invalid=\"true\" aria-describedby=\"number-error\">\n")
            .Markup("<label for=\"slug\">").Text(text["Search_CourierLabel"]).Markup("</label>\n")
            .Markup("<p class=\"note\" id=\"slug-hint\">").Text(text["Search_CourierHint"]).Markup("</p>\n")
            .Markup("<input id=\"slug\" name=\"slug\" maxlength=\"").Markup(SearchInput.MaxSlugLength.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Markup("\" autocomplete=\"off\" autocapitalize=\"none\" spellcheck=\"false\" aria-describedby=\"slug-hint\" value=\"").Attribute(slug).Markup("\">\n")
            .Markup("<button type=\"submit\">").Text(text["Search_Submit"]).Markup("</button>\n</form>\n");
    }
}
