using System.Security.Cryptography;
using System.Text;

namespace TrackingFunctions.Storage;

/// <summary>
/// Keys of the number-first index (<see cref="TableNames.TrackingNumbers"/>): partition = one of 256 buckets (the first
/// byte of the number's SHA-256), row key = the number, <c>|</c>, the slug. A number's rows are one key range of one
/// partition, so a search reads one partition however many trackings are stored, and the rows of many numbers share
/// partitions, so they can be written (or seeded) in entity-group transactions.
/// </summary>
internal static class NumberIndex
{
    /// <summary>Sorts after every character <see cref="TableKey"/> emits except <c>~</c>, so one number's rows form one range.</summary>
    private const char Separator = '|';

    public static string Partition(string numberKey) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(numberKey)).AsSpan(0, 1));

    public static string RowKey(string numberKey, string slugKey) => numberKey + Separator + slugKey;

    /// <summary>The row keys of one number: from <c>number|</c> up to, not including, <c>number}</c>.</summary>
    public static (string From, string Before) Range(string numberKey) => (numberKey + Separator, numberKey + (char)(Separator + 1));
}
