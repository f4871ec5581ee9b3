namespace TrackingFunctions.IntegrationTests.Harness;

/// <summary>
/// The Functions queue listener's idle back-off: after a poll that found messages the next empty poll waits the
/// minimum (100 ms); each further empty poll roughly doubles the wait (randomized by ±20%) until it reaches host.json's
/// <c>maxPollingInterval</c>, where it stays until messages are found again.
/// </summary>
public sealed class PollingBackoff(TimeSpan maximum, Random? random = null)
{
    /// <summary>The host's floor for <c>maxPollingInterval</c> and the first wait after work was found.</summary>
    public static readonly TimeSpan Minimum = TimeSpan.FromMilliseconds(100);

    private const double RandomizationFactor = 0.2;

    private readonly TimeSpan _maximum = maximum < Minimum ? Minimum : maximum;
    private readonly Random _random = random ?? Random.Shared;
    private TimeSpan _current = Minimum;
    private int _exponent = 1;

    /// <summary>How long to wait after an empty poll; <paramref name="foundSinceLastWait"/>: a poll since the last wait found messages.</summary>
    public TimeSpan Next(bool foundSinceLastWait)
    {
        if (foundSinceLastWait)
        {
            _current = Minimum;
            _exponent = 1;
            return _current;
        }

        if (_current == _maximum)
        {
            return _current;
        }

        var factor = 1 - RandomizationFactor + (_random.NextDouble() * 2 * RandomizationFactor);
        var next = Minimum + TimeSpan.FromMilliseconds(factor * Math.Pow(2, _exponent - 1) * Minimum.TotalMilliseconds);
        if (next < _maximum)
        {
            _current = next;
            _exponent++;
        }
        else
        {
            _current = _maximum;
        }

        return _current;
    }
}
