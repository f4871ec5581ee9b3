using System.Text.Json;

namespace TrackingFunctions.Subscriptions;

/// <summary>
/// One delivery attempt waiting on the queue: which event to which subscription, in which replay round, and which
/// attempt it is. The message carries no body or secret; those are read when it runs.
/// </summary>
public sealed record DeliveryMessage(string SubscriptionId, string EventId, string EventPartition, string Day, DateTimeOffset CommittedAt, int Round, int Attempt)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public BinaryData ToBinary() => BinaryData.FromObjectAsJson(this, Json);

    public DeliveryMessage Next() => this with { Attempt = Attempt + 1 };

    /// <summary>The message, or null when it is not one this app wrote.</summary>
    public static DeliveryMessage? Read(BinaryData body)
    {
        ArgumentNullException.ThrowIfNull(body);
        try
        {
            return body.ToObjectFromJson<DeliveryMessage>(Json) is { SubscriptionId.Length: > 0, EventId.Length: > 0, Day.Length: 8, Attempt: > 0 } message ? message : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
