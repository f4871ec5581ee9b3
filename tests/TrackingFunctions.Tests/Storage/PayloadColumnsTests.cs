using Azure.Data.Tables;
using TrackingFunctions.Storage;

namespace TrackingFunctions.Tests.Storage;

public sealed class PayloadColumnsTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(70_000)]
    [InlineData(1_048_576)]
    public void Compressible_payloads_round_trip_exactly(int length)
    {
        var payload = new byte[length];
        for (var i = 0; i < length; i++)
        {
            payload[i] = (byte)"{\"checkpoint\":\"scan at hub\"},"[i % 29];
        }

        var entity = new TableEntity("p", "r");
        PayloadColumns.Write(entity, payload);

        Assert.Equal(payload, PayloadColumns.Read(entity));
    }

    [Fact]
    public void Every_chunk_fits_a_binary_property_and_the_entity_stays_under_1_MiB()
    {
        var payload = new byte[800_000];
        new Random(7).NextBytes(payload);
        var entity = new TableEntity("p", "r");

        PayloadColumns.Write(entity, payload);

        var chunks = entity.Select(p => p.Value).OfType<byte[]>().ToList();
        Assert.All(chunks, c => Assert.True(c.Length <= 64 * 1024));
        Assert.True(chunks.Sum(c => c.Length) < 1_000_000);
        Assert.True(entity.Count <= 252);
        Assert.Equal(payload, PayloadColumns.Read(entity));
    }

    [Fact]
    public void Incompressible_payload_over_one_entity_is_refused()
    {
        var payload = new byte[1_000_000];
        new Random(7).NextBytes(payload);

        Assert.Throws<PayloadTooLargeException>(() => PayloadColumns.Write(new TableEntity("p", "r"), payload));
    }

    [Fact]
    public void Entity_without_payload_reads_as_null()
    {
        Assert.Null(PayloadColumns.Read(new TableEntity("p", "r")));
    }
}
