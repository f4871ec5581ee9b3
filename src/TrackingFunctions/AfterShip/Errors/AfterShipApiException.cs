using System.Net;

namespace TrackingFunctions.AfterShip.Errors;

/// <summary>
/// AfterShip answered with an error envelope (or not at all). Carries the HTTP status and the API's
/// <c>meta.code</c>, <c>meta.type</c> and <c>meta.message</c>, and whether trying again later can succeed.
/// </summary>
public class AfterShipApiException : Exception
{
    public AfterShipApiException(string message)
        : base(message)
    {
    }

    public AfterShipApiException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public AfterShipApiException(HttpStatusCode? statusCode, int? metaCode, string? metaType, string? metaMessage, bool isTransient, Exception? innerException = null)
        : base(Describe(statusCode, metaCode, metaType, metaMessage), innerException)
    {
        StatusCode = statusCode;
        MetaCode = metaCode;
        MetaType = metaType;
        MetaMessage = metaMessage;
        IsTransient = isTransient;
    }

    public AfterShipApiException()
    {
    }

    /// <summary>The HTTP status, or null when no response arrived (timeout, connection failure).</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>AfterShip's <c>meta.code</c>: the HTTP status or a 4-digit code such as 4003 or 4004.</summary>
    public int? MetaCode { get; }

    /// <summary>AfterShip's <c>meta.type</c>, for example <c>BadRequest</c>.</summary>
    public string? MetaType { get; }

    /// <summary>AfterShip's <c>meta.message</c>.</summary>
    public string? MetaMessage { get; }

    /// <summary>True when the same call may succeed later: 429, 5xx, 408, timeouts and connection failures.</summary>
    public bool IsTransient { get; }

    private static string Describe(HttpStatusCode? statusCode, int? metaCode, string? metaType, string? metaMessage)
    {
        var status = statusCode is { } s ? $"HTTP {(int)s}" : "no response";
        var meta = metaCode is { } c ? $", meta.code {c}" : string.Empty;
        var type = string.IsNullOrEmpty(metaType) ? string.Empty : $" {metaType}";
        var text = string.IsNullOrEmpty(metaMessage) ? string.Empty : $": {metaMessage}";
        return $"AfterShip call failed ({status}{meta}){type}{text}";
    }
}
