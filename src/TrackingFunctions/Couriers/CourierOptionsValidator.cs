using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace TrackingFunctions.Couriers;

/// <summary>
/// Checks <c>CourierRefreshSchedule</c> at start-up: the host would otherwise only log a bad expression and never run
/// the refresh, leaving the directory to age silently.
/// </summary>
internal sealed partial class CourierOptionsValidator : IValidateOptions<CourierOptions>
{
    public ValidateOptionsResult Validate(string? name, CourierOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var schedule = options.RefreshSchedule?.Trim();
        if (string.IsNullOrEmpty(schedule))
        {
            return ValidateOptionsResult.Fail($"{CourierOptions.ScheduleSetting} is required: an NCRONTAB schedule with six fields (second minute hour day month day-of-week, UTC), for example '0 0 3 * * *' for daily at 03:00.");
        }

        var fields = schedule.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return fields.Length == 6 && fields.All(f => Field().IsMatch(f))
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"{CourierOptions.ScheduleSetting} must be an NCRONTAB schedule with six fields (second minute hour day month day-of-week, UTC), for example '0 0 3 * * *'; got '{schedule}'.");
    }

    // One field: *, a number, a range or a name (MON, JAN), each optionally stepped, separated by commas.
    [GeneratedRegex(@"^(\*|[0-9A-Za-z]+(-[0-9A-Za-z]+)?)(/[0-9]+)?(,(\*|[0-9A-Za-z]+(-[0-9A-Za-z]+)?)(/[0-9]+)?)*$")]
    private static partial Regex Field();
}
