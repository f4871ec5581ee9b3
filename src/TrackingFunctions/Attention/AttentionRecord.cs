using Azure;
using Azure.Data.Tables;

namespace TrackingFunctions.Attention;

/// <summary>
/// The tracking's attention row (RowKey <see cref="RowKey"/> in its partition of the Trackings table): which causes
/// are raised and not yet cleared, how often each was raised, and where its deadline row is. Written in the same
/// transaction as the events it raises, so a cause is raised exactly once per occurrence however many checks race.
/// </summary>
internal sealed record AttentionRecord
{
    public const string RowKey = "attention";

    private const string OpenPrefix = "Open_";
    private const string CountPrefix = "Raised_";
    private const string DueAtColumn = "DueAt";
    private const string ObservedColumn = "ObservedSequence";

    public IReadOnlySet<string> Open { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, int> Raised { get; init; } = new Dictionary<string, int>(StringComparer.Ordinal);

    /// <summary>The time of the tracking's row in the attention index; null when it has none.</summary>
    public DateTimeOffset? DueAt { get; init; }

    /// <summary>The last change event whose tag was taken into account; older ones handed over again are not.</summary>
    public long ObservedSequence { get; init; }

    /// <summary>Default when the row does not exist yet.</summary>
    public ETag ETag { get; init; }

    public int RaisedCount(string cause) => Raised.TryGetValue(cause, out var count) ? count : 0;

    public static AttentionRecord FromEntity(TableEntity? entity)
    {
        if (entity is null)
        {
            return new AttentionRecord();
        }

        var open = new HashSet<string>(StringComparer.Ordinal);
        var raised = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var cause in AttentionCauses.All)
        {
            if (entity.GetBoolean(OpenPrefix + cause) == true)
            {
                open.Add(cause);
            }

            if (entity.GetInt32(CountPrefix + cause) is { } count)
            {
                raised[cause] = count;
            }
        }

        return new AttentionRecord { Open = open, Raised = raised, DueAt = entity.GetDateTimeOffset(DueAtColumn), ObservedSequence = entity.GetInt64(ObservedColumn) ?? 0, ETag = entity.ETag };
    }

    public TableEntity ToEntity(string partitionKey)
    {
        var entity = new TableEntity(partitionKey, RowKey) { [DueAtColumn] = DueAt, [ObservedColumn] = ObservedSequence };
        foreach (var cause in AttentionCauses.All)
        {
            entity[OpenPrefix + cause] = Open.Contains(cause);
            entity[CountPrefix + cause] = RaisedCount(cause);
        }

        return entity;
    }

    /// <summary>The same write as a transaction action: an insert for a new row, else conditional on the ETag read.</summary>
    public TableTransactionAction ToAction(string partitionKey)
        => ETag == default
            ? new TableTransactionAction(TableTransactionActionType.Add, ToEntity(partitionKey))
            : new TableTransactionAction(TableTransactionActionType.UpdateReplace, ToEntity(partitionKey), ETag);

    public bool SameAs(AttentionRecord other)
        => other is not null && DueAt == other.DueAt && ObservedSequence == other.ObservedSequence && Open.SetEquals(other.Open)
           && AttentionCauses.All.All(c => RaisedCount(c) == other.RaisedCount(c));
}
