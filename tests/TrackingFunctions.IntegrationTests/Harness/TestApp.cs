using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using TrackingFunctions.Infrastructure;

namespace TrackingFunctions.IntegrationTests.Harness;

/// <summary>
/// The function app's real service registrations over the shared Azurite (and, when given, the AfterShip
/// simulator), with a table prefix of its own so tests never see each other's data. Functions are created the way
/// the worker creates them: from the container.
/// </summary>
public sealed class TestApp : IAsyncDisposable
{
    public const string WebhookSecret = "test-webhook-secret";
    public const string PreviousWebhookSecret = "previous-webhook-secret";
    public const string ApiKey = "test-api-key";

    private readonly ServiceProvider _provider;

    private TestApp(ServiceProvider provider, string tablePrefix, RequestCounter storageRequests, FakeTimeProvider? time)
    {
        _provider = provider;
        TablePrefix = tablePrefix;
        StorageRequests = storageRequests;
        Time = time;
    }

    public IServiceProvider Services => _provider;

    public string TablePrefix { get; }

    public RequestCounter StorageRequests { get; }

    public FakeTimeProvider? Time { get; }

    public FakeLogCollector Logs => _provider.GetFakeLogCollector();

    public static async Task<TestApp> StartAsync(
        Uri? afterShipBaseUrl = null,
        IDictionary<string, string?>? settings = null,
        FakeTimeProvider? time = null,
        string? tablesConnectionString = null,
        Action<IServiceCollection>? services = null)
    {
        var azurite = tablesConnectionString is null ? await Azurite.GetAsync() : null;
        var prefix = "t" + Guid.NewGuid().ToString("N")[..12];
        var values = new Dictionary<string, string?>
        {
            ["Tables"] = tablesConnectionString ?? azurite!.ConnectionString,
            ["AzureWebJobsStorage"] = tablesConnectionString ?? azurite!.ConnectionString,
            ["CommandQueueName"] = "tracking-commands",
            ["ImportQueueName"] = "tracking-import",
            ["WebhookDeliveryQueueName"] = "webhook-deliveries",
            ["NotificationQueueName"] = "tracking-notifications",
            ["RefreshSchedule"] = "0 */15 * * * *",
            ["ChangeSweepSchedule"] = "0 */1 * * * *",
            ["Storage:TablePrefix"] = prefix,
            ["AfterShip:ApiKey"] = ApiKey,
            ["AfterShip:BaseUrl"] = (afterShipBaseUrl ?? new Uri("http://127.0.0.1:9/tracking/2025-01/")).ToString(),
            ["AfterShip:RetryBaseDelay"] = "00:00:00.050",
            ["Webhook:Secrets:0"] = WebhookSecret,
            ["Webhook:Secrets:1"] = PreviousWebhookSecret,
            ["CourierRefreshSchedule"] = "0 0 3 * * *",
            ["AttentionSchedule"] = "0 5 * * * *",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var collection = new ServiceCollection();
        collection.AddSingleton<IConfiguration>(configuration);
        collection.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddFakeLogging());
        if (time is not null)
        {
            collection.AddSingleton<TimeProvider>(time);
        }

        collection.AddTrackingFunctions(configuration);
        var counter = new RequestCounter();
        collection.AddAzureClients(clients => clients.ConfigureDefaults(options => options.AddPolicy(counter, Azure.Core.HttpPipelinePosition.PerRetry)));
        services?.Invoke(collection);

        var provider = collection.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        // What the host does at start-up: options marked ValidateOnStart fail here, with their messages.
        provider.GetRequiredService<IStartupValidator>().Validate();
        return new TestApp(provider, prefix, counter, time);
    }

    public T Create<T>() => ActivatorUtilities.CreateInstance<T>(_provider);

    public T Get<T>()
        where T : notnull => _provider.GetRequiredService<T>();

    public ValueTask DisposeAsync() => _provider.DisposeAsync();
}
