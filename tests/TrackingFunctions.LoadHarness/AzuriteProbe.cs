using System.Diagnostics;
using Azure.Data.Tables;
using TrackingFunctions.IntegrationTests.Harness;

namespace TrackingFunctions.LoadHarness;

/// <summary>
/// How Azurite's own cost per request grows with the rows in one partition: sequential point reads and upserts in a
/// partition of 100, 1,000 and 10,000 rows. Azure Table storage indexes (PartitionKey, RowKey); this shows how far
/// the refresh figures, whose due index is one partition, measure Azurite rather than the app.
/// </summary>
internal static class AzuriteProbe
{
    private const int Probes = 300;

    public static async Task RunAsync(CancellationToken cancellationToken)
    {
        Console.WriteLine();
        Console.WriteLine("== Azurite: cost of one request against the rows already in its partition ==");
        var azurite = await Azurite.GetAsync();
        Console.WriteLine("rows in partition | point read ms (mean) | upsert ms (mean)");
        foreach (var rows in new[] { 100, 1000, 10_000 })
        {
            var table = new TableClient(azurite.ConnectionString, "probe" + Guid.NewGuid().ToString("N")[..12]);
            await table.CreateAsync(cancellationToken);
            for (var start = 0; start < rows; start += 100)
            {
                var batch = Enumerable.Range(start, Math.Min(100, rows - start))
                    .Select(i => new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("due", $"{i:D8}") { ["Id"] = Guid.NewGuid().ToString("N") }));
                await table.SubmitTransactionAsync(batch, cancellationToken);
            }

            var read = Stopwatch.StartNew();
            for (var i = 0; i < Probes; i++)
            {
                await table.GetEntityAsync<TableEntity>("due", $"{i * 7919 % rows:D8}", cancellationToken: cancellationToken);
            }

            read.Stop();
            var write = Stopwatch.StartNew();
            for (var i = 0; i < Probes; i++)
            {
                await table.UpsertEntityAsync(new TableEntity("due", $"x{i:D8}") { ["Id"] = "probe" }, TableUpdateMode.Replace, cancellationToken);
            }

            write.Stop();
            Console.WriteLine($"{rows,17:N0} | {read.Elapsed.TotalMilliseconds / Probes,20:F2} | {write.Elapsed.TotalMilliseconds / Probes,16:F2}");
            await table.DeleteAsync(cancellationToken);
        }

        Console.WriteLine($"({Measure.LoadAverage()})");
    }
}
