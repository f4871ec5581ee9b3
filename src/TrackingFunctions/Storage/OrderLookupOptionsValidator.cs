using Microsoft.Extensions.Options;

namespace TrackingFunctions.Storage;

/// <summary>Refuses a hash key too short to be secret, naming the setting as written and never repeating its value.</summary>
internal sealed class OrderLookupOptionsValidator : IValidateOptions<OrderLookupOptions>
{
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

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
