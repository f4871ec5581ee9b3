using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Logging;

namespace TrackingFunctions.Telemetry;

/// <summary>Logging and metrics settings (section <c>Telemetry</c>).</summary>
public sealed class TelemetryOptions
{
    public const string SectionName = "Telemetry";

    /// <summary>
    /// Level of the Azure SDK's own log records (categories <c>Azure.Core</c>, <c>Azure.Storage</c>, …). Default
    /// <see cref="LogLevel.Warning"/>: at Information the SDK writes a record per request, response and retry of every
    /// storage call. Set <c>Information</c> to see them while investigating.
    /// </summary>
    [EnumDataType(typeof(LogLevel), ErrorMessage = "{0} must be a log level: Trace, Debug, Information, Warning, Error, Critical or None.")]
    public LogLevel AzureSdkLogLevel { get; set; } = LogLevel.Warning;
}
