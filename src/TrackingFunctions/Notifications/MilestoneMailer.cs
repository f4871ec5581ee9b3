using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TrackingFunctions.Storage;

namespace TrackingFunctions.Notifications;

/// <summary>
/// Sends one queued milestone email: takes a lease on its record, drops it when a newer milestone overtook it,
/// waits out quiet hours, then sends to each recipient at the paced rate, recording each acceptance as it happens.
/// A transient failure is retried later by a delayed message; a permanent refusal is recorded and never retried.
/// </summary>
internal sealed partial class MilestoneMailer(
    NotificationStore store,
    NotificationMessages queue,
    ITrackingStore trackings,
    SuppressionList suppressions,
    AddressHasher hasher,
    EmailComposer composer,
    IEmailTransport transport,
    EmailPacer pacer,
    QuietHours quietHours,
    NotificationMetrics metrics,
    IOptions<NotificationOptions> options,
    TimeProvider time,
    ILogger<MilestoneMailer> logger)
{
    /// <summary>
    /// How long an instance owns a record while sending; as long as the function may run, so a slow pacing wait never
    /// lets a second instance in. After a crash the email waits this long before another instance sends it.
    /// </summary>
    internal static readonly TimeSpan Lease = TimeSpan.FromMinutes(10);

    private static readonly TimeSpan MaxBackoff = TimeSpan.FromHours(1);

    public async Task SendAsync(string trackingId, string milestone, CancellationToken cancellationToken)
    {
        var record = await ClaimAsync(trackingId, milestone, cancellationToken);
        if (record is null)
        {
            return;
        }

        var now = time.GetUtcNow();
        var others = await store.ListAsync(trackingId, cancellationToken);
        if (others.Any(r => r.Milestone != milestone && r.Sequence > record.Sequence))
        {
            await FinishAsync(record, NotificationState.Superseded, "A newer milestone was reached before this one was sent.", cancellationToken);
            return;
        }

        if (quietHours.EndOf(now) is { } end)
        {
            await SaveAsync(record with { State = NotificationState.QuietHours, NextAttemptAt = end, LeaseUntil = null, UpdatedAt = now }, cancellationToken);
            await queue.SendAsync(trackingId, milestone, end - now, cancellationToken);
            LogDeferred(logger, trackingId, milestone, end);
            return;
        }

        var tracking = await trackings.GetAsync(trackingId, cancellationToken);
        var customers = Customer.Read(tracking?.TrackingJson);
        if (tracking is null || customers.Count == 0)
        {
            await FinishAsync(record, NotificationState.NoRecipient, tracking is null ? "The tracking is no longer stored." : null, cancellationToken);
            return;
        }

        await SendToEachAsync(record, tracking, customers, cancellationToken);
    }

    private async Task SendToEachAsync(NotificationRecord record, StoredTracking tracking, IReadOnlyList<Customer> customers, CancellationToken cancellationToken)
    {
        var recipients = customers.Select(c => (Customer: c, Hash: hasher.Hash(c.Email))).ToList();
        var states = recipients.Select(r => record.Recipients.FirstOrDefault(x => x.Hash == r.Hash) ?? new RecipientRecord(AddressMask.Mask(r.Customer.Email), r.Hash, NotificationState.Queued)).ToList();
        record = record with { Recipients = states, State = NotificationState.Queued };
        for (var i = 0; i < recipients.Count; i++)
        {
            if (states[i].State != NotificationState.Queued)
            {
                continue;
            }

            if (await suppressions.ContainsAsync(recipients[i].Hash, cancellationToken))
            {
                states[i] = states[i] with { State = NotificationState.Suppressed };
                continue;
            }

            var message = await composer.ComposeAsync(record.Milestone, tracking, recipients[i].Customer);
            await pacer.AcquireAsync(cancellationToken);
            var delivery = await transport.SendAsync(message, cancellationToken);
            if (delivery.Outcome == EmailOutcome.Transient)
            {
                await RetryLaterAsync(record with { Recipients = states }, delivery.Reason, cancellationToken);
                return;
            }

            states[i] = states[i] with
            {
                State = delivery.Outcome == EmailOutcome.Accepted ? NotificationState.Sent : NotificationState.Failed,
                Reason = delivery.Reason,
            };

            // Each acceptance is recorded at once: a crash after this point re-sends to nobody already accepted.
            record = await SaveAsync(record with { Recipients = states, UpdatedAt = time.GetUtcNow(), SentAt = delivery.Outcome == EmailOutcome.Accepted ? time.GetUtcNow() : record.SentAt }, cancellationToken);
        }

        var final = states.Any(s => s.State == NotificationState.Sent) ? NotificationState.Sent
            : states.Any(s => s.State == NotificationState.Failed) ? NotificationState.Failed
            : NotificationState.Suppressed;
        await FinishAsync(record with { Recipients = states }, final, final == NotificationState.Failed ? states.First(s => s.Reason is not null).Reason : null, cancellationToken);
    }

    private async Task RetryLaterAsync(NotificationRecord record, string? reason, CancellationToken cancellationToken)
    {
        var attempts = record.Attempts + 1;
        var now = time.GetUtcNow();
        if (attempts >= options.Value.MaxAttempts)
        {
            var given = $"Gave up after {attempts} attempts; last: {reason}";
            var states = record.Recipients.Select(r => r.State == NotificationState.Queued ? r with { State = NotificationState.Failed, Reason = given } : r).ToList();
            await FinishAsync(record with { Recipients = states, Attempts = attempts }, NotificationState.Failed, given, cancellationToken);
            return;
        }

        var delay = options.Value.RetryBaseDelay * Math.Pow(2, attempts - 1);
        delay = delay > MaxBackoff ? MaxBackoff : delay;

        // The record first, then the message: a crash in between leaves this invocation's message to come back,
        // which finds the record waiting and queues the delayed retry itself.
        await SaveAsync(record with { State = NotificationState.Queued, Attempts = attempts, NextAttemptAt = now + delay, Reason = reason, LeaseUntil = null, UpdatedAt = now }, cancellationToken);
        await queue.SendAsync(record.TrackingId, record.Milestone, delay, cancellationToken);
        metrics.Outcome(record.Milestone, "retrying");
        LogRetrying(logger, record.TrackingId, record.Milestone, attempts, delay);
    }

    /// <summary>The record with this instance's lease on it, or null when there is nothing to do now.</summary>
    private async Task<NotificationRecord?> ClaimAsync(string trackingId, string milestone, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var record = await store.FindAsync(trackingId, milestone, cancellationToken);
            if (record is null || NotificationState.IsFinal(record.State))
            {
                return null;
            }

            var now = time.GetUtcNow();
            var notBefore = record.LeaseUntil > now ? record.LeaseUntil : record.NextAttemptAt > now ? record.NextAttemptAt : null;
            if (notBefore is { } due)
            {
                // Another instance holds it, or its retry is not due: this message may be the only one left (its
                // sender died after recording the wait), so it comes back then rather than vanishing.
                await queue.SendAsync(trackingId, milestone, due - now + TimeSpan.FromSeconds(1), cancellationToken);
                return null;
            }

            var claimed = await store.TryReplaceAsync(record with { LeaseUntil = now + Lease, UpdatedAt = now }, cancellationToken);
            if (claimed is not null)
            {
                return claimed;
            }
        }

        throw new InvalidOperationException("The notification record kept changing while being claimed; the queue retries the message.");
    }

    private async Task FinishAsync(NotificationRecord record, string state, string? reason, CancellationToken cancellationToken)
    {
        await SaveAsync(record with { State = state, Reason = reason ?? record.Reason, LeaseUntil = null, NextAttemptAt = null, UpdatedAt = time.GetUtcNow() }, cancellationToken);
        metrics.Outcome(record.Milestone, state);
        LogFinished(logger, record.TrackingId, record.Milestone, state);
    }

    private async Task<NotificationRecord> SaveAsync(NotificationRecord record, CancellationToken cancellationToken)
        => await store.TryReplaceAsync(record, cancellationToken)
           ?? throw new InvalidOperationException("The notification record changed under its lease; the queue retries the message.");

    [LoggerMessage(Level = LogLevel.Information, Message = "Milestone email {Milestone} for tracking {TrackingId}: {State}")]
    private static partial void LogFinished(ILogger logger, string trackingId, string milestone, string state);

    [LoggerMessage(Level = LogLevel.Information, Message = "Milestone email {Milestone} for tracking {TrackingId} waits for the end of quiet hours at {End}")]
    private static partial void LogDeferred(ILogger logger, string trackingId, string milestone, DateTimeOffset end);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Milestone email {Milestone} for tracking {TrackingId} failed transiently (attempt {Attempt}); retrying in {Delay}")]
    private static partial void LogRetrying(ILogger logger, string trackingId, string milestone, int attempt, TimeSpan delay);
}
