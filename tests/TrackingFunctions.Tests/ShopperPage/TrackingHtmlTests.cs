using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace TrackingFunctions.Tests.ShopperPage;

public sealed partial class TrackingHtmlTests
{
    [Fact]
    public void Script_and_entities_in_a_checkpoint_message_are_shown_as_text_not_markup()
    {
        var json = ShipmentJson.Tracking();
        json["checkpoints"]![0]!["message"] = "<script>alert('x')</script> &amp; \"quoted\" <img src=x onerror=alert(1)>";
        json["checkpoints"]![0]!["location"] = "</li><li>Fake & real";

        var html = PageHarness.Render(json.ToJsonString());

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img src=x", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp;amp; &quot;quoted&quot;", html, StringComparison.Ordinal);
        Assert.Contains("&lt;/li&gt;&lt;li&gt;Fake &amp; real", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Branding_values_are_escaped_too()
    {
        var html = PageHarness.Render(ShipmentJson.Tracking().ToJsonString());

        Assert.Contains("Kaffee &amp; Co &lt;Rösterei&gt;", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<Rösterei>", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("InTransit")]
    [InlineData("Delivered")]
    [InlineData("Exception")]
    public void Customer_personal_data_and_private_links_are_never_rendered(string tag)
    {
        var html = PageHarness.Render(ShipmentJson.Tracking(tag).ToJsonString());

        Assert.DoesNotContain(ShipmentJson.CustomerName, html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(ShipmentJson.CustomerEmail, html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(ShipmentJson.CustomerPhone, html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(ShipmentJson.Street, html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(ShipmentJson.PostalCode, html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(ShipmentJson.OrderId, html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(ShipmentJson.SignedBy, html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("secret", html, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("Pending", "Waiting for the first scan")]
    [InlineData("InfoReceived", "Your parcel is being prepared")]
    [InlineData("InTransit", "Your parcel is on its way")]
    [InlineData("OutForDelivery", "Out for delivery")]
    [InlineData("AttemptFail", "Delivery attempt failed")]
    [InlineData("AvailableForPickup", "Ready for pickup")]
    [InlineData("Delivered", "Delivered")]
    [InlineData("Exception", "There is a problem with your parcel")]
    [InlineData("Expired", "No recent tracking information")]
    [InlineData("SomethingNew", "Tracking your parcel")]
    public void Each_tag_has_its_own_heading_in_plain_words(string tag, string heading)
    {
        var html = PageHarness.Render(ShipmentJson.Tracking(tag).ToJsonString());

        Assert.Contains("<h1>" + heading + "</h1>", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Exception", "Exception_007", "Action needed:", "The address seems to be wrong")]
    [InlineData("Exception", "Exception_013", null, "The parcel was lost.")]
    [InlineData("AvailableForPickup", "AvailableForPickup_001", "Action needed:", "Please collect your parcel")]
    [InlineData("InTransit", "InTransit_005", null, "It has cleared customs.")]
    public void Shopper_relevant_subtags_add_a_sentence_and_flag_actions(string tag, string subtag, string? flag, string sentence)
    {
        var html = PageHarness.Render(ShipmentJson.Tracking(tag, subtag).ToJsonString());

        Assert.Contains(sentence, html, StringComparison.Ordinal);
        Assert.Equal(flag is not null, html.Contains("Action needed:", StringComparison.Ordinal));
    }

    [Fact]
    public void Problem_pages_offer_the_support_link_as_a_button()
    {
        var exception = PageHarness.Render(ShipmentJson.Tracking("Exception").ToJsonString());
        var inTransit = PageHarness.Render(ShipmentJson.Tracking("InTransit").ToJsonString());

        Assert.Contains("class=\"button\" href=\"https://shop.example.com/help\"", exception, StringComparison.Ordinal);
        Assert.DoesNotContain("class=\"button\" href=\"https://shop.example.com/help\"", inTransit, StringComparison.Ordinal);
    }

    [Fact]
    public void Delivered_page_shows_the_delivery_day_instead_of_an_estimate()
    {
        var html = PageHarness.Render(ShipmentJson.Tracking("Delivered").ToJsonString());

        Assert.Contains("Delivered on Sunday, November 22, 2026", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Expected delivery", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Three_hundred_checkpoints_are_all_listed_newest_first()
    {
        var html = PageHarness.Render(ShipmentJson.Tracking(checkpoints: 300).ToJsonString());

        var items = ScanMessage().Matches(html).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(300, items.Count);
        Assert.Equal(Enumerable.Range(1, 300).Reverse(), items);
    }

    [Fact]
    public void Checkpoint_time_is_the_wall_clock_of_the_scan_place_not_converted()
    {
        var json = ShipmentJson.Tracking(checkpoints: 0);
        json["checkpoints"] = new JsonArray(
            new JsonObject { ["checkpoint_time"] = "2026-11-24T23:30:00-05:00", ["message"] = "New York scan" },
            new JsonObject { ["checkpoint_time"] = "2026-11-25T05:00:00+01:00", ["message"] = "Köln scan" },
            new JsonObject { ["checkpoint_time"] = "2026-11-23", ["message"] = "Day only" });

        var html = PageHarness.Render(json.ToJsonString());

        // 23:30 in New York is 05:30 in Köln, so the New York scan is the newer one and keeps its own clock.
        Assert.Contains("<time datetime=\"2026-11-24T23:30\">Tuesday, November 24, 2026, 11:30&#x202F;PM</time>", html, StringComparison.Ordinal);
        Assert.Contains("<time datetime=\"2026-11-23\">Monday, November 23, 2026</time>", html, StringComparison.Ordinal);
        Assert.True(html.IndexOf("New York scan", StringComparison.Ordinal) < html.IndexOf("Köln scan", StringComparison.Ordinal));
    }

    [Fact]
    public void A_tracking_with_only_an_id_renders_without_failing()
    {
        var html = PageHarness.Render("{\"id\":\"x\",\"checkpoints\":[{},{\"message\":null,\"checkpoint_time\":\"not a date\"},7]}");

        Assert.Contains("<h1>Tracking your parcel</h1>", html, StringComparison.Ordinal);
        Assert.Contains("The courier has not given a delivery date yet.", html, StringComparison.Ordinal);
        Assert.Contains("00340434161094042557", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Track with", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_history_says_so()
    {
        var html = PageHarness.Render(ShipmentJson.Tracking("Pending", checkpoints: 0).ToJsonString());

        Assert.Contains("No scans yet.", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<ol class=\"timeline\"", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("javascript:alert(1)")]
    [InlineData("data:text/html,<script>alert(1)</script>")]
    [InlineData("/relative/path")]
    public void A_courier_link_that_is_not_http_is_dropped(string link)
    {
        var json = ShipmentJson.Tracking();
        json["courier_tracking_link"] = link;

        var html = PageHarness.Render(json.ToJsonString());

        Assert.DoesNotContain("Track with", html, StringComparison.Ordinal);
        Assert.DoesNotContain("javascript:", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Courier_and_tracking_number_and_courier_link_are_shown()
    {
        var html = PageHarness.Render(ShipmentJson.Tracking().ToJsonString());

        Assert.Contains("<dd>DHL</dd>", html, StringComparison.Ordinal);
        Assert.Contains("<dd class=\"number\">00340434161094042557</dd>", html, StringComparison.Ordinal);
        Assert.Contains("href=\"https://www.dhl.de/de/privatkunden/pakete-empfangen/verfolgen.html?piececode=00340434161094042557\" rel=\"noopener noreferrer\"", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("en", "<html lang=\"en\">", "Your parcel is on its way", "Monday, November 23, 2026")]
    [InlineData("en-GB", "<html lang=\"en\">", "Your parcel is on its way", "Monday, 23 November 2026")]
    [InlineData("de", "<html lang=\"de\">", "Ihr Paket ist unterwegs", "Montag, 23. November 2026")]
    [InlineData("de-AT", "<html lang=\"de\">", "Sendungsverlauf", "Montag, 23. November 2026")]
    public void Each_language_has_its_strings_and_date_format(string language, string lang, string phrase, string date)
    {
        var html = PageHarness.Render(ShipmentJson.Tracking().ToJsonString(), language);

        Assert.Contains(lang, html, StringComparison.Ordinal);
        Assert.Contains(phrase, html, StringComparison.Ordinal);
        Assert.Contains(date, html, StringComparison.Ordinal);
    }

    [Fact]
    public void Page_has_landmarks_headings_and_no_inline_script_or_style()
    {
        var html = PageHarness.Render(ShipmentJson.Tracking().ToJsonString());

        Assert.Contains("<header class=\"brand\">", html, StringComparison.Ordinal);
        Assert.Contains("<main id=\"main\">", html, StringComparison.Ordinal);
        Assert.Contains("<footer>", html, StringComparison.Ordinal);
        Assert.Single(Regex.Matches(html, "<h1>"));
        Assert.DoesNotContain("<script", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<style", html, StringComparison.Ordinal);
        Assert.DoesNotContain("style=", html, StringComparison.Ordinal);
        Assert.Matches("<link rel=\"stylesheet\" href=\"/api/track/assets/page-[0-9a-f]{12}\\.css\">", html);
    }

    [Fact]
    public void A_typical_tracking_is_well_under_50_KB_of_HTML_and_CSS()
    {
        var html = PageHarness.Render(ShipmentJson.Tracking(checkpoints: 25).ToJsonString());
        var css = PageHarness.Assets().Stylesheet.Content;

        var total = Encoding.UTF8.GetByteCount(html) + css.Length;

        Assert.True(total <= 50 * 1024, $"HTML {Encoding.UTF8.GetByteCount(html)} B + CSS {css.Length} B = {total} B");
    }

    [GeneratedRegex("Scan (\\d+): parcel processed")]
    private static partial Regex ScanMessage();
}
