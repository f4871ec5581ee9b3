using TrackingFunctions.Attention;

namespace TrackingFunctions.Tests.Attention;

public sealed class AttentionFactsTests
{
    private const string None = """{"courier_estimated_delivery_date":null,"aftership_estimated_delivery_date":null,"custom_estimated_delivery_date":null,"latest_estimated_delivery":null}""";

    [Fact]
    public void A_date_only_estimate_lasts_to_the_end_of_its_day_at_its_latest_bound()
    {
        var estimates = """{"courier_estimated_delivery_date":{"estimated_delivery_date":"2026-11-20","estimated_delivery_date_min":"2026-11-19","estimated_delivery_date_max":"2026-11-21"}}""";

        Assert.Equal(new DateTimeOffset(2026, 11, 22, 0, 0, 0, TimeSpan.Zero), AttentionFacts.EstimateEnd(estimates));
    }

    [Fact]
    public void The_latest_estimated_delivery_wins_over_the_carrier_estimate()
    {
        var estimates = """{"courier_estimated_delivery_date":{"estimated_delivery_date":"2026-11-20"},"latest_estimated_delivery":{"type":"specific","source":"AfterShip","datetime":"2026-11-24T18:00:00+01:00","datetime_min":null,"datetime_max":null}}""";

        Assert.Equal(new DateTimeOffset(2026, 11, 24, 17, 0, 0, TimeSpan.Zero), AttentionFacts.EstimateEnd(estimates));
    }

    [Fact]
    public void No_estimate_or_an_unreadable_one_means_no_deadline()
    {
        Assert.Null(AttentionFacts.EstimateEnd(None));
        Assert.Null(AttentionFacts.EstimateEnd("""{"courier_estimated_delivery_date":{"estimated_delivery_date":"soon"}}"""));
    }
}
