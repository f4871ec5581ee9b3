namespace TrackingFunctions.Commands;

/// <summary>A command that can never succeed as sent; recorded as failed and not retried.</summary>
public class CommandRejectedException : Exception
{
    public CommandRejectedException(string message)
        : base(message)
    {
    }

    public CommandRejectedException()
    {
    }

    public CommandRejectedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
