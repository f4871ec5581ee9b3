namespace TrackingFunctions.Notifications;

/// <summary>An email address as records show it: the first letter of the local part, then <c>***</c>, then the domain.</summary>
internal static class AddressMask
{
    public static string Mask(string address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var at = address.LastIndexOf('@');
        return at <= 0 ? "***" : string.Concat(address.AsSpan(0, 1), "***", address.AsSpan(at));
    }
}
