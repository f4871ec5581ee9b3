namespace TrackingFunctions.AfterShip;

/// <summary>
/// How urgently an AfterShip call should get a share of the rate budget. Lower values go first; work at a lower
/// priority still makes progress under a sustained burst of higher-priority calls.
/// </summary>
public enum AfterShipPriority
{
    /// <summary>Tracking commands: another service is waiting for the outcome.</summary>
    Command = 0,

    /// <summary>The scheduled refresh of active trackings.</summary>
    Refresh = 1,

    /// <summary>Bulk work such as an import: uses what the others leave.</summary>
    Bulk = 2,
}
