using Microsoft.Extensions.Logging;
using TrackingFunctions.Telemetry;

namespace TrackingFunctions.Commands;

/// <summary>
/// Moves a poison message into the DeadLetters table and marks its command dead-lettered. Poison messages
/// otherwise expire after 7 days, and an outcome of "retrying" would never become final.
/// </summary>
public sealed partial class PoisonMessageDrain(DeadLetterStore deadLetters, CommandOutcomeStore outcomes, TrackingMetrics metrics, TimeProvider timeProvider, ILogger<PoisonMessageDrain> logger)
{
    public async Task DrainAsync(ReadOnlyMemory<byte> body, string messageId, string queueName, long dequeueCount, DateTimeOffset? insertedOn, CancellationToken cancellationToken)
    {
        var parsed = TrackingCommandParser.Parse(body.Span, messageId);
        await deadLetters.StoreAsync(body, messageId, queueName, dequeueCount, insertedOn, parsed.RequestId, cancellationToken);
        await outcomes.RecordAsync(
            new CommandOutcome(
                parsed.RequestId,
                parsed.Action,
                CommandStatus.DeadLettered,
                "Still failing after every retry; kept in the DeadLetters table." + (parsed.Error is null ? string.Empty : " " + parsed.Error),
                null,
                null,
                dequeueCount,
                messageId,
                timeProvider.GetUtcNow()),
            cancellationToken);
        metrics.DeadLettered(parsed.Action);
        LogDeadLettered(logger, parsed.RequestId, parsed.Action, messageId, queueName);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Command {RequestId} ({Action}), message {MessageId}, dead-lettered from {Queue}")]
    private static partial void LogDeadLettered(ILogger logger, string requestId, string? action, string messageId, string queue);
}
