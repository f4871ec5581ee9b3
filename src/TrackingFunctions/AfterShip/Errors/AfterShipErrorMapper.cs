using System.Net;
using System.Text.Json;
using TrackingFunctions.AfterShip.Http;

namespace TrackingFunctions.AfterShip.Errors;

/// <summary>Turns an AfterShip error response into the matching exception, in one place.</summary>
internal static class AfterShipErrorMapper
{
    public static AfterShipApiException Map(HttpResponseMessage response, byte[] body)
    {
        var status = response.StatusCode;
        var (code, type, message) = ReadMeta(body);

        if (status == HttpStatusCode.TooManyRequests || code == 429)
        {
            return new AfterShipRateLimitedException(status, code, type, message, RateLimitHeaders.ResetAt(response.Headers));
        }

        if (code == AfterShipNotFoundException.Code)
        {
            return new AfterShipNotFoundException(status, code, type, message);
        }

        if (code == AfterShipAlreadyExistsException.Code)
        {
            return new AfterShipAlreadyExistsException(status, code, type, message);
        }

        var transient = (int)status >= 500 || status == HttpStatusCode.RequestTimeout;
        return new AfterShipApiException(status, code, type, message, transient);
    }

    private static (int? Code, string? Type, string? Message) ReadMeta(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("meta", out var meta)
                && meta.ValueKind == JsonValueKind.Object)
            {
                int? code = meta.TryGetProperty("code", out var c) && c.TryGetInt32(out var n) ? n : null;
                var type = meta.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
                var text = meta.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
                return (code, type, text);
            }
        }
        catch (JsonException)
        {
            // A proxy or load balancer error page: the HTTP status alone decides.
        }

        return (null, null, null);
    }
}
