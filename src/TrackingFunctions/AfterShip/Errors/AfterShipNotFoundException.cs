using System.Net;

namespace TrackingFunctions.AfterShip.Errors;

/// <summary>The tracking does not exist at AfterShip (meta.code 4004, HTTP 404).</summary>
public sealed class AfterShipNotFoundException : AfterShipApiException
{
    public const int Code = 4004;

    public AfterShipNotFoundException(HttpStatusCode? statusCode, int? metaCode, string? metaType, string? metaMessage)
        : base(statusCode, metaCode, metaType, metaMessage, isTransient: false)
    {
    }
}
