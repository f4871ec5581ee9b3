using Microsoft.Extensions.Options;

namespace TrackingFunctions.ShopperPage;

/// <summary>Refuses branding that would make the page unsafe (non-https images) or unreadable (low contrast).</summary>
internal sealed class TrackingPageOptionsValidator : IValidateOptions<TrackingPageOptions>
{
    public ValidateOptionsResult Validate(string? name, TrackingPageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.LogoUrl is { } logo && !(logo.IsAbsoluteUri && logo.Scheme == Uri.UriSchemeHttps))
        {
            failures.Add("TrackingPage__LogoUrl must be an absolute https URL (the page's Content-Security-Policy allows https images only).");
        }

        if (options.SupportUrl is { } support && !(support.IsAbsoluteUri && (support.Scheme == Uri.UriSchemeHttps || support.Scheme == Uri.UriSchemeMailto)))
        {
            failures.Add("TrackingPage__SupportUrl must be an absolute https or mailto URL.");
        }

        if (!HexColor.TryParse(options.AccentColor, out var accent))
        {
            failures.Add("TrackingPage__AccentColor must be a hex colour such as #1F5FAD.");
        }
        else if (HexColor.ContrastRatio(accent, HexColor.White) < HexColor.MinimumTextContrast)
        {
            failures.Add(
                $"TrackingPage__AccentColor {options.AccentColor} has a contrast of {HexColor.ContrastRatio(accent, HexColor.White):0.00}:1 against white; " +
                $"WCAG AA needs {HexColor.MinimumTextContrast}:1. Choose a darker colour.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
