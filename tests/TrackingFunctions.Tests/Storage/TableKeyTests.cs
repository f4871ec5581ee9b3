using TrackingFunctions.Storage;

namespace TrackingFunctions.Tests.Storage;

public sealed class TableKeyTests
{
    [Theory]
    [InlineData("1Z999AA10123456784")]
    [InlineData("0123456789abcdef0123456789abcdef")]
    [InlineData("a-b_c.d")]
    public void Ordinary_ids_and_numbers_stay_readable(string value)
    {
        Assert.Equal(value, TableKey.Encode(value));
    }

    [Theory]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    [InlineData("a#b")]
    [InlineData("a?b")]
    [InlineData("tab\there")]
    [InlineData("nul\0del\u007Fc1\u0085")]
    [InlineData("percent%quote'tilde~")]
    [InlineData("ünïcødé 番号")]
    [InlineData("")]
    public void Any_string_becomes_a_valid_key(string value)
    {
        var key = TableKey.Encode(value);

        Assert.True(TableKey.IsValidKey(key), key);
        Assert.DoesNotContain('%', key);
        Assert.DoesNotContain('\'', key);
    }

    [Fact]
    public void Distinct_values_get_distinct_keys()
    {
        string[] values = ["a/b", "a~2Fb", "a#b", "A/B", "a b", "a+b"];

        Assert.Equal(values.Length, values.Select(TableKey.Encode).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Very_long_values_are_hashed_under_the_key_limit_and_stay_distinct()
    {
        var a = new string('/', 5000) + "a";
        var b = new string('/', 5000) + "b";

        var keyA = TableKey.Encode(a);
        var keyB = TableKey.Encode(b);

        Assert.True(keyA.Length <= TableKey.MaxLength);
        Assert.True(TableKey.IsValidKey(keyA));
        Assert.NotEqual(keyA, keyB);
        Assert.Equal(keyA, TableKey.Encode(a));
    }
}
