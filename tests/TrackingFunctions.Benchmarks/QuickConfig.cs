using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace TrackingFunctions.Benchmarks;

/// <summary>
/// BenchmarkDotNet's short run (1 launch, 3 warm-up and 3 measured iterations) executed in process. In process means
/// BenchmarkDotNet does not generate and build a second project, so a run never builds into the shared src/ output
/// folders other builds use, and the whole suite takes a few minutes on a 2-core machine. The price is a wider error
/// margin than a default job's; the figures are for comparing the steps of the hot path, not for nanosecond claims.
/// </summary>
public sealed class QuickConfig : ManualConfig
{
    public QuickConfig()
    {
        AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance).WithId("ShortRun-InProcess"));
        AddDiagnoser(MemoryDiagnoser.Default);
    }
}
