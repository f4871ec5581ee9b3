using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using TrackingFunctions.Commands;
using TrackingFunctions.Infrastructure;

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
        return await Problems.WhenStorageAvailableAsync(request, async () =>
        {
            var outcome = await outcomes.GetAsync(requestId, cancellationToken);
            return outcome is null ? Problems.NotFound($"No outcome is recorded for request id '{requestId}' (yet).") : ApiJson.Ok(outcome);
        });
    }
}
