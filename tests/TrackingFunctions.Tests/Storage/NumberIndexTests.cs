using Azure.Data.Tables;
using TrackingFunctions.Storage;

namespace TrackingFunctions.Tests.Storage;

public sealed class NumberIndexTests
{
    [Fact]
    public void A_numbers_row_lists_its_couriers_once_each_in_order()
    {
        var row = NumberIndex.Row("JJD000390007", ["dhl-germany", "dhl", "dhl-germany"]);

        Assert.Equal("JJD000390007", row.RowKey);
        Assert.Equal(["dhl", "dhl-germany"], NumberIndex.Slugs(row));
        Assert.Empty(NumberIndex.Slugs(new TableEntity("00", "X")));
    }

    [Fact]
    public void Numbers_spread_over_256_partitions_that_are_valid_keys()
    {
        var partitions = Enumerable.Range(0, 20_000).Select(i => NumberIndex.Partition($"N{i:D8}")).Distinct().ToList();

        Assert.Equal(256, partitions.Count);
        Assert.All(partitions, p => Assert.True(TableKey.IsValidKey(p) && p.Length == 2));
    }
}
