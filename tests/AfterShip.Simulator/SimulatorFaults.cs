namespace AfterShip.Simulator;

/// <summary>
/// Failure injection, changeable at any time while the simulator runs. Faults are decided after a request has passed
/// the API-key check and been counted against its rate-limit window, and before normal handling:
/// scripted <see cref="FailNext"/> entries first, then an over-limit 429, then the random <see cref="TimeoutRate"/>
/// and <see cref="ServerErrorRate"/>. Unknown routes and requests with a bad key are never faulted.
/// </summary>
public sealed class SimulatorFaults
{
    /// <summary>Status recorded for a request that was made to hang until the client gave up (nginx's convention).</summary>
    public const int ClientClosedRequest = 499;

    private readonly Lock _gate = new();
    private readonly List<ScriptedFault> _scripted = [];
    private Random _random = new();
    private int? _seed;
    private double _serverErrorRate;
    private double _timeoutRate;
    private TimeSpan _addedLatency;
    private long _serverErrorsServed;

    /// <summary>Share (0..1) of requests answered 500 or 503 (alternating) with the InternalError envelope.</summary>
    public double ServerErrorRate
    {
        get => Volatile.Read(ref _serverErrorRate);
        set => Volatile.Write(ref _serverErrorRate, CheckRate(value));
    }

    /// <summary>
    /// Delay added before every response, faulted or not. The request is recorded before the delay, with the status it
    /// is about to get, even if the client gives up while waiting.
    /// </summary>
    public TimeSpan AddedLatency
    {
        get { lock (_gate) { return _addedLatency; } }
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.Zero);
            lock (_gate) { _addedLatency = value; }
        }
    }

    /// <summary>Share (0..1) of requests that never get an answer: they hang until the client aborts.</summary>
    public double TimeoutRate
    {
        get => Volatile.Read(ref _timeoutRate);
        set => Volatile.Write(ref _timeoutRate, CheckRate(value));
    }

    /// <summary>When set, the random faults follow a fixed sequence (re-seeded on every assignment).</summary>
    public int? Seed
    {
        get { lock (_gate) { return _seed; } }
        set
        {
            lock (_gate)
            {
                _seed = value;
                _random = value is { } seed ? new Random(seed) : new Random();
            }
        }
    }

    /// <summary>
    /// Answers the next <paramref name="count"/> requests (only those for <paramref name="endpoint"/>, when given) with
    /// <paramref name="statusCode"/>. 429 gets the rate-limit headers and TooManyRequests envelope, 5xx the InternalError
    /// envelope. A 4-digit AfterShip meta code (e.g. 4003) is also accepted: it is served as HTTP 400 (404 for 4004)
    /// with that meta code. Entries queue up: each request consumes the oldest entry that matches it.
    /// </summary>
    /// <param name="count">How many requests to fail; 0 does nothing.</param>
    /// <param name="statusCode">HTTP status 400-599, or an AfterShip meta code 4000-4999.</param>
    /// <param name="endpoint">One of <see cref="EndpointKeys.All"/>, or null for any endpoint.</param>
    public void FailNext(int count, int statusCode, string? endpoint = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (statusCode is not ((>= 400 and <= 599) or (>= 4000 and <= 4999)))
        {
            throw new ArgumentOutOfRangeException(nameof(statusCode), statusCode, "Use an HTTP error status (400-599) or an AfterShip meta code (4000-4999).");
        }

        if (endpoint is not null && !EndpointKeys.All.Contains(endpoint))
        {
            throw new ArgumentException($"Unknown endpoint key '{endpoint}'. Use one of: {string.Join(", ", EndpointKeys.All)}.", nameof(endpoint));
        }

        if (count == 0)
        {
            return;
        }

        lock (_gate)
        {
            _scripted.Add(new ScriptedFault(endpoint, statusCode) { Remaining = count });
        }
    }

    /// <summary>Removes every scripted and random fault, the latency and the seed.</summary>
    public void Reset()
    {
        lock (_gate)
        {
            _scripted.Clear();
            _addedLatency = TimeSpan.Zero;
            _seed = null;
            _random = new Random();
            _serverErrorsServed = 0;
        }

        ServerErrorRate = 0;
        TimeoutRate = 0;
    }

    /// <summary>Consumes the oldest scripted entry matching <paramref name="endpoint"/>, if any.</summary>
    internal int? TakeScripted(string endpoint)
    {
        lock (_gate)
        {
            var index = _scripted.FindIndex(f => f.Endpoint is null || f.Endpoint == endpoint);
            if (index < 0)
            {
                return null;
            }

            var fault = _scripted[index];
            if (--fault.Remaining == 0)
            {
                _scripted.RemoveAt(index);
            }

            return fault.StatusCode;
        }
    }

    /// <summary>Rolls the random faults for one request.</summary>
    internal RandomFault Roll()
    {
        var timeoutRate = TimeoutRate;
        var serverErrorRate = ServerErrorRate;
        if (timeoutRate <= 0 && serverErrorRate <= 0)
        {
            return RandomFault.None;
        }

        lock (_gate)
        {
            // One draw per kind keeps a seeded sequence independent of which rates happen to be zero.
            var timeoutDraw = _random.NextDouble();
            var errorDraw = _random.NextDouble();
            if (timeoutDraw < timeoutRate)
            {
                return RandomFault.Timeout;
            }

            if (errorDraw < serverErrorRate)
            {
                return _serverErrorsServed++ % 2 == 0 ? RandomFault.InternalServerError : RandomFault.ServiceUnavailable;
            }

            return RandomFault.None;
        }
    }

    private static double CheckRate(double value)
    {
        if (double.IsNaN(value) || value < 0 || value > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "A rate is a share between 0 and 1.");
        }

        return value;
    }

    private sealed class ScriptedFault(string? endpoint, int statusCode)
    {
        public string? Endpoint { get; } = endpoint;

        public int StatusCode { get; } = statusCode;

        public int Remaining { get; set; }
    }
}

/// <summary>Outcome of <see cref="SimulatorFaults.Roll"/>.</summary>
internal enum RandomFault
{
    None,
    Timeout,
    InternalServerError,
    ServiceUnavailable,
}
