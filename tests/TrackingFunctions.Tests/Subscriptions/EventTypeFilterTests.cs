using TrackingFunctions.Changes;
using TrackingFunctions.Subscriptions;

namespace TrackingFunctions.Tests.Subscriptions;

public sealed class EventTypeFilterTests
{
    [Theory]
    [InlineData("*", ChangeEventTypes.Delivered, true)]
    [InlineData(ChangeEventTypes.Delivered, ChangeEventTypes.Delivered, true)]
    [InlineData(ChangeEventTypes.Delivered, ChangeEventTypes.Exception, false)]
    [InlineData("com.trackingfunctions.tracking.*", ChangeEventTypes.Created, true)]
    [InlineData("com.trackingfunctions.*", ChangeEventTypes.Created, true)]
    [InlineData("com.other.*", ChangeEventTypes.Created, false)]
    public void Matches_exact_types_the_wildcard_and_dot_star_prefixes(string filter, string type, bool matches)
        => Assert.Equal(matches, EventTypeFilter.Matches([filter], type));

    [Fact]
    public void Validate_refuses_filters_that_match_no_change_event_type()
    {
        Assert.Null(EventTypeFilter.Validate(["*"]));
        Assert.Null(EventTypeFilter.Validate([ChangeEventTypes.Delivered, "com.trackingfunctions.tracking.*"]));
        Assert.NotNull(EventTypeFilter.Validate(["com.example.order.paid"]));
        Assert.NotNull(EventTypeFilter.Validate([]));
        Assert.NotNull(EventTypeFilter.Validate(["delivered*"]));
    }
}
