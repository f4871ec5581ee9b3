namespace TrackingFunctions.Storage;

/// <summary>Finds the parcels of an order from its number and the shopper's email or postcode.</summary>
public interface IOrderLookup
{
    /// <summary>False when <c>OrderLookup__HashKey</c> is not set: the page does not offer the lookup.</summary>
    bool Enabled { get; }

    /// <summary>
    /// The parcels whose order number matches and whose email or postcode matches <paramref name="emailOrPostcode"/>;
    /// empty when the order is unknown or nothing matches, so the two cannot be told apart. One storage request.
    /// </summary>
    Task<IReadOnlyList<OrderParcel>> FindAsync(string orderNumber, string emailOrPostcode, CancellationToken cancellationToken);
}

/// <summary>One parcel of an order: where the shopper's page for it is.</summary>
public sealed record OrderParcel(string Slug, string TrackingNumber);
