namespace TrackingFunctions.Commands;

/// <summary>
/// What became of one command, by request id. <see cref="ErrorCode"/> names the rule a refused create broke
/// (<see cref="CourierErrorCodes"/>); null otherwise.
/// </summary>
public sealed record CommandOutcome(
    string RequestId,
    string? Action,
    string Status,
    string? Reason,
    string? TrackingId,
    [property: System.Text.Json.Serialization.JsonPropertyName("aftership_code")] int? AfterShipCode,
    long Attempts,
    string? MessageId,
    DateTimeOffset UpdatedAt,
    string? ErrorCode = null);
