using System.Text.Json;
using Microsoft.Extensions.Configuration;
using TrackingFunctions.Infrastructure;

namespace TrackingFunctions.Import;

/// <summary>
/// The queue that carries an import forward: one message per invocation slice. A message holds only the import id;
/// where to continue is in the checkpoint, so a duplicate or a retried message resumes rather than repeats.
/// </summary>
public sealed class ImportSlices(HostQueues queues, IConfiguration configuration)
{
    /// <summary>The flat app setting naming the queue (default <c>tracking-import</c>); the trigger binds <c>%ImportQueueName%</c>.</summary>
    public const string NameSetting = "ImportQueueName";

    public Task SendAsync(string importId, CancellationToken cancellationToken)
        => queues.SendAsync(
            configuration[NameSetting] is { Length: > 0 } name ? name : throw new InvalidOperationException($"The '{NameSetting}' setting is missing."),
            BinaryData.FromObjectAsJson(new ImportMessage(importId), ImportMessage.Json), cancellationToken);

    /// <summary>The import id a message names, or null when the message is not one of ours.</summary>
    public static string? ReadImportId(BinaryData body)
    {
        ArgumentNullException.ThrowIfNull(body);
        try
        {
            return body.ToObjectFromJson<ImportMessage>(ImportMessage.Json)?.ImportId is { Length: > 0 } id ? id : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private sealed record ImportMessage(string ImportId)
    {
        public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
    }
}
