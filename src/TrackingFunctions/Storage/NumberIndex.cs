using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;

namespace TrackingFunctions.Storage;

/// <summary>
/// The number-first index (<see cref="TableNames.TrackingNumbers"/>): one row per tracking number, partition = one of
/// 256 buckets (the first byte of the number's SHA-256), row key = the number, listing every courier the number is
/// stored under. A search without a courier is one point read however many trackings are stored, and rows of many
/// numbers share partitions, so they can be written (or seeded) in entity-group transactions.
/// </summary>
internal static class NumberIndex
{
    public const string SlugsColumn = "Slugs";

    /// <summary>Conflicts with another writer of the same number; two couriers sharing a number is already rare.</summary>
    private const int MaxAttempts = 10;

    public static string Partition(string numberKey) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(numberKey)).AsSpan(0, 1));

    /// <summary>Slugs are lower-case letters, digits, <c>-</c> and <c>_</c>, so a space separates them unambiguously.</summary>
    public static IReadOnlyList<string> Slugs(TableEntity row)
        => row.GetString(SlugsColumn)?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? [];

    public static TableEntity Row(string numberKey, IEnumerable<string> slugs)
        => new(Partition(numberKey), numberKey) { [SlugsColumn] = string.Join(' ', slugs.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)) };

    /// <summary>
    /// Adds the slug to the number's row: a point read, then an insert or an ETag-conditional replace, again on a
    /// conflict. A slug already listed costs the read only.
    /// </summary>
    public static async Task AddAsync(TableClient numbers, string numberKey, string slug, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var read = await numbers.GetEntityIfExistsAsync<TableEntity>(Partition(numberKey), numberKey, cancellationToken: cancellationToken);
            var slugs = read.HasValue ? Slugs(read.Value!) : [];
            if (slugs.Contains(slug, StringComparer.Ordinal))
            {
                return;
            }

            var row = Row(numberKey, slugs.Append(slug));
            try
            {
                if (read.HasValue)
                {
                    await numbers.UpdateEntityAsync(row, read.Value!.ETag, TableUpdateMode.Replace, cancellationToken);
                }
                else
                {
                    await numbers.AddEntityAsync(row, cancellationToken);
                }

                return;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412 && attempt < MaxAttempts)
            {
                // Another write of the same number got there first: read its list and add to that.
            }
        }
    }
}
