using TrackingFunctions.IntegrationTests.Harness;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace TrackingFunctions.LoadHarness;

internal static class Measure
{
    /// <summary>The value at quantile <paramref name="q"/> of sorted <paramref name="sorted"/> (nearest rank).</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double q)
        => sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Count) - 1, 0, sorted.Count - 1)];

    /// <summary>The 1-minute load average (Linux), to show whether other work shared the cores during a figure.</summary>
    public static string LoadAverage()
        => File.Exists("/proc/loadavg") ? "load average " + string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "load average n/a";

    public static string Ratio(double value, double ceiling) => ceiling > 0 ? $"{value / ceiling:P0}" : "n/a";

    /// <summary>
    /// Logs at Information, as host.json sets for the deployed app, instead of the test harness's Trace; the records
    /// still go to the in-memory collector, so logging costs about what a real logger's formatting costs.
    /// </summary>
    public static void ProductionLogging(IServiceCollection services)
        => services.Configure<LoggerFilterOptions>(o => o.MinLevel = LogLevel.Information);

    /// <summary>
    /// The counted storage requests grouped by method and table (or $batch), per unit of work, e.g.
    /// "GET Trackings 1.00, POST $batch 1.00".
    /// </summary>
    public static string Breakdown(IReadOnlyList<string> requests, string tablePrefix, int units)
        => string.Join(", ", requests
            .Select(r =>
            {
                var space = r.IndexOf(' ', StringComparison.Ordinal);
                var path = r[(space + 1)..].TrimStart('/');
                var segments = path.Split('/');
                var resource = segments.Length > 1 ? segments[1] : path;
                var paren = resource.IndexOf('(', StringComparison.Ordinal);
                resource = paren >= 0 ? resource[..paren] : resource;
                if (resource.StartsWith(tablePrefix, StringComparison.Ordinal))
                {
                    resource = resource[tablePrefix.Length..];
                }

                return r[..space] + " " + resource;
            })
            .GroupBy(k => k, StringComparer.Ordinal)
            .OrderByDescending(g => g.Count())
            .Select(g => $"{g.Key} {(double)g.Count() / Math.Max(1, units):F2}"));

    /// <summary>How many requests fell into each aligned wall-clock second, first to last.</summary>
    public static string PerSecond(IEnumerable<DateTimeOffset> times)
    {
        var seconds = times.Select(t => t.ToUnixTimeSeconds()).ToList();
        if (seconds.Count == 0)
        {
            return "(none)";
        }

        var first = seconds.Min();
        var counts = new int[seconds.Max() - first + 1];
        foreach (var s in seconds)
        {
            counts[s - first]++;
        }

        return string.Join(' ', counts);
    }

    /// <summary>
    /// An Azurite of the scenario's own. Azurite's queue emulator sweeps unreferenced message extents every 60 s, in a
    /// pass whose cost grows with the square of their number (14 s for 2,660 extents, measured), and no queue request
    /// is answered meanwhile; a fresh one per level keeps every sweep small, so the figures are the app's, not the
    /// emulator's.
    /// </summary>
    public static Task<Azurite> FreshAzuriteAsync() => Azurite.StartAsync();

    /// <summary>Says so when a storage response took over 3 s (the Azure SDK logs each one): a stall of the emulator, not the app.</summary>
    public static void ReportStorageStalls(TestApp app)
    {
        var slow = app.Logs.GetSnapshot().Count(r => r.Category == "Azure.Core" && r.Message.Contains(" took ", StringComparison.Ordinal));
        if (slow > 0)
        {
            Console.WriteLine($"  warning: {slow} storage responses took over 3 s in this level (an emulator stall); its latencies include them");
        }
    }
}
