using System.Text.Json;
using Microsoft.Extensions.Configuration;
using TrackingFunctions.Infrastructure;

namespace TrackingFunctions.Notifications;

/// <summary>
/// The queue of emails to send (app setting <c>NotificationQueueName</c>, in the host's storage). A message names a
/// tracking and milestone; everything else is in the record, so a duplicate message finds the work already done. A
/// delay (a retry's backoff, the end of quiet hours) is the message's initial invisibility, never a sleeping function.
/// </summary>
public sealed class NotificationMessages(HostQueues queues, IConfiguration configuration)
{
    public const string DefaultName = "tracking-notifications";

    /// <summary>Storage queues hide a message for at most 7 days; a longer wait is taken in steps.</summary>
    public static readonly TimeSpan MaxDelay = TimeSpan.FromDays(6);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public string Name => configuration[NotificationOptions.QueueNameSetting] is { Length: > 0 } name ? name : DefaultName;

    public Task SendAsync(string trackingId, string milestone, TimeSpan delay, CancellationToken cancellationToken)
    {
        var visibility = delay <= TimeSpan.Zero ? (TimeSpan?)null : delay > MaxDelay ? MaxDelay : delay;
        return queues.SendAsync(Name, BinaryData.FromObjectAsJson(new Message(trackingId, milestone), Json), cancellationToken, visibility);
    }

    /// <summary>The tracking and milestone a message names; null when it is not one of ours.</summary>
    public static (string TrackingId, string Milestone)? Read(BinaryData body)
    {
        ArgumentNullException.ThrowIfNull(body);
        try
        {
            return body.ToObjectFromJson<Message>(Json) is { TrackingId: { Length: > 0 } id, Milestone: { Length: > 0 } milestone } ? (id, milestone) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private sealed record Message(string TrackingId, string Milestone);
}
