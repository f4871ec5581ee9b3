using System.Text.Json;
using System.Text.Json.Serialization;
using Azure.Data.Tables;

namespace TrackingFunctions.Storage;

/// <summary>
/// The parcels of one order as its order index row stores them (column <see cref="Column"/>, compact JSON): per
/// tracking its id, slug and number and the keyed hashes of its emails and postcode. One row per order makes a lookup
/// one point read.
/// </summary>
internal static class OrderParcels
{
    public const string Column = "Parcels";

    /// <summary>Far beyond any real order, and about 30 KB: well inside a string property's 64 KiB.</summary>
    public const int MaxPerOrder = 100;

    public static List<IndexedParcel> Read(TableEntity? row)
    {
        if (row?.GetString(Column) is not { Length: > 0 } json)
        {
            return [];
        }

        try
        {
            return JsonSerializer.Deserialize(json, OrderParcelsJson.Default.ListIndexedParcel) ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    public static TableEntity Row(string partition, string rowKey, IEnumerable<IndexedParcel> parcels)
        => new(partition, rowKey) { [Column] = JsonSerializer.Serialize(parcels.ToList(), OrderParcelsJson.Default.ListIndexedParcel) };
}

/// <summary>One tracking of an order, as indexed: where to send the shopper, and the hashes to match them by.</summary>
internal sealed record IndexedParcel(
    [property: JsonPropertyName("i")] string Id,
    [property: JsonPropertyName("s")] string Slug,
    [property: JsonPropertyName("n")] string TrackingNumber,
    [property: JsonPropertyName("e")] byte[][] Emails,
    [property: JsonPropertyName("p")] byte[]? Postcode);

[JsonSerializable(typeof(List<IndexedParcel>))]
internal sealed partial class OrderParcelsJson : JsonSerializerContext;
