using System.ComponentModel.DataAnnotations;
using System.Reflection;
using Microsoft.Extensions.Options;

namespace TrackingFunctions.Settings;

/// <summary>
/// Runs the DataAnnotations attributes of an options class, of every nested object marked
/// <see cref="ValidateObjectMembersAttribute"/> and of every item of a list marked
/// <see cref="ValidateEnumeratedItemsAttribute"/> (named <c>Section__List__0__Key</c>), naming each failing member by its app setting
/// (<c>The field Import__PageSize must be between 1 and 200.</c>). The platform's <c>ValidateDataAnnotations</c>
/// runs the same attributes but names members by their C# name and skips nested objects.
/// </summary>
internal sealed class AppSettingsValidator<TOptions>(string section) : IValidateOptions<TOptions>
    where TOptions : class
{
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        Collect(options, section, failures);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Collect(object instance, string path, List<string> failures)
    {
        foreach (var property in instance.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length > 0)
            {
                continue;
            }

            var setting = AppSettingNames.Combine(path, property.Name);
            var value = property.GetValue(instance);
            var context = new ValidationContext(instance) { MemberName = property.Name, DisplayName = setting };
            var results = new List<ValidationResult>();
            if (!Validator.TryValidateProperty(value, context, results))
            {
                failures.AddRange(results.Select(r => r.ErrorMessage ?? setting + " is not valid."));
            }

            if (value is not null && property.IsDefined(typeof(ValidateObjectMembersAttribute)))
            {
                Collect(value, setting, failures);
            }

            if (value is System.Collections.IEnumerable items and not string && property.IsDefined(typeof(ValidateEnumeratedItemsAttribute)))
            {
                var index = 0;
                foreach (var item in items)
                {
                    if (item is not null)
                    {
                        Collect(item, $"{setting}__{index}", failures);
                    }

                    index++;
                }
            }
        }
    }
}
