using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using TrackingFunctions.Commands;
using TrackingFunctions.Infrastructure;
using TrackingFunctions.Storage;

namespace TrackingFunctions.Functions;

/// <summary>GET /api/commands/{requestId}: what became of a tracking command. Function-key protected.</summary>
public sealed class CommandsApi(CommandOutcomeStore outcomes)
{
    [Function("GetCommandOutcome")]
    public async Task<IActionResult> GetAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "commands/{requestId}")] HttpRequest request,
        string requestId,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        try
        {
            var outcome = await outcomes.GetAsync(requestId, cancellationToken);
            return outcome is null ? Problems.NotFound($"No outcome is recorded for request id '{requestId}' (yet).") : ApiJson.Ok(outcome);
        }
        catch (StorageUnavailableException)
        {
            return Problems.Unavailable(request.HttpContext.Response, "Table storage is unavailable; retry later.");
        }
    }
}
