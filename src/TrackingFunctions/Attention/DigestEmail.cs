using System.Globalization;
using System.Net;
using System.Text;
using MimeKit;

namespace TrackingFunctions.Attention;

/// <summary>
/// The hourly digest as an email for the shop's team: a count per cause, then one line per parcel (at most
/// <see cref="MaxListed"/>), plain text beside simple table HTML. Carries only the shop's own references (tracking
/// number, courier, order number), never a shopper's name or address.
/// </summary>
internal static class DigestEmail
{
    public const int MaxListed = 200;

    private static readonly Dictionary<string, string> Causes = new(StringComparer.Ordinal)
    {
        [AttentionCauses.Exception] = "Exception",
        [AttentionCauses.AttemptFail] = "Failed delivery attempt",
        [AttentionCauses.NoCheckpoint] = "No new checkpoint",
        [AttentionCauses.StillPending] = "Not picked up (still pending)",
        [AttentionCauses.EstimatePassed] = "Delivery estimate passed",
    };

    public static MimeMessage Compose(string from, string to, IReadOnlyList<DigestEntry> entries, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var subject = string.Create(CultureInfo.InvariantCulture, $"{entries.Count} {(entries.Count == 1 ? "parcel needs" : "parcels need")} attention");
        var counts = entries.GroupBy(e => e.Cause).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).ToList();
        var text = new StringBuilder();
        var html = new StringBuilder("<table role=\"presentation\" style=\"font-family:Arial,sans-serif;font-size:14px;border-collapse:collapse\">");
        text.Append(CultureInfo.InvariantCulture, $"{subject} (until {now.UtcDateTime:yyyy-MM-dd HH:mm} UTC)\n\n");
        html.Append(CultureInfo.InvariantCulture, $"<tr><td colspan=\"4\" style=\"padding:8px 0;font-size:18px\"><strong>{Encode(subject)}</strong></td></tr>");
        foreach (var group in counts)
        {
            text.Append(CultureInfo.InvariantCulture, $"{Label(group.Key)}: {group.Count()}\n");
            html.Append(CultureInfo.InvariantCulture, $"<tr><td colspan=\"4\" style=\"padding:2px 0\">{Encode(Label(group.Key))}: {group.Count()}</td></tr>");
        }

        text.Append('\n');
        html.Append("<tr><th align=\"left\" style=\"padding:8px 12px 4px 0\">Cause</th><th align=\"left\" style=\"padding:8px 12px 4px 0\">Tracking number</th><th align=\"left\" style=\"padding:8px 12px 4px 0\">Order</th><th align=\"left\" style=\"padding:8px 0 4px 0\">Since</th></tr>");
        foreach (var entry in entries.Take(MaxListed))
        {
            var parcel = $"{entry.TrackingNumber} ({entry.Slug})";
            text.Append(CultureInfo.InvariantCulture, $"- {Label(entry.Cause)}: {parcel}, order {entry.OrderNumber ?? "-"}{(entry.SinceDay.Length > 0 ? ", since " + entry.SinceDay : string.Empty)}\n");
            html.Append(CultureInfo.InvariantCulture, $"<tr><td style=\"padding:2px 12px 2px 0\">{Encode(Label(entry.Cause))}</td><td style=\"padding:2px 12px 2px 0\">{Encode(parcel)}</td><td style=\"padding:2px 12px 2px 0\">{Encode(entry.OrderNumber ?? "-")}</td><td style=\"padding:2px 0\">{Encode(entry.SinceDay)}</td></tr>");
        }

        if (entries.Count > MaxListed)
        {
            text.Append(CultureInfo.InvariantCulture, $"... and {entries.Count - MaxListed} more (read the attention events for all of them).\n");
            html.Append(CultureInfo.InvariantCulture, $"<tr><td colspan=\"4\" style=\"padding:8px 0\">... and {entries.Count - MaxListed} more.</td></tr>");
        }

        html.Append("</table>");
        var message = new MimeMessage { Subject = subject };
        message.From.Add(MailboxAddress.Parse(from));
        message.To.Add(MailboxAddress.Parse(to));
        message.Body = new BodyBuilder { TextBody = text.ToString(), HtmlBody = html.ToString() }.ToMessageBody();
        return message;
    }

    private static string Label(string cause) => Causes.TryGetValue(cause, out var label) ? label : cause;

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
