using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using TrackingFunctions.Infrastructure;
using TrackingFunctions.Replay;

namespace TrackingFunctions.Functions;

/// <summary>
/// /api/ops/…/{day}/replay: re-run what failed, after the cause is fixed. <c>day</c> is the row's <c>yyyyMMdd</c>
/// partition; <c>?id=</c> narrows it to one row (a dead letter's message id, a quarantined body's hash). Admin key only.
/// </summary>
public sealed class ReplayApi(DeadLetterReplayer deadLetters, QuarantineReplayer quarantine)
{
    [Function("ReplayDeadLetters")]
    public Task<IActionResult> ReplayDeadLettersAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "post", Route = "ops/dead-letters/{day}/replay")] HttpRequest request,
        string day,
        CancellationToken cancellationToken)
        => RunAsync(request, day, id => deadLetters.ReplayAsync(day, id, cancellationToken));

    [Function("ReplayQuarantinedWebhooks")]
    public Task<IActionResult> ReplayQuarantinedWebhooksAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "post", Route = "ops/webhook-quarantine/{day}/replay")] HttpRequest request,
        string day,
        CancellationToken cancellationToken)
        => RunAsync(request, day, id => quarantine.ReplayAsync(day, id, cancellationToken));

    private static async Task<IActionResult> RunAsync(HttpRequest request, string day, Func<string?, Task<ReplayCounts>> replay)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!ReplayDay.IsValid(day))
        {
            return Problems.BadRequest($"'{day}' is not a day; use yyyyMMdd, the row's partition key.");
        }

        var id = request.Query["id"].FirstOrDefault();
        if (id is { Length: 0 or > 1024 })
        {
            return Problems.BadRequest("id must be a message id or body hash of at most 1024 characters.");
        }

        return await Problems.WhenStorageAvailableAsync(request, async () =>
        {
            var counts = await replay(id);
            return id is not null && counts.Found == 0
                ? Problems.NotFound($"No row '{id}' on {day}.")
                : ApiJson.Ok(counts);
        });
    }
}
