using Microsoft.Extensions.Options;

namespace TrackingFunctions.Storage;

/// <summary>Refuses a hash key too short to be secret and a parcel cap outside 1 to 50, naming the settings as written.</summary>
internal sealed class OrderLookupOptionsValidator : IValidateOptions<OrderLookupOptions>
{
    public const int MaxParcelsLimit = 50;

    public ValidateOptionsResult Validate(string? name, OrderLookupOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.HashKey.Length is > 0 and < OrderLookupOptions.MinimumKeyLength || (options.HashKey.Length > 0 && string.IsNullOrWhiteSpace(options.HashKey)))
        {
            failures.Add(
                $"OrderLookup__HashKey must be empty (order lookup off) or a secret of at least {OrderLookupOptions.MinimumKeyLength} characters " +
                $"(it has {options.HashKey.Length}); generate one with 'openssl rand -base64 48'.");
        }

        if (options.MaxParcels is < 1 or > MaxParcelsLimit)
        {
            failures.Add($"OrderLookup__MaxParcels must be between 1 and {MaxParcelsLimit} (it is {options.MaxParcels}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
