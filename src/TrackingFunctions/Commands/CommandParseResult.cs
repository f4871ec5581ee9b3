namespace TrackingFunctions.Commands;

/// <summary>A parsed command, or why the message is not one (with whatever request id and action could be read).</summary>
public sealed record CommandParseResult(TrackingCommand? Command, string? Error, string RequestId, string? Action)
{
    public bool IsValid => Command is not null;
}
