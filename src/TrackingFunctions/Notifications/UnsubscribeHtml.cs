using TrackingFunctions.ShopperPage;

namespace TrackingFunctions.Notifications;

/// <summary>The unsubscribe pages, in the tracking page's frame: confirm (a form that POSTs), done, and a broken link.</summary>
internal static class UnsubscribeHtml
{
    public static string Confirm(PageBranding branding, PageText text, PageUrls urls, string action)
        => PageLayout.Render(branding, text, urls, text["Unsubscribe_Title"], html => html
            .Markup("<section>\n<h1>").Text(text["Unsubscribe_Title"]).Markup("</h1>\n<p>").Text(text["Unsubscribe_Text"]).Markup("</p>\n")
            .Markup("<form method=\"post\" action=\"").Attribute(action).Markup("\">\n")
            .Markup("<input type=\"hidden\" name=\"List-Unsubscribe\" value=\"One-Click\">\n")
            .Markup("<button type=\"submit\">").Text(text["Unsubscribe_Button"]).Markup("</button>\n</form>\n</section>\n"));

    public static string Done(PageBranding branding, PageText text, PageUrls urls)
        => Message(branding, text, urls, "Unsubscribe_Done_Title", "Unsubscribe_Done_Text");

    public static string Invalid(PageBranding branding, PageText text, PageUrls urls)
        => Message(branding, text, urls, "Unsubscribe_Invalid_Title", "Unsubscribe_Invalid_Text");

    private static string Message(PageBranding branding, PageText text, PageUrls urls, string title, string body)
        => PageLayout.Render(branding, text, urls, text[title], html => html
            .Markup("<section>\n<h1>").Text(text[title]).Markup("</h1>\n<p>").Text(text[body]).Markup("</p>\n</section>\n"));
}
