using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace TrackingFunctions.Infrastructure;

/// <summary>RFC 9457 problem responses, so every refusal tells the caller what went wrong in one shape.</summary>
internal static class Problems
{
    public static ObjectResult Create(int status, string title, string? detail = null)
    {
        var problem = new ProblemDetails
        {
            Status = status,
            Title = title,
            Detail = detail,
            Type = "https://httpstatuses.io/" + status,
        };
        var result = new ObjectResult(problem) { StatusCode = status };
        result.ContentTypes.Add("application/problem+json");
        return result;
    }

    public static ObjectResult NotFound(string detail) => Create(StatusCodes.Status404NotFound, "Not found", detail);

    public static ObjectResult BadRequest(string detail) => Create(StatusCodes.Status400BadRequest, "Bad request", detail);

    /// <summary>Runs a storage read for an HTTP API, answering 503 (not 500) when storage is down.</summary>
    public static async Task<IActionResult> WhenStorageAvailableAsync(HttpRequest request, Func<Task<IActionResult>> read)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(read);
        try
        {
            return await read();
        }
        catch (Storage.StorageUnavailableException)
        {
            return Unavailable(request.HttpContext.Response, "Table storage is unavailable; retry later.");
        }
    }

    public static ObjectResult Unavailable(HttpResponse response, string detail)
    {
        // AfterShip's own retries start at 30 s; asking for the same keeps well-behaved clients from hammering us.
        response.Headers.RetryAfter = "30";
        return Create(StatusCodes.Status503ServiceUnavailable, "Storage unavailable", detail);
    }
}
