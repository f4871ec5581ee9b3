using System.Globalization;
using Microsoft.Extensions.Options;
using MimeKit;
using TrackingFunctions.ShopperPage;

namespace TrackingFunctions.Notifications;

/// <summary>Checks the shopper-email settings at start, naming each as a user writes it. With emails off only their shape is checked.</summary>
internal sealed class NotificationOptionsValidator(IOptions<TrackingPageOptions> page) : IValidateOptions<NotificationOptions>
{
    public ValidateOptionsResult Validate(string? name, NotificationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        var unknown = options.MilestoneSet().Where(m => !Milestone.Known.Contains(m)).ToList();
        if (unknown.Count > 0)
        {
            errors.Add($"Notifications__Milestones lists {string.Join(", ", unknown)}; the milestones are {string.Join(", ", Milestone.Known.Order(StringComparer.Ordinal))}.");
        }

        if (!PageLanguage.Supported.Contains(options.DefaultLanguage))
        {
            errors.Add($"Notifications__DefaultLanguage must be one of {string.Join(", ", PageLanguage.Supported)}, not '{options.DefaultLanguage}'.");
        }

        if (options.RatePerMinute is < 1 or > 6000)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"Notifications__RatePerMinute must be from 1 to 6000 emails a minute, not {options.RatePerMinute}."));
        }

        if (options.MaxAttempts is < 1 or > 50)
        {
            errors.Add($"Notifications__MaxAttempts must be from 1 to 50, not {options.MaxAttempts}.");
        }

        if (options.RetryBaseDelay < TimeSpan.FromSeconds(1) || options.RetryBaseDelay > TimeSpan.FromHours(1))
        {
            errors.Add($"Notifications__RetryBaseDelay must be from 00:00:01 to 01:00:00, not {options.RetryBaseDelay}.");
        }

        QuietHoursErrors(options.QuietHours, errors);
        if (options.Smtp.Port is < 1 or > 65535)
        {
            errors.Add($"Notifications__Smtp__Port must be from 1 to 65535, not {options.Smtp.Port}.");
        }

        if (options.Smtp.Timeout < TimeSpan.FromSeconds(1) || options.Smtp.Timeout > TimeSpan.FromMinutes(5))
        {
            errors.Add($"Notifications__Smtp__Timeout must be from 00:00:01 to 00:05:00, not {options.Smtp.Timeout}.");
        }

        if (options.Enabled)
        {
            EnabledErrors(options, errors);
        }

        errors.AddRange(EmailTemplates.Load(options.TemplatesPath).Errors);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private void EnabledErrors(NotificationOptions options, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(options.Smtp.Host))
        {
            errors.Add("Notifications__Smtp__Host is required when Notifications__Enabled is true (for Azure Communication Services: smtp.azurecomm.net).");
        }

        if (!MailboxAddress.TryParse(options.From, out var from) || !from.Address.Contains('@', StringComparison.Ordinal))
        {
            errors.Add("Notifications__From must be a sender address such as noreply@shop.example or 'Shop <noreply@shop.example>' when Notifications__Enabled is true.");
        }

        if (options.UnsubscribeKey.Length < 32)
        {
            errors.Add("Notifications__UnsubscribeKey must be a secret of at least 32 characters when Notifications__Enabled is true.");
        }

        if (options.Smtp.UserName.Length > 0 && options.Smtp.Password.Length == 0)
        {
            errors.Add("Notifications__Smtp__Password is required when Notifications__Smtp__UserName is set.");
        }

        if (page.Value.PublicBaseUrl is not { IsAbsoluteUri: true } baseUrl || (baseUrl.Scheme != Uri.UriSchemeHttps && !baseUrl.IsLoopback))
        {
            errors.Add("TrackingPage__PublicBaseUrl must be the app's absolute https URL with its route prefix (https://track.shop.example/api) when Notifications__Enabled is true: emails link to it.");
        }
    }

    private static void QuietHoursErrors(QuietHoursOptions quiet, List<string> errors)
    {
        try
        {
            QuietHours.Parse(quiet);
        }
        catch (FormatException)
        {
            errors.Add($"Notifications__QuietHours__Start and Notifications__QuietHours__End must both be local times as HH:mm (21:00), not '{quiet.Start}' and '{quiet.End}'.");
        }
        catch (TimeZoneNotFoundException)
        {
            errors.Add($"Notifications__QuietHours__TimeZone must be an IANA time zone such as Europe/Berlin, not '{quiet.TimeZone}'.");
        }
        catch (InvalidTimeZoneException)
        {
            errors.Add($"Notifications__QuietHours__TimeZone must be an IANA time zone such as Europe/Berlin, not '{quiet.TimeZone}'.");
        }
    }
}
