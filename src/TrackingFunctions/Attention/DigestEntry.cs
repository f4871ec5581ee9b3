using System.Globalization;
using System.Text.Json;
using Azure.Data.Tables;
using TrackingFunctions.Changes;
using TrackingFunctions.Storage;

namespace TrackingFunctions.Attention;

/// <summary>
/// One attention event waiting for the hourly digest: a row in the due-index table, partition
/// <see cref="PartitionKey"/>, keyed <c>{committed ticks}|{event id}</c>, so a redelivered event lands on the same
/// row and the digest reads them in the order they were raised.
/// </summary>
internal sealed record DigestEntry(string Cause, string? TrackingNumber, string? Slug, string? OrderNumber, string? Since, int Occurrence)
{
    public const string PartitionKey = "digest";

    public static TableEntity Row(OutboxEvent change)
    {
        ArgumentNullException.ThrowIfNull(change);
        using var document = JsonDocument.Parse(change.CloudEvent);
        var data = document.RootElement.GetProperty("data");
        return new TableEntity(PartitionKey, DueIndex.RowKey(change.CommittedAt, change.EventId))
        {
            ["Cause"] = Text(data, "cause"),
            ["TrackingNumber"] = Text(data, "tracking_number"),
            ["Slug"] = Text(data, "slug"),
            ["OrderNumber"] = Text(data, "order_number"),
            ["Since"] = Text(data, "since"),
            ["Occurrence"] = data.TryGetProperty("occurrence", out var occurrence) && occurrence.TryGetInt32(out var n) ? n : 1,
        };
    }

    public static DigestEntry From(TableEntity row) => new(
        row.GetString("Cause") ?? "unknown",
        row.GetString("TrackingNumber"),
        row.GetString("Slug"),
        row.GetString("OrderNumber"),
        row.GetString("Since"),
        row.GetInt32("Occurrence") ?? 1);

    /// <summary>The day the condition began, for a short line in the email.</summary>
    public string SinceDay => DateTimeOffset.TryParse(Since, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
        ? at.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
        : string.Empty;

    private static string? Text(JsonElement element, string name)
        => element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
