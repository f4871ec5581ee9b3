using Microsoft.Extensions.Options;
using TrackingFunctions.Changes;

namespace TrackingFunctions.Attention;

/// <summary>
/// Checks a tracking the moment a change of it is stored: the tracking as stored now, plus the tag the change showed
/// (an exception already overtaken by a newer change still happened). A change handed over again is not observed
/// twice (the attention row keeps the last sequence observed), so nothing is raised twice. Its own attention events
/// pass through every sink too: they change nothing the rules read, and are only recorded for the digest.
/// </summary>
public sealed class AttentionSink(AttentionChecker checker, AttentionDigest digest, IOptions<AlertOptions> options) : IChangeEventSink
{
    public string Name => "attention";

    public async Task AcceptAsync(OutboxEvent change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (!options.Value.Enabled)
        {
            return;
        }

        if (change.EventType == ChangeEventTypes.Attention)
        {
            await digest.RecordAsync(change, cancellationToken);
            return;
        }

        await checker.CheckAsync(change.PartitionKey, AttentionObservation.Of(change), cancellationToken);
    }
}
