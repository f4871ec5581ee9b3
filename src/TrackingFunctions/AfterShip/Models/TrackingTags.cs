namespace TrackingFunctions.AfterShip.Models;

/// <summary>AfterShip delivery statuses. The set is open: unknown values must be carried, not rejected.</summary>
public static class TrackingTags
{
    public const string Pending = "Pending";
    public const string InfoReceived = "InfoReceived";
    public const string InTransit = "InTransit";
    public const string OutForDelivery = "OutForDelivery";
    public const string AttemptFail = "AttemptFail";
    public const string AvailableForPickup = "AvailableForPickup";
    public const string Delivered = "Delivered";
    public const string Exception = "Exception";
    public const string Expired = "Expired";
}
