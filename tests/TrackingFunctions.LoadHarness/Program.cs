using System.Diagnostics;
using System.Runtime.InteropServices;

namespace TrackingFunctions.LoadHarness;

/// <summary>
/// <c>dotnet run -c Release --project tests/TrackingFunctions.LoadHarness -- [webhooks|commands|refresh|import|all]</c>.
/// Starts its own in-memory Azurite (from the repository's node_modules) and the AfterShip simulator, both on
/// loopback, and drives the functions through the app's real DI. Every loop is bounded in count and in time.
/// </summary>
public static class Program
{
    private const string Usage = """
        Usage: dotnet run -c Release --project tests/TrackingFunctions.LoadHarness -- [scenario ...] [options]

        Scenarios:
          webhooks   webhook throughput and latency at several concurrencies, next to a no-storage ceiling
          commands   queue-triggered creates against POST /trackings' 20/s limit
          refresh    refresh passes over due trackings against GET /trackings' 6/s limit
          all        all three (the default); several scenarios may be named, they run in the order above
          import     (not in all) an import with a crash in the middle and a restart, against GET /trackings' 6/s x 200 and storage
          azurite    (not in all) Azurite's cost per request against the rows already in the partition
          changes    (not in all) webhooks with and without a change event, and the event's publish latency
          scaleout   (not in all) 1, 2, 4, 8 instances sharing one rate budget: creates at the real 20/s limit
          emails     (not in all) shopper emails: commit to SMTP acceptance (smtp4dev) at concurrency 1 and 16, storage ops per email

        Options:
          --concurrency 1,4,16,64     webhook concurrency levels
          --webhook-seconds 6         time cap per webhook level (stored run; the ceiling replays for 2 s)
          --webhook-requests 4000     request cap per webhook level (stored run)
          --checkpoints 10            checkpoints per webhook tracking
          --creates 400               create commands
          --refresh 1000,10000        due trackings per refresh pass
          --import 10000              trackings to import
          --scaleout-creates 1000     create commands per scale-out level
          --scaleout-instances 1,2,4,8  instance counts of the scale-out scenario
        """;

    public static async Task<int> Main(string[] args)
    {
        var options = HarnessOptions.Parse(args);
        if (options is null)
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }

        PrintMachine();
        var total = Stopwatch.StartNew();
        // A quiet 10,000-tracking import (seeding, import, then its storage ceiling) takes about 12 minutes on 2 cores.
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(options.Scenarios.Contains("import") ? 30 : 15));
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };

        var run = options.Scenarios;
        if (run.Contains("webhooks") || run.Contains("all"))
        {
            await WebhookLoad.RunAsync(options, cancel.Token);
        }

        if (run.Contains("commands") || run.Contains("all"))
        {
            await CommandLoad.RunAsync(options, cancel.Token);
        }

        if (run.Contains("refresh") || run.Contains("all"))
        {
            await RefreshLoad.RunAsync(options, cancel.Token);
        }

        if (run.Contains("import"))
        {
            await ImportLoad.RunAsync(options, cancel.Token);
        }

        if (run.Contains("changes"))
        {
            await ChangeEventLoad.RunAsync(options, cancel.Token);
        }

        if (run.Contains("scaleout"))
        {
            await ScaleOutLoad.RunAsync(options, cancel.Token);
        }

        if (run.Contains("emails"))
        {
            await EmailLoad.RunAsync(cancel.Token);
        }

        if (run.Contains("azurite"))
        {
            await AzuriteProbe.RunAsync(cancel.Token);
        }

        Console.WriteLine();
        Console.WriteLine($"Done in {total.Elapsed.TotalSeconds:F0} s.");
        return 0;
    }

    private static void PrintMachine()
    {
        var memory = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024);
        Console.WriteLine("TrackingFunctions load harness");
        Console.WriteLine($"Machine: {Environment.ProcessorCount} logical cores, {memory:F1} GiB, {RuntimeInformation.OSDescription} ({RuntimeInformation.OSArchitecture})");
        Console.WriteLine($"Runtime: {RuntimeInformation.FrameworkDescription}, {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")} GC");
        Console.WriteLine($"At start: {Measure.LoadAverage()} (other work on the machine skews every figure below)");
        Console.WriteLine("Storage: Azurite in memory on loopback, on the same cores as this process; AfterShip: the project's simulator on loopback.");
    }
}

/// <summary>Command-line options; every one has a default that keeps a full run to a few minutes on 2 cores.</summary>
public sealed record HarnessOptions
{
    /// <summary>The scenarios named on the command line; <c>all</c> when none is.</summary>
    public IReadOnlySet<string> Scenarios => _scenarios.Count == 0 ? new HashSet<string> { "all" } : _scenarios;

    private readonly HashSet<string> _scenarios = new(StringComparer.Ordinal);

    public IReadOnlyList<int> Concurrency { get; init; } = [1, 4, 16, 64];

    public TimeSpan WebhookDuration { get; init; } = TimeSpan.FromSeconds(6);

    public int WebhookRequests { get; init; } = 4000;

    public int Checkpoints { get; init; } = 10;

    public int Creates { get; init; } = 400;

    public IReadOnlyList<int> RefreshSizes { get; init; } = [1000, 10_000];

    public int ImportSize { get; init; } = 10_000;

    public int ScaleOutCreates { get; init; } = 1000;

    public IReadOnlyList<int> ScaleOutInstances { get; init; } = [1, 2, 4, 8];

    public static HarnessOptions? Parse(string[] args)
    {
        var options = new HarnessOptions();
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (arg is "webhooks" or "commands" or "refresh" or "import" or "all" or "azurite" or "changes" or "scaleout" or "emails")
            {
                options._scenarios.Add(arg);
                continue;
            }

            if (i + 1 >= args.Length)
            {
                return null;
            }

            var value = args[++i];
            options = arg switch
            {
                "--concurrency" => options with { Concurrency = Ints(value, 1, 256) },
                "--webhook-seconds" => options with { WebhookDuration = TimeSpan.FromSeconds(Ints(value, 1, 120)[0]) },
                "--webhook-requests" => options with { WebhookRequests = Ints(value, 1, 50_000)[0] },
                "--checkpoints" => options with { Checkpoints = Ints(value, 1, 500)[0] },
                "--creates" => options with { Creates = Ints(value, 1, 5000)[0] },
                "--refresh" => options with { RefreshSizes = Ints(value, 1, 20_000) },
                "--import" => options with { ImportSize = Ints(value, 1, 50_000)[0] },

                "--scaleout-creates" => options with { ScaleOutCreates = Ints(value, 1, 5000)[0] },
                "--scaleout-instances" => options with { ScaleOutInstances = Ints(value, 1, 16) },
                _ => null,
            };
            if (options is null)
            {
                return null;
            }
        }

        return options;
    }

    private static int[] Ints(string value, int min, int max)
        => [.. value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(v => int.Parse(v, System.Globalization.CultureInfo.InvariantCulture))
            .Select(v => v < min || v > max ? throw new ArgumentOutOfRangeException(nameof(value), $"{v} is outside {min}..{max}.") : v)];
}
