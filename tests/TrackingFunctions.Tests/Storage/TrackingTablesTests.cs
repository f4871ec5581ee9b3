using Azure;
using Azure.Data.Tables;
using Azure.Data.Tables.Models;
using Microsoft.Extensions.Options;
using Moq;
using TrackingFunctions.Storage;

namespace TrackingFunctions.Tests.Storage;

/// <summary>
/// Table creation is cached per process, but a failed creation must never answer a later request: storage that was
/// frozen on a fresh instance and is back must be used, not blamed with the old timeout.
/// </summary>
public sealed class TrackingTablesTests
{
    private readonly Mock<TableServiceClient> _service = new(MockBehavior.Strict);
    private readonly Mock<TableClient> _table = new(MockBehavior.Strict);
    private readonly Queue<Task<Response<TableItem>>> _creations = new();
    private int _createCalls;

    public TrackingTablesTests()
    {
        _service.Setup(s => s.GetTableClient("Trackings")).Returns(_table.Object);
        _table.Setup(t => t.CreateIfNotExistsAsync(It.IsAny<CancellationToken>()))
            .Returns(() =>
            {
                _createCalls++;
                return _creations.Dequeue();
            });
    }

    private TrackingTables Tables() => new(_service.Object, Options.Create(new TrackingStorageOptions()));

    private static Task<Response<TableItem>> Created() => Task.FromResult(Response.FromValue(TableModelFactory.TableItem("Trackings"), Mock.Of<Response>()));

    [Fact]
    public async Task GetAsync_after_a_hanging_creation_failed_creates_the_table_again()
    {
        var hanging = new TaskCompletionSource<Response<TableItem>>();
        _creations.Enqueue(hanging.Task);
        _creations.Enqueue(Created());
        var tables = Tables();

        // The first request gives up while storage is frozen; the creation it started fails only afterwards.
        using (var giveUp = new CancellationTokenSource())
        {
            var first = tables.GetAsync(TableNames.Trackings, giveUp.Token);
            await giveUp.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        }

        hanging.SetException(new RequestFailedException("The operation was cancelled because it exceeded the configured timeout."));

        var client = await tables.GetAsync(TableNames.Trackings, CancellationToken.None);

        Assert.Same(_table.Object, client);
        Assert.Equal(2, _createCalls);
    }

    [Fact]
    public async Task GetAsync_after_a_failed_creation_creates_the_table_again()
    {
        _creations.Enqueue(Task.FromException<Response<TableItem>>(new RequestFailedException("connection refused")));
        _creations.Enqueue(Created());
        var tables = Tables();

        await Assert.ThrowsAsync<RequestFailedException>(() => tables.GetAsync(TableNames.Trackings, CancellationToken.None));
        var client = await tables.GetAsync(TableNames.Trackings, CancellationToken.None);

        Assert.Same(_table.Object, client);
        Assert.Equal(2, _createCalls);
    }

    [Fact]
    public async Task GetAsync_creates_a_table_once_and_reuses_it()
    {
        _creations.Enqueue(Created());
        var tables = Tables();

        await tables.GetAsync(TableNames.Trackings, CancellationToken.None);
        await tables.GetAsync(TableNames.Trackings, CancellationToken.None);

        Assert.Equal(1, _createCalls);
    }

    [Fact]
    public async Task Callers_waiting_on_a_creation_that_fails_share_its_failure_and_the_next_caller_retries()
    {
        var hanging = new TaskCompletionSource<Response<TableItem>>();
        _creations.Enqueue(hanging.Task);
        _creations.Enqueue(Created());
        var tables = Tables();

        var first = tables.GetAsync(TableNames.Trackings, CancellationToken.None);
        var second = tables.GetAsync(TableNames.Trackings, CancellationToken.None);
        hanging.SetException(new RequestFailedException("timeout"));

        await Assert.ThrowsAsync<RequestFailedException>(() => first);
        await Assert.ThrowsAsync<RequestFailedException>(() => second);
        Assert.Same(_table.Object, await tables.GetAsync(TableNames.Trackings, CancellationToken.None));
        Assert.Equal(2, _createCalls);
    }
}
