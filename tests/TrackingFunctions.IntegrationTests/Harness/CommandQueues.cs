using System.Text;
using Azure.Storage.Queues;

namespace TrackingFunctions.IntegrationTests.Harness;

/// <summary>A fresh command queue and its poison queue on the shared Azurite, with plain (unencoded) clients.</summary>
public sealed record CommandQueues(QueueClient Queue, QueueClient Poison)
{
    public static async Task<CommandQueues> CreateAsync()
    {
        var azurite = await Azurite.GetAsync();
        var name = "cmd-" + Guid.NewGuid().ToString("N")[..16];
        var queue = new QueueClient(azurite.ConnectionString, name);
        var poison = new QueueClient(azurite.ConnectionString, name + "-poison");
        await queue.CreateAsync();
        await poison.CreateAsync();
        return new CommandQueues(queue, poison);
    }

    public Task SendAsync(string json) => Queue.SendMessageAsync(json);

    public Task SendBase64Async(string json) => Queue.SendMessageAsync(Convert.ToBase64String(Encoding.UTF8.GetBytes(json)));

    public Task<int> QueueCountAsync() => CountAsync(Queue);

    public Task<int> PoisonCountAsync() => CountAsync(Poison);

    private static async Task<int> CountAsync(QueueClient client) => (await client.GetPropertiesAsync()).Value.ApproximateMessagesCount;
}
