using System.ComponentModel.DataAnnotations;
using NCrontab;

namespace TrackingFunctions.Settings;

/// <summary>
/// A timer schedule the Functions host accepts on the Flex Consumption plan: an NCRONTAB expression, six fields
/// (second minute hour day month day-of-week, UTC) or the classic five, parsed by the same NCrontab library as the host.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class NcrontabScheduleAttribute : ValidationAttribute
{
    public NcrontabScheduleAttribute()
        => ErrorMessage = "{0} must be an NCRONTAB schedule of six fields (second minute hour day month day-of-week, in UTC), e.g. 0 */15 * * * *.";

    public override bool IsValid(object? value)
    {
        if (value is not string { Length: > 0 } expression)
        {
            // An absent value is [Required]'s to report.
            return value is null || value is string;
        }

        var fields = expression.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        return fields is 5 or 6
            && CrontabSchedule.TryParse(expression, new CrontabSchedule.ParseOptions { IncludingSeconds = fields == 6 }) is not null;
    }
}
