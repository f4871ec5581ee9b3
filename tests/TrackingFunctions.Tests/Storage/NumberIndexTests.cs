using TrackingFunctions.Storage;

namespace TrackingFunctions.Tests.Storage;

public sealed class NumberIndexTests
{
    [Theory]
    [InlineData("ABC", "ABC|ups", true)]
    [InlineData("ABC", "ABC|dhl-germany", true)]
    [InlineData("ABC", "ABCD|ups", false)]
    [InlineData("ABC", "AB|ups", false)]
    [InlineData("ABC", "ABC~2F1|ups", false)]
    [InlineData("ABC", "ABC-1|ups", false)]
    public void A_numbers_range_holds_its_own_rows_and_no_others(string number, string rowKey, bool inRange)
    {
        var (from, before) = NumberIndex.Range(number);

        Assert.Equal(inRange, string.CompareOrdinal(rowKey, from) >= 0 && string.CompareOrdinal(rowKey, before) < 0);
    }

    [Fact]
    public void Numbers_spread_over_256_partitions_that_are_valid_keys()
    {
        var partitions = Enumerable.Range(0, 20_000).Select(i => NumberIndex.Partition($"N{i:D8}")).Distinct().ToList();

        Assert.Equal(256, partitions.Count);
        Assert.All(partitions, p => Assert.True(TableKey.IsValidKey(p) && p.Length == 2));
    }

    [Fact]
    public void An_orders_range_holds_only_its_own_rows()
    {
        var (from, before) = OrderIndex.Range("0123456789abcdef0123456789abcdef");

        Assert.InRange(string.CompareOrdinal(OrderIndex.RowKey("0123456789abcdef0123456789abcdef", "tracking-1"), from), 0, int.MaxValue);
        Assert.True(string.CompareOrdinal(OrderIndex.RowKey("0123456789abcdef0123456789abcdef", "~~~"), before) < 0);
        Assert.True(string.CompareOrdinal(OrderIndex.RowKey("0123456789abcdef0123456789abcdf0", "a"), before) > 0);
    }
}
