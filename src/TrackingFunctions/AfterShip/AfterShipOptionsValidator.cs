using Microsoft.Extensions.Options;

namespace TrackingFunctions.AfterShip;

/// <summary>The rules of <see cref="AfterShipOptions"/> that span more than one setting or that attributes cannot say.</summary>
internal sealed class AfterShipOptionsValidator : IValidateOptions<AfterShipOptions>
{
    public ValidateOptionsResult Validate(string? name, AfterShipOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.BaseUrl is { } url && !(url.IsAbsoluteUri && (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp)))
        {
            failures.Add($"AfterShip__BaseUrl must be an absolute http or https URL, such as the default {AfterShipOptions.DefaultBaseUrl}.");
        }

        if (options.TotalTimeout < options.AttemptTimeout)
        {
            failures.Add(
                $"AfterShip__TotalTimeout ({options.TotalTimeout:c}) must be at least AfterShip__AttemptTimeout ({options.AttemptTimeout:c}): " +
                "it bounds the whole call, every attempt and retry included.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
