using System.Text;
using TrackingFunctions.Attention;

namespace TrackingFunctions.Tests.Attention;

public sealed class AttentionFactsTests
{
    private static DateTimeOffset? End(string trackingJson) => AttentionFacts.EstimateEnd(Encoding.UTF8.GetBytes(trackingJson));

    [Fact]
    public void An_estimate_lasts_to_the_end_of_its_latest_day_in_utc()
    {
        var tracking = """{"courier_estimated_delivery_date":{"estimated_delivery_date":null,"estimated_delivery_date_min":"2026-11-19","estimated_delivery_date_max":"2026-11-21"}}""";

        Assert.Equal(new DateTimeOffset(2026, 11, 22, 0, 0, 0, TimeSpan.Zero), End(tracking));
    }

    [Fact]
    public void The_estimate_is_the_one_the_tracking_page_shows_the_carrier_first()
    {
        var tracking = """{"courier_estimated_delivery_date":{"estimated_delivery_date":"2026-11-20"},"latest_estimated_delivery":{"type":"specific","source":"AfterShip","datetime":"2026-11-24T18:00:00+01:00"}}""";

        Assert.Equal(new DateTimeOffset(2026, 11, 21, 0, 0, 0, TimeSpan.Zero), End(tracking));
    }

    [Fact]
    public void No_estimate_or_an_unreadable_one_means_no_deadline()
    {
        Assert.Null(End("""{"courier_estimated_delivery_date":null,"latest_estimated_delivery":null}"""));
        Assert.Null(End("""{"courier_estimated_delivery_date":{"estimated_delivery_date":"soon"}}"""));
    }
}
