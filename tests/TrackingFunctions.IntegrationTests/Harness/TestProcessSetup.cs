using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace TrackingFunctions.IntegrationTests.Harness;

/// <summary>Process-wide settings for the integration test run.</summary>
internal static class TestProcessSetup
{
    /// <summary>
    /// The test process hosts the app, the simulator's Kestrel and up to two parallel test collections on two cores,
    /// and the Azure SDK's synchronous calls in a few assertions block pool threads. With the default minimum (one
    /// thread per core) the pool then adds threads only every half second or so, and a measured stall of 940 ms in
    /// pool work bunched requests that the rate limiter had spaced evenly into one AfterShip window. Starting with
    /// enough threads measures the client, not the pool's warm-up.
    /// </summary>
    [ModuleInitializer]
    [SuppressMessage("Usage", "CA2255:The 'ModuleInitializer' attribute should not be used in libraries", Justification = "A test assembly, loaded once per test run.")]
    internal static void RaiseThreadPoolMinimum()
    {
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, 64), Math.Max(io, 64));
    }
}
