using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using TrackingFunctions.AfterShip;
using TrackingFunctions.AfterShip.Errors;
using TrackingFunctions.AfterShip.Models;
using TrackingFunctions.Changes;
using TrackingFunctions.Storage;
using TrackingFunctions.Telemetry;

namespace TrackingFunctions.Commands;

/// <summary>
/// Carries out one queue message. Permanent failures are recorded and the message completes; transient ones are
/// recorded and rethrown, so the queue delivers the message again and finally moves it to the poison queue.
/// </summary>
public sealed partial class TrackingCommandProcessor(
    IAfterShipClient afterShip,
    ITrackingStore store,
    ITrackingLifecycleStore lifecycleStore,
    CommandOutcomeStore outcomes,
    CreateCourierCheck courierCheck,
    TrackingMetrics metrics,
    TimeProvider timeProvider,
    ILogger<TrackingCommandProcessor> logger)
{
    /// <summary>AfterShip's "retrack is not allowed: only an inactive tracking can be retracked".</summary>
    internal const int RetrackNotAllowedCode = 4013;

    internal const string AlreadyDeletedReason = "AfterShip no longer has the tracking (4004): an earlier attempt deleted it and its answer was lost.";

    public async Task<CommandOutcome> ProcessAsync(ReadOnlyMemory<byte> message, string messageId, long dequeueCount, CancellationToken cancellationToken)
    {
        var parsed = TrackingCommandParser.Parse(message.Span, messageId);
        if (!parsed.IsValid)
        {
            LogRejected(logger, parsed.RequestId, parsed.Action, parsed.Error!);
            return await RecordAsync(Outcome(parsed.RequestId, parsed.Action, CommandStatus.Failed, parsed.Error, null, null, dequeueCount, messageId), cancellationToken);
        }

        var command = parsed.Command!;
        var previous = await outcomes.GetAsync(command.RequestId, cancellationToken);
        if (previous?.Status == CommandStatus.Succeeded)
        {
            LogAlreadyDone(logger, command.RequestId, command.Action);
            return previous;
        }

        try
        {
            var tracking = await ExecuteAsync(command, cancellationToken);
            await StoreAsync(command.Action, tracking, cancellationToken);
            LogSucceeded(logger, command.RequestId, command.Action, tracking.Id);
            return await RecordAsync(Outcome(command.RequestId, command.Action, CommandStatus.Succeeded, null, tracking.Id, null, dequeueCount, messageId), cancellationToken);
        }
        catch (AfterShipNotFoundException) when (command.Action == CommandAction.Delete && MayHaveRunBefore(previous, dequeueCount))
        {
            // An earlier delivery of this delete may have deleted the tracking and lost its answer (timeout, crashed
            // instance). The tracking is gone, which is what was asked; a first delivery's 4004 still fails below.
            var id = command.Id ?? (await store.FindAsync(command.Slug!, command.TrackingNumber!, cancellationToken))?.Id;
            LogAlreadyDeleted(logger, command.RequestId, id, dequeueCount);
            return await RecordAsync(Outcome(command.RequestId, command.Action, CommandStatus.Succeeded, AlreadyDeletedReason, id, AfterShipNotFoundException.Code, dequeueCount, messageId), cancellationToken);
        }
        catch (CommandRejectedException ex)
        {
            LogRejected(logger, command.RequestId, command.Action, ex.Message);
            var courier = ex as CourierRefusedException;
            return await RecordAsync(Outcome(command.RequestId, command.Action, CommandStatus.Failed, ex.Message, null, courier?.AfterShipCode, dequeueCount, messageId) with { ErrorCode = courier?.ErrorCode }, cancellationToken);
        }
        catch (AfterShipApiException ex) when (!ex.IsTransient)
        {
            var reason = $"AfterShip refused the {command.Action}: {ex.Message}";
            LogRefused(logger, command.RequestId, command.Action, (int?)ex.StatusCode, ex.MetaCode);
            return await RecordAsync(Outcome(command.RequestId, command.Action, CommandStatus.Failed, reason, null, ex.MetaCode, dequeueCount, messageId), cancellationToken);
        }
        catch (Exception ex) when (ex is AfterShipApiException or StorageUnavailableException)
        {
            LogTransient(logger, command.RequestId, command.Action, dequeueCount, ex.GetType().Name);
            await TryRecordRetryAsync(Outcome(command.RequestId, command.Action, CommandStatus.Retrying, ex.Message, null, (ex as AfterShipApiException)?.MetaCode, dequeueCount, messageId), cancellationToken);
            throw;
        }
    }

    /// <summary>
    /// Whether an earlier attempt of this command may have reached AfterShip: a redelivery, or a replay of a command
    /// that was retrying or dead-lettered (a replayed message starts again at dequeue count 1).
    /// </summary>
    private static bool MayHaveRunBefore(CommandOutcome? previous, long dequeueCount)
        => dequeueCount > 1 || previous?.Status is CommandStatus.Retrying or CommandStatus.DeadLettered;

    private async Task<Tracking> ExecuteAsync(TrackingCommand command, CancellationToken cancellationToken)
    {
        switch (command.Action)
        {
            case CommandAction.Create:
                return await CreateAsync(command, cancellationToken);
            case CommandAction.Update:
                var update = new UpdateTrackingRequest { Fields = command.Tracking!.Deserialize<Dictionary<string, JsonElement>>() };
                return await afterShip.UpdateTrackingAsync(await ResolveIdAsync(command, cancellationToken), update, cancellationToken);
            case CommandAction.Retrack:
                var retrackId = await ResolveIdAsync(command, cancellationToken);
                try
                {
                    return await afterShip.RetrackTrackingAsync(retrackId, cancellationToken);
                }
                catch (AfterShipApiException ex) when (ex.MetaCode == RetrackNotAllowedCode)
                {
                    // 4013: only an inactive tracking can be retracked, so this one is already being tracked, which
                    // is what a retrack asks for. It is also what a redelivered retrack whose answer was lost meets.
                    return await afterShip.GetTrackingAsync(retrackId, cancellationToken);
                }

            case CommandAction.MarkCompleted:
                return await afterShip.MarkTrackingCompletedAsync(await ResolveIdAsync(command, cancellationToken), command.Reason!, cancellationToken);
            case CommandAction.Delete:
                return await afterShip.DeleteTrackingAsync(await ResolveIdAsync(command, cancellationToken), cancellationToken);
            default:
                throw new CommandRejectedException($"Unknown action '{command.Action}'.");
        }
    }

    /// <summary>A create whose courier checks pass; a create refused for its courier never reaches POST /trackings.</summary>
    private async Task<Tracking> CreateAsync(TrackingCommand command, CancellationToken cancellationToken)
    {
        var body = await courierCheck.CheckAsync(command, cancellationToken);
        var request = ReadCreateRequest(body);
        try
        {
            return await afterShip.CreateTrackingAsync(request, cancellationToken);
        }
        catch (AfterShipAlreadyExistsException)
        {
            // Also what a retried create whose first response was lost runs into: either way it exists.
            return await afterShip.FindTrackingAsync(command.TrackingNumber!, request.Slug, cancellationToken)
                ?? throw new AfterShipApiException(null, AfterShipAlreadyExistsException.Code, null, "AfterShip says the tracking exists but does not list it yet.", isTransient: true);
        }
        catch (AfterShipApiException ex) when (CreateCourierCheck.IsCourierRefusal(ex))
        {
            throw await courierCheck.ExplainAsync(ex, body, cancellationToken);
        }
    }

    /// <summary>A delete or mark-completed also records the ending, so it is announced by its own change event.</summary>
    private Task<ApplyResult> StoreAsync(string action, Tracking tracking, CancellationToken cancellationToken) => action switch
    {
        CommandAction.Delete => lifecycleStore.ApplyLifecycleAsync(tracking, TrackingLifecycle.Deleted, cancellationToken),
        CommandAction.MarkCompleted => lifecycleStore.ApplyLifecycleAsync(tracking, TrackingLifecycle.Completed, cancellationToken),
        _ => store.ApplyAsync(tracking, TrackingSource.Command, null, cancellationToken),
    };

    private static CreateTrackingRequest ReadCreateRequest(JsonObject tracking)
    {
        try
        {
            return tracking.Deserialize<CreateTrackingRequest>(AfterShipJson.Options)!;
        }
        catch (JsonException ex)
        {
            throw new CommandRejectedException("tracking has a field of the wrong type: " + ex.Message);
        }
    }

    /// <summary>The AfterShip id: given, or looked up by slug + number (our own store first, it costs no API call).</summary>
    private async Task<string> ResolveIdAsync(TrackingCommand command, CancellationToken cancellationToken)
    {
        if (command.Id is { } id)
        {
            return id;
        }

        var stored = await store.FindAsync(command.Slug!, command.TrackingNumber!, cancellationToken);
        if (stored is not null)
        {
            return stored.Id;
        }

        var found = await afterShip.FindTrackingAsync(command.TrackingNumber!, command.Slug, cancellationToken);
        return found?.Id ?? throw new CommandRejectedException($"AfterShip has no tracking with slug '{command.Slug}' and that tracking number (4004).");
    }

    private async Task<CommandOutcome> RecordAsync(CommandOutcome outcome, CancellationToken cancellationToken)
    {
        metrics.Command(outcome.Action, outcome.Status);
        await outcomes.RecordAsync(outcome, cancellationToken);
        return outcome;
    }

    private async Task TryRecordRetryAsync(CommandOutcome outcome, CancellationToken cancellationToken)
    {
        metrics.Command(outcome.Action, outcome.Status);
        try
        {
            await outcomes.RecordAsync(outcome, cancellationToken);
        }
        catch (StorageUnavailableException)
        {
            // Storage being down is likely why we are here; the queue keeps the message either way.
        }
    }

    private CommandOutcome Outcome(string requestId, string? action, string status, string? reason, string? trackingId, int? code, long attempts, string messageId)
        => new(requestId, action, status, reason, trackingId, code, attempts, messageId, timeProvider.GetUtcNow());

    [LoggerMessage(Level = LogLevel.Warning, Message = "Command {RequestId} ({Action}) rejected, not retried: {Reason}")]
    private static partial void LogRejected(ILogger logger, string requestId, string? action, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Command {RequestId} ({Action}) refused by AfterShip (HTTP {StatusCode}, meta.code {MetaCode}); not retried")]
    private static partial void LogRefused(ILogger logger, string requestId, string action, int? statusCode, int? metaCode);

    [LoggerMessage(Level = LogLevel.Information, Message = "Command {RequestId} ({Action}) already succeeded; nothing to do")]
    private static partial void LogAlreadyDone(ILogger logger, string requestId, string action);

    [LoggerMessage(Level = LogLevel.Information, Message = "Command {RequestId} ({Action}) succeeded for tracking {TrackingId}")]
    private static partial void LogSucceeded(ILogger logger, string requestId, string action, string? trackingId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Command {RequestId} (delete) met 4004 on attempt {Attempt}: tracking {TrackingId} is already deleted")]
    private static partial void LogAlreadyDeleted(ILogger logger, string requestId, string? trackingId, long attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Command {RequestId} ({Action}) failed transiently on attempt {Attempt} ({Failure}); the queue will retry")]
    private static partial void LogTransient(ILogger logger, string requestId, string action, long attempt, string failure);
}
