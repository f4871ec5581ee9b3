namespace TrackingFunctions.ShopperPage;

/// <summary>What the order lookup form shows: off when no hash key is set, else an optional error and the order number typed.</summary>
internal sealed record OrderForm(bool Enabled, string? Error = null, string? OrderNumber = null)
{
    public static readonly OrderForm Off = new(false);
}
