using AfterShip.Simulator;
using Azure.Storage.Queues.Models;
using TrackingFunctions.Commands;
using TrackingFunctions.Functions;
using TrackingFunctions.IntegrationTests.Harness;

namespace TrackingFunctions.IntegrationTests.Commands;

/// <summary>The app over Azurite and a fresh simulator, a fresh command queue, and a host loop over it.</summary>
public sealed class CommandFixture : IAsyncDisposable
{
    private CommandFixture(AfterShipSimulator simulator, TestApp app, CommandQueues queues)
    {
        Simulator = simulator;
        App = app;
        Queues = queues;
        Host = new QueueTriggerHost(queues.Queue, queues.Poison, (m, ct) => app.Create<ProcessTrackingCommand>().RunAsync(m, ct));
        PoisonHost = new QueueTriggerHost(queues.Poison, queues.Poison, (m, ct) => app.Create<DrainPoisonCommands>().RunAsync(m, ct));
    }

    public AfterShipSimulator Simulator { get; }

    public TestApp App { get; }

    public CommandQueues Queues { get; }

    public QueueTriggerHost Host { get; }

    public QueueTriggerHost PoisonHost { get; }

    public static async Task<CommandFixture> StartAsync(IDictionary<string, string?>? settings = null, SimulatorOptions? simulatorOptions = null, string? tablesConnectionString = null)
    {
        var options = simulatorOptions ?? new SimulatorOptions();
        options.ApiKey = TestApp.ApiKey;
        var simulator = await AfterShipSimulator.StartAsync(options);
        var app = await TestApp.StartAsync(simulator.BaseUrl, settings, tablesConnectionString: tablesConnectionString);
        return new CommandFixture(simulator, app, await CommandQueues.CreateAsync());
    }

    public Task<CommandOutcome?> OutcomeAsync(string requestId) => App.Get<CommandOutcomeStore>().GetAsync(requestId, CancellationToken.None);

    public Task<CommandOutcome> RunOnceAsync(string json, string messageId = "m-1", long dequeueCount = 1)
        => App.Get<TrackingCommandProcessor>().ProcessAsync(System.Text.Encoding.UTF8.GetBytes(json), messageId, dequeueCount, CancellationToken.None);

    public static QueueMessage Message(string body, string id = "m-1", long dequeueCount = 1)
        => QueuesModelFactory.QueueMessage(id, "pop", body, dequeueCount);

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        await Simulator.DisposeAsync();
        await Queues.Queue.DeleteIfExistsAsync();
        await Queues.Poison.DeleteIfExistsAsync();
    }
}
