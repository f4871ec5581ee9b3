using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using MimeKit;
using TrackingFunctions.Storage;

namespace TrackingFunctions.Notifications;

/// <summary>Turns a stored tracking, a milestone and a recipient into the email: content, unsubscribe link, MIME message.</summary>
internal sealed class EmailComposer(EmailModelBuilder models, EmailTemplates templates, UnsubscribeTokens tokens, AddressHasher hasher, IOptions<NotificationOptions> options)
{
    public async Task<MimeMessage> ComposeAsync(string milestone, StoredTracking tracking, Customer customer)
    {
        var hash = hasher.Hash(customer.Email);
        var unsubscribe = models.UnsubscribeUrl(tokens.Create(hash));
        var model = models.Build(milestone, tracking.TrackingJson ?? "{}", tracking.Slug ?? string.Empty, tracking.TrackingNumber ?? string.Empty, customer.Name, customer.Language, unsubscribe);
        var content = await templates.RenderAsync(model);
        var from = MailboxAddress.Parse(options.Value.From);
        return MilestoneMessage.Create(content, from, new MailboxAddress(customer.Name ?? string.Empty, customer.Email), unsubscribe, MessageId(tracking.Id, milestone, hash, from));
    }

    /// <summary>What a milestone's email for the tracking looks like in a language, with a sample unsubscribe link; sends nothing.</summary>
    public ValueTask<EmailContent> PreviewAsync(string milestone, StoredTracking tracking, string? language)
    {
        var model = models.Build(milestone, tracking.TrackingJson ?? "{}", tracking.Slug ?? string.Empty, tracking.TrackingNumber ?? string.Empty, null, language, models.UnsubscribeUrl("preview"));
        return templates.RenderAsync(model);
    }

    /// <summary>The same on every attempt for one recipient, so a receiving server or client can tell a re-send for what it is.</summary>
    private static string MessageId(string trackingId, string milestone, string addressHash, MailboxAddress from)
    {
        var id = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(trackingId + "|" + milestone + "|" + addressHash)))[..32];
        var domain = from.Domain is { Length: > 0 } d ? d : "trackingfunctions.invalid";
        return $"{id}.{milestone.ToLowerInvariant()}@{domain}";
    }
}
