namespace AfterShip.Simulator;

/// <summary>
/// One request the simulator received, with the status it finally answered.
/// </summary>
/// <param name="At">Real wall-clock arrival time (not the configured TimeProvider), comparable with rate-limit windows.</param>
/// <param name="Method">HTTP method, upper case.</param>
/// <param name="Path">Full request path, including <c>/tracking/2025-01</c>.</param>
/// <param name="Query">Raw query string without the leading <c>?</c>; empty when there is none.</param>
/// <param name="Endpoint">
/// Stable endpoint key such as <c>"POST /trackings"</c> or <c>"GET /trackings/{id}"</c>
/// (see <see cref="EndpointKeys"/>); <see cref="EndpointKeys.Unknown"/> for routes the API does not have.
/// </param>
/// <param name="Body">Request body as UTF-8 text, or null when it was empty.</param>
/// <param name="StatusCode">
/// HTTP status served. A request that was made to hang (<see cref="SimulatorFaults.TimeoutRate"/>) is recorded with
/// <see cref="SimulatorFaults.ClientClosedRequest"/> (499) as soon as the hang starts.
/// </param>
/// <param name="HadValidApiKey">Whether <c>as-api-key</c> matched. The key itself is never recorded.</param>
public sealed record RecordedRequest(
    DateTimeOffset At,
    string Method,
    string Path,
    string Query,
    string Endpoint,
    string? Body,
    int StatusCode,
    bool HadValidApiKey);
