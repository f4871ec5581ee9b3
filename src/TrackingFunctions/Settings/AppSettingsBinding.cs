using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace TrackingFunctions.Settings;

/// <summary>
/// Binds a section to its options and turns the binder's conversion error (<c>Failed to convert configuration value
/// at 'Import:PageSize' to type 'System.Int32'</c>) into a start-up failure that names the app setting and what it
/// accepts. The value itself is left out: a secret pasted into the wrong setting must not reach a log.
/// </summary>
internal static partial class AppSettingsBinding
{
    public static void Bind<TOptions>(IConfiguration configuration, string section, TOptions options)
        where TOptions : class
    {
        var source = string.IsNullOrEmpty(section) ? configuration : configuration.GetSection(section);
        try
        {
            source.Bind(options);
        }
        catch (InvalidOperationException ex)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(TOptions), [Describe(ex.Message, typeof(TOptions), section)]);
        }
    }

    private static string Describe(string binderMessage, Type optionsType, string section)
    {
        var match = ConversionFailure().Match(binderMessage);
        if (!match.Success)
        {
            return $"The settings of {(string.IsNullOrEmpty(section) ? "the app" : AppSettingNames.FromPath(section) + "__*")} could not be read: {binderMessage}";
        }

        var path = match.Groups["path"].Value;
        var setting = AppSettingNames.FromPath(path);
        var type = match.Groups["type"].Value;
        var accepted = Property(optionsType, section, path)?.GetCustomAttributes<ValidationAttribute>()
            .Where(a => a is not RequiredAttribute)
            .Select(a => a.FormatErrorMessage(setting))
            .ToList() ?? [];
        return $"{setting} is not a valid {Friendly(type)}." + (accepted.Count > 0 ? " " + string.Join(" ", accepted) : string.Empty);
    }

    private static PropertyInfo? Property(Type optionsType, string section, string path)
    {
        var relative = string.IsNullOrEmpty(section) ? path : path[Math.Min(path.Length, section.Length + 1)..];
        PropertyInfo? property = null;
        var type = optionsType;
        foreach (var part in relative.Split(':'))
        {
            property = type.GetProperty(part, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
            if (property is null)
            {
                return null;
            }

            type = property.PropertyType;
        }

        return property;
    }

    private static string Friendly(string type) => type switch
    {
        "System.Int32" or "System.Int64" => "whole number",
        "System.Double" or "System.Decimal" => "number",
        "System.Boolean" => "boolean (true or false)",
        "System.TimeSpan" => "time span ([d.]hh:mm:ss[.fff], e.g. 00:00:15)",
        "System.Uri" => "URL",
        _ when type.EndsWith("LogLevel", StringComparison.Ordinal) => "log level (Trace, Debug, Information, Warning, Error, Critical, None)",
        _ => type,
    };

    [GeneratedRegex("at '(?<path>[^']+)' to type '(?<type>[^']+)'")]
    private static partial Regex ConversionFailure();
}
