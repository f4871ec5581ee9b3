using Microsoft.Extensions.Options;
using TrackingFunctions.Storage;

namespace TrackingFunctions.Tests.Storage;

public sealed class OrderIndexTests
{
    private const string Key = "0123456789abcdef0123456789abcdef-test-key";

    private static OrderHasher Hasher(string key = Key) => new(Options.Create(new OrderLookupOptions { HashKey = key }));

    [Fact]
    public void Order_fields_come_from_order_number_customers_and_destination_postcode_and_nothing_else_is_parsed()
    {
        var fields = OrderFields.Read("""
            {"checkpoints":[{"message":"x","zip":"99999"}],"order_id":"internal-7","order_number":"#1001",
             "customers":[{"name":"A","email":"A@Example.com"},{"role":"receiver","email":"b@example.com","phone_number":"1"},{"email":""},{"email":"c@example.com"},{"email":"d@example.com"}],
             "destination_postal_code":"SW1A 1AA","tracking_postal_code":"00000","custom_fields":{"order_number":"no"}}
            """);

        Assert.NotNull(fields);
        Assert.Equal("#1001", fields.OrderNumber);
        Assert.Equal(["A@Example.com", "b@example.com", "c@example.com"], fields.Emails);
        Assert.Equal("SW1A 1AA", fields.Postcode);
    }

    [Theory]
    [InlineData("""{"order_id":"X-1","tracking_postal_code":"12345"}""", "X-1", "12345")]
    [InlineData("""{"order_number":"  ","order_id":"X-2"}""", "X-2", null)]
    public void Order_id_and_the_legacy_postcode_fill_in_when_the_newer_fields_are_absent(string json, string order, string? postcode)
    {
        var fields = OrderFields.Read(json);

        Assert.Equal(order, fields!.OrderNumber);
        Assert.Equal(postcode, fields.Postcode);
    }

    [Theory]
    [InlineData("""{"tracking_number":"1"}""")]
    [InlineData("""[1,2]""")]
    [InlineData("""{"order_number":""")]
    [InlineData("""{"order_number":42}""")]
    public void No_order_or_malformed_json_reads_as_no_order(string json)
        => Assert.Null(OrderFields.Read(json));

    [Theory]
    [InlineData("#1001", "1001")]
    [InlineData(" ab-12 34 ", "AB-1234")]
    public void Order_numbers_are_compared_as_the_shopper_types_them(string typed, string normalised)
        => Assert.Equal(normalised, OrderHasher.NormaliseOrder(typed));

    [Fact]
    public void Email_and_postcode_hashes_ignore_case_and_spacing_and_depend_on_the_order_and_the_key()
    {
        var hasher = Hasher();

        Assert.Equal(hasher.Email("1001", "Erika@Example.com "), hasher.Email("1001", " erika@example.com"));
        Assert.Equal(hasher.Postcode("1001", "sw1a 1aa"), hasher.Postcode("1001", "SW1A-1AA"));
        Assert.NotEqual(hasher.Email("1001", "erika@example.com"), hasher.Email("1002", "erika@example.com"));
        Assert.NotEqual(hasher.Email("1001", "erika@example.com"), Hasher(Key + "-other").Email("1001", "erika@example.com"));
        Assert.NotEqual(hasher.Email("1001", "51147"), hasher.Postcode("1001", "51147"));
        Assert.Equal(32, hasher.OrderKey("1001").Length);
    }

    [Theory]
    [InlineData("", 20, true)]
    [InlineData(Key, 1, true)]
    [InlineData(Key, 50, true)]
    [InlineData("too-short", 20, false)]
    [InlineData("                                        ", 20, false)]
    public void Options_accept_an_empty_or_a_long_key(string key, int maxParcels, bool valid)
    {
        var result = new OrderLookupOptionsValidator().Validate(null, new OrderLookupOptions { HashKey = key, MaxParcels = maxParcels });

        Assert.Equal(valid, result.Succeeded);
        if (!valid)
        {
            Assert.Contains("OrderLookup__", result.FailureMessage, StringComparison.Ordinal);
            Assert.DoesNotContain(key.Trim().Length > 0 ? key : "\u0000", result.FailureMessage, StringComparison.Ordinal);
        }
    }
}
