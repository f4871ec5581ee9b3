namespace TrackingFunctions.AfterShip.Models;

/// <summary>Reasons accepted by POST /trackings/{id}/mark-as-completed.</summary>
public static class CompletionReason
{
    public const string Delivered = "DELIVERED";
    public const string Lost = "LOST";
    public const string ReturnedToSender = "RETURNED_TO_SENDER";

    public static bool IsValid(string? reason) => reason is Delivered or Lost or ReturnedToSender;
}
