using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using MimeKit;
using TrackingFunctions.Infrastructure;
using TrackingFunctions.Notifications;

namespace TrackingFunctions.Attention;

/// <summary>Checks what the data annotations cannot: the timer's schedule, and the digest's mailbox and SMTP settings.</summary>
internal sealed partial class AlertOptionsValidator(IConfiguration configuration, IOptions<NotificationOptions> notifications) : IValidateOptions<AlertOptions>
{
    public ValidateOptionsResult Validate(string? name, AlertOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (configuration[AttentionRegistration.ScheduleSetting] is not { } schedule || !Ncrontab().IsMatch(schedule))
        {
            errors.Add(AttentionRegistration.ScheduleSetting + " is required: an NCRONTAB schedule of 6 fields (second minute hour day month weekday, UTC), for example \"0 5 * * * *\" for 5 minutes past every hour.");
        }

        if (options.Email.Length > 0)
        {
            if (!MailboxAddress.TryParse(options.Email, out var mailbox) || !mailbox.Address.Contains('@', StringComparison.Ordinal))
            {
                errors.Add("Alerts__Email must be one mailbox such as support@shop.example, or empty for no digest.");
            }

            var smtp = notifications.Value;
            if (smtp.Smtp.Host.Length == 0 || smtp.From.Length == 0)
            {
                errors.Add("Alerts__Email needs Notifications__Smtp__Host and Notifications__From: the digest is sent through the shopper emails' SMTP server (which need not be enabled for shoppers).");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^\s*\S+(\s+\S+){5}\s*$")]
    private static partial System.Text.RegularExpressions.Regex Ncrontab();
}
