using BenchmarkDotNet.Running;

namespace TrackingFunctions.Benchmarks;

/// <summary>
/// Runs the benchmarks BenchmarkDotNet's switcher selects, for example
/// <c>dotnet run -c Release --project tests/TrackingFunctions.Benchmarks -- --filter '*'</c>.
/// </summary>
public static class Program
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
