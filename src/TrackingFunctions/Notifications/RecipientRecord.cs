namespace TrackingFunctions.Notifications;

/// <summary>One recipient of a milestone email, as recorded: never the address itself, only its mask and keyed hash.</summary>
/// <param name="Masked">The address masked for people reading records, <c>j***@example.com</c>.</param>
/// <param name="Hash">The keyed hash of the address (<see cref="AddressHasher"/>): how a retry finds the recipient again.</param>
/// <param name="State">queued, sent, failed or suppressed.</param>
/// <param name="Reason">The SMTP server's answer when it refused, or why the attempts ended.</param>
public sealed record RecipientRecord(string Masked, string Hash, string State, string? Reason = null);
