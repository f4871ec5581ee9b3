namespace TrackingFunctions.Subscriptions;

/// <summary>One page of a subscription's deliveries log; <see cref="Next"/> is null on the last page.</summary>
public sealed record DeliveryLogPage(IReadOnlyList<DeliveryAttempt> Attempts, DeliveryLogCursor? Next);
