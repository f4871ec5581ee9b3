namespace TrackingFunctions.Couriers;

/// <summary>The stored courier directory as the page reads it: from memory, never waiting on AfterShip or storage.</summary>
public interface ICourierDirectory
{
    /// <summary>The courier with this slug, or null when the directory does not know it (or is not loaded yet).</summary>
    CourierEntry? Find(string slug);
}
