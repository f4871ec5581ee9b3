using MimeKit;

namespace TrackingFunctions.Notifications;

/// <summary>The MIME message of one milestone email: multipart/alternative (text, then HTML) with RFC 8058 one-click unsubscribe.</summary>
internal static class MilestoneMessage
{
    public static MimeMessage Create(EmailContent content, MailboxAddress from, MailboxAddress to, string unsubscribeUrl, string messageId)
    {
        var message = new MimeMessage { Subject = content.Subject, MessageId = messageId };
        message.From.Add(from);
        message.To.Add(to);

        // RFC 2369 and RFC 8058: mail clients offer an unsubscribe button that POSTs to the link without cookies.
        message.Headers.Add("List-Unsubscribe", "<" + unsubscribeUrl + ">");
        message.Headers.Add("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        message.Headers.Add("Auto-Submitted", "auto-generated");
        message.Body = new BodyBuilder { TextBody = content.Text, HtmlBody = content.Html }.ToMessageBody();
        return message;
    }
}
