using System.Text;

namespace TrackingFunctions.Notifications;

/// <summary>The built-in plain-text body, the part beside the HTML for clients (and people) that read text.</summary>
internal static class EmailText
{
    public static string Render(EmailModel m)
    {
        var text = new StringBuilder(1000);
        text.Append(m.Greeting).Append("\n\n").Append(m.StatusTitle).Append('\n').Append(m.StatusText).Append('\n');
        if (m.SubtagText is not null)
        {
            text.Append(m.SubtagText).Append('\n');
        }

        if (m.LatestUpdateText is not null)
        {
            text.Append('\n').Append(m.LatestUpdateTitle).Append(":\n");
            if (m.LatestUpdateTime is not null)
            {
                text.Append(m.LatestUpdateTime).Append('\n');
            }

            text.Append(m.LatestUpdateText).Append('\n');
            if (m.LatestUpdatePlace is not null)
            {
                text.Append(m.LatestUpdatePlace).Append('\n');
            }
        }

        if (m.Estimate is not null)
        {
            text.Append('\n').Append(m.EstimateTitle).Append(": ").Append(m.Estimate).Append('\n');
        }

        text.Append('\n').Append(m.Courier).Append(", ").Append(m.TrackingNumberLabel).Append(' ').Append(m.TrackingNumber).Append('\n')
            .Append(m.ButtonText).Append(": ").Append(m.TrackingUrl).Append('\n');
        if (m.SupportUrl is not null)
        {
            text.Append(m.SupportText).Append(": ").Append(m.SupportUrl).Append('\n');
        }

        text.Append("\n-- \n").Append(m.FooterText).Append('\n').Append(m.UnsubscribeText).Append(": ").Append(m.UnsubscribeUrl).Append('\n');
        return text.ToString();
    }
}
