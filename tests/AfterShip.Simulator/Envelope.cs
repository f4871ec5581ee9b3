using System.Text.Json.Nodes;

namespace AfterShip.Simulator;

/// <summary>
/// A response decided by the simulator but not yet written: HTTP status plus the AfterShip envelope.
/// </summary>
internal sealed record SimResponse(int StatusCode, JsonObject Body);

/// <summary>
/// Builds AfterShip's <c>{"meta":{...},"data":...}</c> envelope. <c>meta.message</c> and <c>meta.type</c> appear only on errors.
/// </summary>
internal static class Envelope
{
    public static SimResponse Ok(JsonNode data) => Success(200, data);

    public static SimResponse Created(JsonNode data) => Success(201, data);

    /// <summary>An AfterShip 4xxx meta code; HTTP 404 for 4004, else 400. <c>meta.type</c> is BadRequest for all of them.</summary>
    public static SimResponse Api(int metaCode, string message) =>
        Error(metaCode == 4004 ? 404 : 400, metaCode, message, "BadRequest");

    public static SimResponse BadRequest(string message) => Error(400, 400, message, "BadRequest");

    public static SimResponse Unauthorized() => Error(401, 401, "Invalid API key.", "Unauthorized");

    public static SimResponse NotFound() =>
        Error(404, 404, "The URI requested is invalid or the resource requested does not exist.", "NotFound");

    public static SimResponse TooManyRequests() =>
        Error(429, 429, "You have exceeded the API call rate limit. Please retry again at X-RateLimit-Reset.", "TooManyRequests");

    /// <summary>
    /// The envelope for an injected status: HTTP codes map to their AfterShip type, 4-digit meta codes go through <see cref="Api"/>.
    /// </summary>
    public static SimResponse ForStatus(int code) => code switch
    {
        >= 1000 => Api(code, "Simulated AfterShip error."),
        400 => BadRequest("Invalid request."),
        401 => Unauthorized(),
        403 => Error(403, 403, "Forbidden.", "Forbidden"),
        404 => NotFound(),
        429 => TooManyRequests(),
        >= 500 => Error(code, code, "Something went wrong on AfterShip's end.", "InternalError"),
        _ => Error(code, code, "Simulated error.", "BadRequest"),
    };

    private static SimResponse Success(int code, JsonNode data) =>
        new(code, new JsonObject { ["meta"] = new JsonObject { ["code"] = code }, ["data"] = data });

    private static SimResponse Error(int httpStatus, int metaCode, string message, string type) =>
        new(httpStatus, new JsonObject
        {
            ["meta"] = new JsonObject { ["code"] = metaCode, ["message"] = message, ["type"] = type },
            ["data"] = new JsonObject(),
        });
}
