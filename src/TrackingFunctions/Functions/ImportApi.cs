using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using TrackingFunctions.Import;
using TrackingFunctions.Infrastructure;

namespace TrackingFunctions.Functions;

/// <summary>
/// /api/ops/import: start, watch, cancel and resume the import of the trackings AfterShip already holds.
/// Admin key only: an import spends the AfterShip rate budget for as long as it runs.
/// </summary>
public sealed class ImportApi(ImportCoordinator coordinator)
{
    private const string Route = "ops/import";

    [Function("StartImport")]
    public async Task<IActionResult> StartAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "post", Route = Route)] HttpRequest request,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body, cancellationToken);
        if (ImportRequest.Parse(body.GetBuffer().AsSpan(0, (int)body.Length), out var error) is not { } filters)
        {
            return Problems.BadRequest(error!);
        }

        return await Problems.WhenStorageAvailableAsync(request, async () =>
        {
            var (started, running) = await coordinator.StartAsync(filters, cancellationToken);
            if (started is null)
            {
                return Problems.Create(
                    StatusCodes.Status409Conflict,
                    "An import is running",
                    $"Import {running?.ImportId} is running; cancel it (POST /api/{Route}/cancel) or wait for it to finish.");
            }

            request.HttpContext.Response.Headers.Location = "/api/" + Route;
            return new JsonResult(await coordinator.GetStatusAsync(cancellationToken), ApiJson.Options) { StatusCode = StatusCodes.Status202Accepted };
        });
    }

    [Function("GetImportStatus")]
    public async Task<IActionResult> GetAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "get", Route = Route)] HttpRequest request,
        CancellationToken cancellationToken)
        => await Problems.WhenStorageAvailableAsync(request, async () =>
            await coordinator.GetStatusAsync(cancellationToken) is { } status ? ApiJson.Ok(status) : Problems.NotFound("No import has been started."));

    [Function("CancelImport")]
    public async Task<IActionResult> CancelAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "post", Route = Route + "/cancel")] HttpRequest request,
        CancellationToken cancellationToken)
        => await Problems.WhenStorageAvailableAsync(request, async () =>
            await coordinator.CancelAsync(cancellationToken) is not null
                ? ApiJson.Ok((await coordinator.GetStatusAsync(cancellationToken))!)
                : Problems.Create(StatusCodes.Status409Conflict, "No import is running", "There is no running import to cancel."));

    [Function("ResumeImport")]
    public async Task<IActionResult> ResumeAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "post", Route = Route + "/resume")] HttpRequest request,
        CancellationToken cancellationToken)
        => await Problems.WhenStorageAvailableAsync(request, async () =>
            await coordinator.ResumeAsync(cancellationToken) is not null
                ? new JsonResult(await coordinator.GetStatusAsync(cancellationToken), ApiJson.Options) { StatusCode = StatusCodes.Status202Accepted }
                : Problems.Create(StatusCodes.Status409Conflict, "No import is running", "There is no running import to resume; start one instead."));
}
