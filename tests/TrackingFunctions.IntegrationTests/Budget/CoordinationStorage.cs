using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TrackingFunctions.AfterShip.Budget;
using TrackingFunctions.IntegrationTests.Harness;
using TrackingFunctions.Storage;

namespace TrackingFunctions.IntegrationTests.Budget;

/// <summary>
/// The rate budget's tables on an Azurite of their own, so a test can freeze (or slow) the budget's coordination
/// while the command queue and the trackings' tables keep answering.
/// </summary>
internal sealed class CoordinationStorage : IAsyncDisposable
{
    private readonly DelayPolicy _delay = new();

    private CoordinationStorage(Azurite azurite) => Azurite = azurite;

    public Azurite Azurite { get; }

    /// <summary>How long every claim (an insert into the budget's tables) waits before it goes out.</summary>
    public TimeSpan ClaimDelay
    {
        get => _delay.Delay;
        set => _delay.Delay = value;
    }

    public static async Task<CoordinationStorage> StartAsync() => new(await Azurite.StartAsync(tablesOnly: true));

    /// <summary>Has an app's rate budget keep its claims and heartbeats here.</summary>
    public void Use(IServiceCollection services)
        => services.AddSingleton(sp =>
        {
            var options = new TableClientOptions();
            options.AddPolicy(_delay, HttpPipelinePosition.PerCall);
            var service = new TableServiceClient(Azurite.ConnectionString, options);
            return new RateBudgetStore(new TrackingTables(service, sp.GetRequiredService<IOptions<TrackingStorageOptions>>()), service);
        });

    public ValueTask DisposeAsync() => Azurite.DisposeAsync();

    private sealed class DelayPolicy : HttpPipelinePolicy
    {
        public TimeSpan Delay { get; set; }

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) => ProcessNext(message, pipeline);

        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            var path = message.Request.Uri.Path;
            if (Delay > TimeSpan.Zero && message.Request.Method == RequestMethod.Post && (path.Contains(TableNames.RateBudget, StringComparison.Ordinal) || path.EndsWith("$batch", StringComparison.Ordinal)))
            {
                await Task.Delay(Delay, message.CancellationToken);
            }

            await ProcessNextAsync(message, pipeline);
        }
    }
}
