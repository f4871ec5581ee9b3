using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using Azure;
using Azure.Data.Tables;
using TrackingFunctions.Storage;

namespace TrackingFunctions.AfterShip.Budget;

/// <summary>
/// The claims table: one row per claimed block (partition = endpoint and its slot numbering, row = block number),
/// inserted by whoever claims it. An insert that meets an existing row fails with 409, so two instances can never
/// hold the same block. Rows live in one table per UTC day of the block's start; the table of two days ago is
/// deleted when a day's table is first used. Each instance's heartbeat is a row of its own in partition
/// <c>Instances</c> of the day's table, rewritten every few seconds.
/// </summary>
internal sealed class RateBudgetStore(TrackingTables tables, TableServiceClient service)
{
    private const string OwnerColumn = "Owner";
    private const string HoldOffColumn = "HoldOff";
    private const string InstancesPartition = "Instances";

    private readonly ConcurrentDictionary<string, byte> _cleaned = new();

    /// <summary>
    /// Claims <paramref name="count"/> consecutive blocks from <paramref name="first"/> on, all or none (one entity-group
    /// transaction); returns the claims' ETags (to release them by), or null when somebody holds any of them already.
    /// </summary>
    public async Task<IReadOnlyList<ETag>?> TryClaimAsync(BudgetTimeline timeline, long first, int count, string owner, CancellationToken cancellationToken)
    {
        if (count > 1 && !InOneTable(timeline, first, first + count - 1))
        {
            throw new ArgumentOutOfRangeException(nameof(count), "Blocks claimed together must start on the same UTC day.");
        }

        var table = await TableForAsync(timeline, first, cancellationToken);
        try
        {
            if (count == 1)
            {
                var response = await table.AddEntityAsync(Entity(timeline, first, owner, holdOff: false), cancellationToken);
                return [response.Headers.ETag ?? ETag.All];
            }

            var actions = Enumerable.Range(0, count)
                .Select(i => new TableTransactionAction(TableTransactionActionType.Add, Entity(timeline, first + i, owner, holdOff: false)))
                .ToList();
            var responses = await table.SubmitTransactionAsync(actions, cancellationToken);
            return [.. responses.Value.Select(r => r.Headers.ETag ?? ETag.All)];
        }
        catch (RequestFailedException ex) when (ex.Status == (int)HttpStatusCode.Conflict)
        {
            return null;
        }
    }

    /// <summary>Whether two blocks' rows live in the same day's table, so one transaction can claim both.</summary>
    public static bool InOneTable(BudgetTimeline timeline, long a, long b) => Day(timeline, a) == Day(timeline, b);

    /// <summary>
    /// Gives back a claimed block whose remaining slots this instance will not use. Only the claim itself is deleted:
    /// a hold-off written over it since (another ETag) stays.
    /// </summary>
    public async Task ReleaseAsync(BudgetTimeline timeline, long block, ETag claim, CancellationToken cancellationToken)
    {
        var table = await TableForAsync(timeline, block, cancellationToken);
        try
        {
            await table.DeleteEntityAsync(timeline.Partition, RowKey(block), claim, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status is (int)HttpStatusCode.PreconditionFailed or (int)HttpStatusCode.NotFound)
        {
            // Replaced by a hold-off, or gone with its day's table: nothing to give back.
        }
    }

    /// <summary>The held blocks from <paramref name="from"/> up to <paramref name="count"/> blocks later.</summary>
    public async Task<IReadOnlyList<ClaimedBlock>> ReadAheadAsync(BudgetTimeline timeline, long from, int count, CancellationToken cancellationToken)
    {
        var table = await TableForAsync(timeline, from, cancellationToken);
        var partition = timeline.Partition;
        var first = RowKey(from);
        var last = RowKey(from + count);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {first} and RowKey lt {last}");
        var found = new List<ClaimedBlock>();
        await foreach (var row in table.QueryAsync<TableEntity>(filter, maxPerPage: count, select: ["RowKey", OwnerColumn, HoldOffColumn], cancellationToken: cancellationToken))
        {
            found.Add(new ClaimedBlock(
                long.Parse(row.RowKey, CultureInfo.InvariantCulture),
                row.GetString(OwnerColumn) ?? string.Empty,
                row.GetBoolean(HoldOffColumn) ?? false));
        }

        return found;
    }

    /// <summary>Marks blocks as held off (nobody sends in them), whoever claimed them: one transaction.</summary>
    public async Task HoldOffAsync(BudgetTimeline timeline, long from, long to, string owner, CancellationToken cancellationToken)
    {
        var table = await TableForAsync(timeline, from, cancellationToken);
        var actions = new List<TableTransactionAction>();
        for (var block = from; block <= to && actions.Count < 100; block++)
        {
            actions.Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace, Entity(timeline, block, owner, holdOff: true)));
        }

        await table.SubmitTransactionAsync(actions, cancellationToken);
    }

    /// <summary>Writes this instance's heartbeat row in the table of <paramref name="now"/>'s day.</summary>
    public async Task BeatAsync(string owner, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var table = await TableForDayAsync(now.UtcDateTime.Date, cancellationToken);
        await table.UpsertEntityAsync(new TableEntity(InstancesPartition, owner), TableUpdateMode.Replace, cancellationToken);
    }

    /// <summary>
    /// The instances whose heartbeat was written in the last <paramref name="within"/> (storage's clock), from the
    /// day's table and, just after midnight, the day before's.
    /// </summary>
    public async Task<IReadOnlyList<string>> AliveAsync(DateTimeOffset now, TimeSpan within, CancellationToken cancellationToken)
    {
        var since = now - within;
        var alive = new List<string>();
        foreach (var day in new[] { now.UtcDateTime.Date, since.UtcDateTime.Date }.Distinct())
        {
            var table = await TableForDayAsync(day, cancellationToken);
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {InstancesPartition} and Timestamp ge {since}");
            await foreach (var row in table.QueryAsync<TableEntity>(filter, select: ["RowKey"], cancellationToken: cancellationToken))
            {
                alive.Add(row.RowKey);
            }
        }

        return [.. alive.Distinct(StringComparer.Ordinal)];
    }

    private static TableEntity Entity(BudgetTimeline timeline, long block, string owner, bool holdOff)
        => new(timeline.Partition, RowKey(block))
        {
            [OwnerColumn] = owner,
            [HoldOffColumn] = holdOff,
        };

    private static string RowKey(long block) => block.ToString("D19", CultureInfo.InvariantCulture);

    private static DateTime Day(BudgetTimeline timeline, long block) => BudgetTimeline.FromUnixTicks(timeline.BlockStart(block)).UtcDateTime.Date;

    private Task<TableClient> TableForAsync(BudgetTimeline timeline, long block, CancellationToken cancellationToken)
        => TableForDayAsync(Day(timeline, block), cancellationToken);

    private async Task<TableClient> TableForDayAsync(DateTime day, CancellationToken cancellationToken)
    {
        var name = TableNames.RateBudget + day.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        var table = await tables.GetAsync(name, cancellationToken);
        if (_cleaned.TryAdd(name, 0))
        {
            var stale = tables.NameOf(TableNames.RateBudget + day.AddDays(-2).ToString("yyyyMMdd", CultureInfo.InvariantCulture));
            try
            {
                await service.DeleteTableAsync(stale, cancellationToken);
            }
            catch (RequestFailedException ex) when (ex.Status == (int)HttpStatusCode.NotFound)
            {
                // Nothing to clean: that day saw no claims, or another instance deleted it first.
            }
        }

        return table;
    }
}
