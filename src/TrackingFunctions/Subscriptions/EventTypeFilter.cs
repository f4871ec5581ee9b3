using TrackingFunctions.Changes;

namespace TrackingFunctions.Subscriptions;

/// <summary>The <c>event_types</c> of a subscription: change-event types, <c>*</c>, or a prefix ending in <c>.*</c>.</summary>
public static class EventTypeFilter
{
    public const string All = "*";

    public static bool Matches(IReadOnlyList<string> filters, string eventType)
    {
        foreach (var filter in filters)
        {
            if (filter == All
                || string.Equals(filter, eventType, StringComparison.Ordinal)
                || (filter.EndsWith(".*", StringComparison.Ordinal) && eventType.StartsWith(filter[..^1], StringComparison.Ordinal)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Null when every filter names at least one change-event type; otherwise why not.</summary>
    public static string? Validate(IReadOnlyList<string> filters)
    {
        if (filters.Count is 0 or > 20)
        {
            return "event_types must list 1 to 20 types (or \"*\").";
        }

        foreach (var filter in filters)
        {
            if (string.IsNullOrWhiteSpace(filter) || !ChangeEventTypes.All.Any(t => Matches([filter], t)))
            {
                return $"event_types: '{filter}' matches no change-event type; use one of {string.Join(", ", ChangeEventTypes.All)}, \"*\" or a prefix such as \"com.trackingfunctions.tracking.*\".";
            }
        }

        return null;
    }
}
