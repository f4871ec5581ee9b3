using System.Net;
using System.Text.Json.Nodes;
using AfterShip.Simulator.Hosting;
using AfterShip.Simulator.State;
using AfterShip.Simulator.Webhooks;

namespace AfterShip.Simulator;

/// <summary>
/// An in-process fake of the AfterShip Tracking API 2025-01 on a loopback port: the 2025-01 envelope, error codes,
/// per-endpoint rate limits and webhooks, plus fault injection and a log of every request for assertions.
/// </summary>
/// <remarks>
/// <see cref="SimulatorOptions.ApiKey"/>, the limits and <see cref="SimulatorOptions.EnforceRateLimits"/> are read on
/// every request, so a test may change them on the options object while the simulator runs.
/// </remarks>
public sealed class AfterShipSimulator : IAsyncDisposable
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(5);

    private readonly SimulatorOptions _options;
    private readonly SimulatorState _state;
    private readonly CourierCatalogue _couriers;
    private readonly RequestLog _log;
    private readonly WebApplication _app;
    private readonly CancellationTokenSource _stopping;
    private readonly HttpClient _webhookClient = new() { Timeout = TimeSpan.FromSeconds(30) };
    private int _disposed;

    private AfterShipSimulator(
        SimulatorOptions options,
        SimulatorState state,
        CourierCatalogue couriers,
        RequestLog log,
        SimulatorFaults faults,
        WebApplication app,
        CancellationTokenSource stopping)
    {
        _options = options;
        _state = state;
        _couriers = couriers;
        _log = log;
        Faults = faults;
        _app = app;
        _stopping = stopping;
        var root = SimulatorHost.BoundAddress(app);
        BaseUrl = new Uri(root, Router.BasePath + "/");
    }

    /// <summary>Root of the API including the version, with a trailing slash: <c>http://127.0.0.1:PORT/tracking/2025-01/</c>.</summary>
    public Uri BaseUrl { get; }

    /// <summary>The key clients must send in <c>as-api-key</c>.</summary>
    public string ApiKey => _options.ApiKey;

    /// <summary>Failure injection; see <see cref="SimulatorFaults"/>.</summary>
    public SimulatorFaults Faults { get; }

    /// <summary>A snapshot of every request received so far, in the order their outcomes were decided.</summary>
    public IReadOnlyList<RecordedRequest> Requests => _log.Snapshot();

    /// <summary>Every stored tracking, oldest first.</summary>
    public IReadOnlyList<SimulatedTracking> Trackings => _state.Snapshot();

    /// <summary>Starts a simulator on <c>http://127.0.0.1</c> and a free port.</summary>
    public static Task<AfterShipSimulator> StartAsync(SimulatorOptions? options = null, CancellationToken cancellationToken = default) =>
        StartAsync(options ?? new SimulatorOptions(), new IPEndPoint(IPAddress.Loopback, 0), consoleLogging: false, cancellationToken);

    internal static async Task<AfterShipSimulator> StartAsync(
        SimulatorOptions options,
        IPEndPoint endpoint,
        bool consoleLogging,
        CancellationToken cancellationToken)
    {
        Validate(options);
        var state = new SimulatorState(options.TimeProvider);
        var couriers = new CourierCatalogue();
        var log = new RequestLog();
        var faults = new SimulatorFaults();
        var stopping = new CancellationTokenSource();
        var app = SimulatorHost.Build(options, faults, state, couriers, log, endpoint, consoleLogging, stopping.Token);
        try
        {
            await app.StartAsync(cancellationToken);
            return new AfterShipSimulator(options, state, couriers, log, faults, app, stopping);
        }
        catch
        {
            await app.DisposeAsync();
            stopping.Dispose();
            throw;
        }
    }

    /// <summary>How many responses with this HTTP status (or 499 for hung requests) have been recorded.</summary>
    public int CountResponses(int statusCode) => _log.CountStatus(statusCode);

    /// <summary>Forgets the recorded requests; trackings, faults and rate-limit windows are untouched.</summary>
    public void ClearRequests() => _log.Clear();

    /// <summary>
    /// Seeds a tracking directly (no request is recorded), as if AfterShip had been following it: <paramref name="checkpoints"/>
    /// checkpoints, the newest carrying <paramref name="tag"/>. <paramref name="customize"/> may change any field last.
    /// </summary>
    /// <exception cref="InvalidOperationException">The number and slug are already tracked.</exception>
    public SimulatedTracking AddTracking(
        string trackingNumber,
        string slug,
        string tag = "InTransit",
        int checkpoints = 1,
        Action<JsonObject>? customize = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(trackingNumber);
        ArgumentException.ThrowIfNullOrEmpty(slug);
        ArgumentException.ThrowIfNullOrEmpty(tag);
        ArgumentOutOfRangeException.ThrowIfNegative(checkpoints);
        return _state.Seed(trackingNumber, slug, tag, checkpoints, customize);
    }

    /// <summary>
    /// Adds a courier to <c>GET /couriers/all</c> (and to <c>GET /couriers</c> when <paramref name="activated"/>), or
    /// replaces the one with this slug. <paramref name="requiredFields"/> are 2025-01 names such as
    /// <c>tracking_postal_code</c>; creates and detection then honour them.
    /// </summary>
    public void AddCourier(string slug, string name, IReadOnlyList<string>? requiredFields = null, bool activated = true, string? webUrl = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(slug);
        ArgumentException.ThrowIfNullOrEmpty(name);
        _couriers.Add(new State.SimulatedCourier(slug, name, webUrl, requiredFields ?? [], activated));
    }

    /// <summary>The tracking with this id or legacy id, or null.</summary>
    public SimulatedTracking? FindTracking(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        return _state.Find(id);
    }

    /// <summary>
    /// Simulates AfterShip picking up a new carrier scan: adds a checkpoint, optionally moves to <paramref name="newTag"/>
    /// (subtag defaults to <c>{tag}_001</c>), and moves <c>updated_at</c> at least one second past its previous value.
    /// </summary>
    /// <exception cref="KeyNotFoundException">No tracking has this id.</exception>
    public SimulatedTracking Advance(string id, string? newTag = null, string? subtag = null, string? message = null)
    {
        ArgumentNullException.ThrowIfNull(id);
        var result = _state.Advance(id, newTag, subtag, message);
        return result.Tracking ?? throw new KeyNotFoundException($"No simulated tracking has id '{id}'.");
    }

    /// <summary>Simulates AfterShip forgetting a tracking (e.g. past its 120-day retention): later calls get 4004.</summary>
    public void RemoveTracking(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        _state.Delete(id);
    }

    /// <summary>base64(HMAC-SHA256(key = UTF-8 <paramref name="secret"/>, message = <paramref name="body"/>)), as in <c>aftership-hmac-sha256</c>.</summary>
    public static string Sign(ReadOnlySpan<byte> body, string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        return WebhookPayload.Sign(body, secret);
    }

    /// <summary>
    /// The raw bytes of a 2025-01 webhook for the tracking's current state:
    /// <c>{"event","event_id","is_tracking_first_tag","msg","ts"}</c>. A new UUID is used when <paramref name="eventId"/> is null.
    /// </summary>
    /// <exception cref="KeyNotFoundException">No tracking has this id.</exception>
    public byte[] BuildWebhookBody(string id, string eventType = "tracking_update", string? eventId = null)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentException.ThrowIfNullOrEmpty(eventType);
        var tracking = _state.Find(id) ?? throw new KeyNotFoundException($"No simulated tracking has id '{id}'.");
        return WebhookPayload.Build(tracking, eventType, eventId, _options.TimeProvider);
    }

    /// <summary>
    /// POSTs <see cref="BuildWebhookBody"/> to <paramref name="url"/> the way AfterShip does, signed with <paramref name="secret"/>
    /// (<c>aftership-hmac-sha256</c>, <c>as-webhook-version: 2025-01</c>). The caller owns the returned response.
    /// </summary>
    public async Task<HttpResponseMessage> SendWebhookAsync(
        Uri url,
        string secret,
        string id,
        string eventType = "tracking_update",
        string? eventId = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(secret);
        var body = BuildWebhookBody(id, eventType, eventId);
        using var request = WebhookPayload.CreateRequest(url, body, secret);
        return await _webhookClient.SendAsync(request, cancellationToken);
    }

    /// <summary>Stops Kestrel, first releasing any request held open by <see cref="SimulatorFaults.TimeoutRate"/>.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stopping.CancelAsync();
        using (var timeout = new CancellationTokenSource(StopTimeout))
        {
            await _app.StopAsync(timeout.Token);
        }

        await _app.DisposeAsync();
        _webhookClient.Dispose();
        _stopping.Dispose();
    }

    private static void Validate(SimulatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(options.ApiKey, nameof(options));
        ArgumentNullException.ThrowIfNull(options.TimeProvider, nameof(options));
        foreach (var limit in new[] { options.CreateLimit, options.ListLimit, options.SingleLimit, options.DetectLimit })
        {
            ArgumentOutOfRangeException.ThrowIfNegative(limit, nameof(options));
        }
    }
}
