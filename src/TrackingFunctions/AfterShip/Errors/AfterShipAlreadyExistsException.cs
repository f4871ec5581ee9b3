using System.Net;

namespace TrackingFunctions.AfterShip.Errors;

/// <summary>
/// A tracking with this number and slug already exists (meta.code 4003). Callers creating trackings treat it as
/// success and look the existing one up, because a retried create after a lost response ends here too.
/// </summary>
public sealed class AfterShipAlreadyExistsException : AfterShipApiException
{
    public const int Code = 4003;

    public AfterShipAlreadyExistsException(HttpStatusCode? statusCode, int? metaCode, string? metaType, string? metaMessage)
        : base(statusCode, metaCode, metaType, metaMessage, isTransient: false)
    {
    }
}
