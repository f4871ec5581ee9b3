namespace TrackingFunctions.Commands;

/// <summary>
/// The tracking-command queue. Its name is the flat app setting <c>CommandQueueName</c> (default
/// <c>tracking-commands</c>) because the queue triggers bind it as <c>%CommandQueueName%</c>; the host names the
/// poison queue <c>&lt;name&gt;-poison</c>.
/// </summary>
public static class CommandQueueSettings
{
    public const string NameSetting = "CommandQueueName";
}
