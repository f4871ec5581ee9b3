namespace TrackingFunctions.Commands;

/// <summary>
/// A create refused for its courier, before or by AfterShip: <see cref="ErrorCode"/> says which rule
/// (<see cref="CourierErrorCodes"/>), the message names the missing fields or the closest known slugs.
/// </summary>
public sealed class CourierRefusedException : CommandRejectedException
{
    public CourierRefusedException(string errorCode, string message, int? afterShipCode = null)
        : base(message)
    {
        ErrorCode = errorCode;
        AfterShipCode = afterShipCode;
    }

    public CourierRefusedException()
    {
        ErrorCode = string.Empty;
    }

    public CourierRefusedException(string message)
        : base(message)
    {
        ErrorCode = string.Empty;
    }

    public CourierRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
        ErrorCode = string.Empty;
    }

    public string ErrorCode { get; }

    /// <summary>AfterShip's meta.code when AfterShip refused it (4010, 4011, 4012); null when the app did.</summary>
    public int? AfterShipCode { get; }
}
