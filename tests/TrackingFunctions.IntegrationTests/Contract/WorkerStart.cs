using TrackingFunctions.Infrastructure;

namespace TrackingFunctions.IntegrationTests.Contract;

/// <summary>Builds the worker exactly as Program does, settings given on the command line, and starts it without the Functions host.</summary>
internal static class WorkerStart
{
    // What the Functions host passes a worker it launches; the endpoint is a closed loopback port, so only start-up
    // validation (which runs before the worker connects) can end the start early.
    private static readonly string[] HostArguments =
    [
        "--Functions:Worker:HostEndpoint=http://127.0.0.1:9",
        "--Functions:Worker:WorkerId=settings-test",
        "--Functions:Worker:RequestId=settings-test",
        "--Functions:Worker:GrpcMaxMessageLength=2147483647",
    ];

    /// <summary>The exception that stops the worker's start, or null if start-up validation passed (the host connection then fails).</summary>
    public static async Task<Exception> FailureAsync(IReadOnlyDictionary<string, string?> settings)
    {
        var args = HostArguments.Concat(settings.Where(kv => kv.Value is not null).Select(kv => $"--{kv.Key}={kv.Value}")).ToArray();
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            using var host = TrackingFunctionsApp.CreateBuilder(args).Build();
            await host.StartAsync(cancel.Token);
            await host.StopAsync(CancellationToken.None);
        }
        catch (Exception ex)
        {
            return ex;
        }

        throw new InvalidOperationException("The worker started without the Functions host; expected its start to fail.");
    }

    /// <summary>Every message of the failure, inner and aggregated ones included.</summary>
    public static string Messages(Exception error) => error switch
    {
        AggregateException agg => string.Join(" | ", agg.InnerExceptions.Select(Messages)),
        { InnerException: { } inner } => error.Message + " | " + Messages(inner),
        _ => error.Message,
    };
}
