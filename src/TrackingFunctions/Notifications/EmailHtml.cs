using TrackingFunctions.ShopperPage;

namespace TrackingFunctions.Notifications;

/// <summary>
/// The built-in HTML body: what mail clients render. One 600 px table that shrinks to the screen, inline styles
/// only (many clients drop a style element), no script, images by https URL; every value is encoded.
/// </summary>
internal static class EmailHtml
{
    private const string Font = "font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;";

    public static string Render(EmailModel m)
    {
        var html = new HtmlBuilder(4000);
        html.Markup("<!DOCTYPE html>\n<html lang=\"").Attribute(m.Language).Markup("\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Markup("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>").Text(m.Subject).Markup("</title>\n</head>\n")
            .Markup("<body style=\"margin:0;padding:0;background-color:#f3f4f6;\">\n")
            .Markup("<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" style=\"background-color:#f3f4f6;\"><tr><td align=\"center\" style=\"padding:16px 8px;\">\n")
            .Markup("<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" style=\"max-width:600px;background-color:#ffffff;border-radius:6px;\">\n");
        Header(html, m);
        html.Markup("<tr><td style=\"padding:24px;").Markup(Font).Markup("color:#1f2937;font-size:16px;line-height:1.5;\">\n")
            .Markup("<p style=\"margin:0 0 16px;\">").Text(m.Greeting).Markup("</p>\n")
            .Markup("<h1 style=\"margin:0 0 8px;font-size:22px;line-height:1.3;color:#111827;\">").Text(m.StatusTitle).Markup("</h1>\n")
            .Markup("<p style=\"margin:0 0 16px;\">").Text(m.StatusText).Markup("</p>\n");
        if (m.SubtagText is not null)
        {
            html.Markup("<p style=\"margin:0 0 16px;\">").Text(m.SubtagText).Markup("</p>\n");
        }

        if (m.LatestUpdateText is not null)
        {
            html.Markup("<h2 style=\"margin:16px 0 4px;font-size:16px;color:#111827;\">").Text(m.LatestUpdateTitle).Markup("</h2>\n")
                .Markup("<p style=\"margin:0 0 16px;\">");
            if (m.LatestUpdateTime is not null)
            {
                html.Text(m.LatestUpdateTime).Markup("<br>");
            }

            html.Text(m.LatestUpdateText);
            if (m.LatestUpdatePlace is not null)
            {
                html.Markup("<br><span style=\"color:#4b5563;\">").Text(m.LatestUpdatePlace).Markup("</span>");
            }

            html.Markup("</p>\n");
        }

        if (m.Estimate is not null)
        {
            html.Markup("<h2 style=\"margin:16px 0 4px;font-size:16px;color:#111827;\">").Text(m.EstimateTitle).Markup("</h2>\n")
                .Markup("<p style=\"margin:0 0 16px;\">").Text(m.Estimate).Markup("</p>\n");
        }

        html.Markup("<p style=\"margin:0 0 24px;color:#4b5563;\">").Text(m.Courier).Markup(" &middot; ").Text(m.TrackingNumberLabel).Markup(" ")
            .Markup("<span style=\"word-break:break-all;\">").Text(m.TrackingNumber).Markup("</span></p>\n")
            .Markup("<table role=\"presentation\" cellpadding=\"0\" cellspacing=\"0\"><tr><td style=\"border-radius:4px;background-color:").Attribute(m.AccentColor).Markup(";\">")
            .Markup("<a href=\"").Attribute(m.TrackingUrl).Markup("\" style=\"display:inline-block;padding:12px 24px;").Markup(Font)
            .Markup("font-size:16px;font-weight:bold;color:#ffffff;text-decoration:none;\">").Text(m.ButtonText).Markup("</a></td></tr></table>\n");
        if (m.SupportUrl is not null)
        {
            html.Markup("<p style=\"margin:24px 0 0;\"><a href=\"").Attribute(m.SupportUrl).Markup("\" style=\"color:").Attribute(m.AccentColor).Markup(";\">")
                .Text(m.SupportText).Markup("</a></p>\n");
        }

        html.Markup("</td></tr>\n<tr><td style=\"padding:16px 24px;border-top:1px solid #e5e7eb;").Markup(Font).Markup("font-size:13px;line-height:1.5;color:#4b5563;\">\n")
            .Markup("<p style=\"margin:0 0 8px;\">").Text(m.FooterText).Markup("</p>\n")
            .Markup("<p style=\"margin:0;\"><a href=\"").Attribute(m.UnsubscribeUrl).Markup("\" style=\"color:#4b5563;\">").Text(m.UnsubscribeText).Markup("</a></p>\n")
            .Markup("</td></tr>\n</table>\n</td></tr></table>\n</body>\n</html>\n");
        return html.ToString();
    }

    private static void Header(HtmlBuilder html, EmailModel m)
    {
        html.Markup("<tr><td style=\"padding:16px 24px;background-color:").Attribute(m.AccentColor).Markup(";border-radius:6px 6px 0 0;").Markup(Font)
            .Markup("font-size:18px;font-weight:bold;color:#ffffff;\">");
        if (m.LogoUrl is not null)
        {
            html.Markup("<img src=\"").Attribute(m.LogoUrl).Markup("\" alt=\"").Attribute(m.ShopName).Markup("\" height=\"40\" style=\"display:block;height:40px;width:auto;border:0;\">");
        }
        else
        {
            html.Text(m.ShopName.Length > 0 ? m.ShopName : m.StatusTitle);
        }

        html.Markup("</td></tr>\n");
    }
}
