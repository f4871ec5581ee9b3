using TrackingFunctions.AfterShip.Models;

namespace TrackingFunctions.ShopperPage;

/// <summary>
/// The progress line: ordered, in transit, out for delivery, delivered. A failed attempt, an exception or an expired
/// tracking is a state of its own, inserted after the furthest step reached, so the line shows both how far the parcel
/// got and that something is wrong now.
/// </summary>
internal static class DeliveryProgress
{
    public const int Ordered = 0;
    public const int InTransit = 1;
    public const int OutForDelivery = 2;
    public const int Delivered = 3;

    private static readonly string[] StepKeys = ["Step_Ordered", "Step_InTransit", "Step_OutForDelivery", "Step_Delivered"];

    /// <summary>The step a tag stands for; null for the problem tags and unknown ones, which reach no step themselves.</summary>
    public static int? StepOf(string? tag) => tag switch
    {
        TrackingTags.Pending or TrackingTags.InfoReceived => Ordered,
        TrackingTags.InTransit => InTransit,
        TrackingTags.OutForDelivery or TrackingTags.AvailableForPickup or TrackingTags.AttemptFail => OutForDelivery,
        TrackingTags.Delivered => Delivered,
        _ => null,
    };

    public static IReadOnlyList<ProgressStep> Steps(ShipmentView shipment)
    {
        ArgumentNullException.ThrowIfNull(shipment);
        var problem = shipment.Tag switch
        {
            TrackingTags.AttemptFail => "Step_AttemptFail",
            TrackingTags.Exception => "Step_Exception",
            TrackingTags.Expired => "Step_Expired",
            _ => null,
        };
        var reached = shipment.Tag == TrackingTags.Delivered ? Delivered : Math.Min(shipment.FurthestStep, OutForDelivery);
        var steps = new List<ProgressStep>(StepKeys.Length + 1);
        for (var i = 0; i < StepKeys.Length; i++)
        {
            var key = i == OutForDelivery && shipment.Tag == TrackingTags.AvailableForPickup ? "Step_ReadyForPickup" : StepKeys[i];
            var state = i < reached || (i == reached && problem is not null) ? StepState.Done
                : i == reached ? StepState.Current
                : StepState.Upcoming;
            steps.Add(new ProgressStep(key, state));
            if (i == reached && problem is not null)
            {
                steps.Add(new ProgressStep(problem, StepState.Problem));
            }
        }

        return steps;
    }
}

/// <summary>One step of the progress line: its resource key and where the parcel is relative to it.</summary>
internal sealed record ProgressStep(string LabelKey, StepState State);

internal enum StepState
{
    Done,
    Current,
    Problem,
    Upcoming,
}
