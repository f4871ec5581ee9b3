using System.Buffers.Text;
using System.Text;
using TrackingFunctions.Subscriptions;

namespace TrackingFunctions.Tests.Subscriptions;

public sealed class DeliveryLogCursorTests
{
    private const string Subscription = "sub_0123456789abcdef01234567";
    private const string RowKey = "a_2517725123456789012_evt-1~2F2_1_3";
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_token_reads_back_as_the_same_cursor_and_is_url_safe()
    {
        var cursor = new DeliveryLogCursor(Subscription, "20261130", RowKey);

        var token = cursor.ToToken();

        Assert.Equal(cursor, DeliveryLogCursor.Parse(token, Subscription, Now));
        Assert.Matches("^[A-Za-z0-9_-]+$", token);
    }

    [Fact]
    public void A_token_of_today_is_accepted_and_one_of_tomorrow_is_not()
    {
        Assert.NotNull(DeliveryLogCursor.Parse(new DeliveryLogCursor(Subscription, "20261201", RowKey).ToToken(), Subscription, Now));
        Assert.Null(DeliveryLogCursor.Parse(new DeliveryLogCursor(Subscription, "20261202", RowKey).ToToken(), Subscription, Now));
    }

    [Fact]
    public void A_token_is_refused_for_another_subscription()
        => Assert.Null(DeliveryLogCursor.Parse(new DeliveryLogCursor(Subscription, "20261130", RowKey).ToToken(), "sub_ffffffffffffffffffffffff", Now));

    [Theory]
    [InlineData("")]
    [InlineData("not base64!")]
    [InlineData("YSBi")]
    [InlineData("2|20261130|a_1|" + Subscription)]
    [InlineData("1|2026-11-30|a_1|" + Subscription)]
    [InlineData("1|20261131|a_1|" + Subscription)]
    [InlineData("1|20261130|d_evt|" + Subscription)]
    [InlineData("1|20261130|a_|" + Subscription)]
    [InlineData("1|20261130|a_1 or true|" + Subscription)]
    [InlineData("1|20261130|a_1/x|" + Subscription)]
    [InlineData("1|20261130|a_1")]
    public void Anything_this_api_did_not_hand_out_reads_as_no_cursor(string payload)
    {
        var token = payload.Contains('|', StringComparison.Ordinal) ? Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payload)) : payload;

        Assert.Null(DeliveryLogCursor.Parse(token, Subscription, Now));
    }

    [Fact]
    public void Bytes_that_are_not_utf8_or_a_token_too_long_read_as_no_cursor()
    {
        Assert.Null(DeliveryLogCursor.Parse(Base64Url.EncodeToString([0xC3, 0x28, 0x7C]), Subscription, Now));
        Assert.Null(DeliveryLogCursor.Parse(new DeliveryLogCursor(Subscription, "20261130", "a_" + new string('1', 2000)).ToToken(), Subscription, Now));
    }
}
