namespace TrackingFunctions.AfterShip;

/// <summary>
/// The priority of the AfterShip calls made in the current async flow. A caller sets it once around a unit of work
/// (a queue message, a refresh run, an import) instead of threading it through every client method.
/// </summary>
public static class AfterShipCallPriority
{
    private static readonly AsyncLocal<AfterShipPriority?> Ambient = new();

    /// <summary>The priority in force; <see cref="AfterShipPriority.Command"/> when none was set.</summary>
    public static AfterShipPriority Current => Ambient.Value ?? AfterShipPriority.Command;

    /// <summary>Sets the priority for this async flow until the returned scope is disposed.</summary>
    public static IDisposable Begin(AfterShipPriority priority)
    {
        var previous = Ambient.Value;
        Ambient.Value = priority;
        return new Scope(previous);
    }

    private sealed class Scope(AfterShipPriority? previous) : IDisposable
    {
        private bool _disposed;

        public void Dispose()
        {
            if (!_disposed)
            {
                Ambient.Value = previous;
                _disposed = true;
            }
        }
    }
}
