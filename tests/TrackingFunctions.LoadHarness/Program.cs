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
          subscriptions (not in all) signed webhooks: commit to receiver 2xx at concurrency 1 and 16, 1 and 5 subscriptions
          pages      (not in all) storage requests and latency of a tracking page, a number search and an order lookup, by stored trackings
          emails     (not in all) shopper emails: commit to SMTP acceptance (smtp4dev) from 1 and 16 senders below the pacing rate, lone emails, a burst

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
          --subscription-events 400   change events per signed-webhook level
          --pages 10000,100000        stored trackings of the pages scenario
        """;

    public static async Task<int> Main(string[] args)
    {
        var options = HarnessOptions.Parse(args, out var error);
        if (options is null)
        {
            Console.Error.WriteLine(error);
            Console.Error.WriteLine();
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

        if (run.Contains("subscriptions"))
        {
            await SubscriptionLoad.RunAsync(options, cancel.Token);
        }

        if (run.Contains("pages"))
        {
            await PageReadLoad.RunAsync(options, cancel.Token);
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

    public int SubscriptionEvents { get; init; } = 400;
    public IReadOnlyList<int> PageSizes { get; init; } = [10_000, 100_000];

    /// <summary>The options, or null with <paramref name="error"/> saying which argument is wrong and what it accepts.</summary>
    public static HarnessOptions? Parse(string[] args, out string? error)
    {
        error = null;
        var options = new HarnessOptions();
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (arg is "webhooks" or "commands" or "refresh" or "import" or "all" or "azurite" or "changes" or "scaleout" or "subscriptions" or "pages" or "emails")
            {
                options._scenarios.Add(arg);
                continue;
            }

            (int Min, int Max)? range = arg switch
            {
                "--concurrency" => (1, 256),
                "--webhook-seconds" => (1, 120),
                "--webhook-requests" => (1, 50_000),
                "--checkpoints" => (1, 500),
                "--creates" or "--scaleout-creates" => (1, 5000),
                "--refresh" => (1, 20_000),
                "--import" => (1, 50_000),
                "--scaleout-instances" => (1, 16),
                "--subscription-events" => (1, 20_000),
                "--pages" => (1, 200_000),
                _ => null,
            };
            if (range is not { } limits)
            {
                error = $"Unknown argument '{arg}'.";
                return null;
            }

            if (i + 1 >= args.Length)
            {
                error = $"{arg} needs a value.";
                return null;
            }

            var value = args[++i];
            var list = arg is "--concurrency" or "--refresh" or "--scaleout-instances" or "--pages";
            if (!TryInts(value, limits.Min, limits.Max, out var numbers) || (!list && numbers.Length != 1))
            {
                error = $"{arg} '{value}' is not valid: it takes {(list ? "a comma-separated list of whole numbers" : "one whole number")} from {limits.Min} to {limits.Max}.";
                return null;
            }

            options = arg switch
            {
                "--concurrency" => options with { Concurrency = numbers },
                "--webhook-seconds" => options with { WebhookDuration = TimeSpan.FromSeconds(numbers[0]) },
                "--webhook-requests" => options with { WebhookRequests = numbers[0] },
                "--checkpoints" => options with { Checkpoints = numbers[0] },
                "--creates" => options with { Creates = numbers[0] },
                "--refresh" => options with { RefreshSizes = numbers },
                "--import" => options with { ImportSize = numbers[0] },
                "--scaleout-creates" => options with { ScaleOutCreates = numbers[0] },
                "--subscription-events" => options with { SubscriptionEvents = numbers[0] },
                "--pages" => options with { PageSizes = numbers },
                _ => options with { ScaleOutInstances = numbers },
            };
        }

        return options;
    }

    private static bool TryInts(string value, int min, int max, out int[] numbers)
    {
        var parts = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        numbers = new int[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out numbers[i]) || numbers[i] < min || numbers[i] > max)
            {
                return false;
            }
        }

        return parts.Length > 0;
    }
}
