namespace TrackingFunctions.Subscriptions;

/// <summary>A delivery's target resolved only to addresses webhooks may not reach.</summary>
public sealed class TargetRefusedException : Exception
{
    public TargetRefusedException(string message)
        : base(message)
    {
    }

    public TargetRefusedException()
    {
    }

    public TargetRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
