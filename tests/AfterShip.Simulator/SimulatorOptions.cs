namespace AfterShip.Simulator;

/// <summary>
/// Settings for one <see cref="AfterShipSimulator"/> instance. Read once at start-up, except where noted.
/// </summary>
public sealed class SimulatorOptions
{
    /// <summary>The value the <c>as-api-key</c> header must carry.</summary>
    public string ApiKey { get; set; } = "sim-api-key";

    /// <summary>Requests per 1-second window for <c>POST /trackings</c> (AfterShip 2025-01: 20).</summary>
    public int CreateLimit { get; set; } = 20;

    /// <summary>Requests per 1-second window for <c>GET /trackings</c> (AfterShip 2025-01: 6).</summary>
    public int ListLimit { get; set; } = 6;

    /// <summary>
    /// Requests per 1-second window for each single-tracking endpoint (GET, PUT and DELETE <c>/trackings/{id}</c>,
    /// <c>retrack</c>, <c>mark-as-completed</c>) and for <c>GET /couriers</c> and <c>GET /couriers/all</c>. Each endpoint has
    /// its own counter (AfterShip 2025-01: 5).
    /// </summary>
    public int SingleLimit { get; set; } = 5;

    /// <summary>Requests per 1-second window for <c>POST /couriers/detect</c> (AfterShip 2025-01: 3).</summary>
    public int DetectLimit { get; set; } = 3;

    /// <summary>
    /// When false, requests are still counted and the <c>X-RateLimit-*</c> headers still sent, but nothing is refused with 429.
    /// </summary>
    public bool EnforceRateLimits { get; set; } = true;

    /// <summary>
    /// Source of the timestamps the simulator writes into trackings and webhooks (<c>created_at</c>, <c>updated_at</c>,
    /// checkpoint times, <c>ts</c>). Rate-limit windows ignore it and always use the real clock, because the HTTP
    /// clients that hit the simulator run in real time.
    /// </summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
