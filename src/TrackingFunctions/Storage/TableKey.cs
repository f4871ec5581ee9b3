using System.Security.Cryptography;
using System.Text;

namespace TrackingFunctions.Storage;

/// <summary>
/// Makes any string safe as a PartitionKey or RowKey. Azure rejects <c>/ \ # ?</c> and control characters in keys
/// and caps them at 1 KiB; Azurite does not enforce either, so the encoding is done (and tested) here.
/// </summary>
/// <remarks>
/// Letters, digits, <c>-</c>, <c>_</c> and <c>.</c> stay as they are (so ordinary ids and numbers stay readable and
/// sort as before); every other UTF-8 byte becomes <c>~XX</c>. Values that would encode to more than
/// <see cref="MaxLength"/> characters keep a readable prefix plus a SHA-256 of the whole value.
/// </remarks>
public static class TableKey
{
    public const int MaxLength = 512;

    private const int HashedPrefixLength = 200;

    public static string Encode(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var bytes = Encoding.UTF8.GetBytes(value);
        var builder = new StringBuilder(bytes.Length);
        foreach (var b in bytes)
        {
            if (IsSafe(b))
            {
                builder.Append((char)b);
            }
            else
            {
                builder.Append('~').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        if (builder.Length <= MaxLength)
        {
            return builder.ToString();
        }

        var prefix = builder.ToString(0, HashedPrefixLength);
        var cut = prefix.LastIndexOf('~');
        if (cut > HashedPrefixLength - 3)
        {
            prefix = prefix[..cut];
        }

        return prefix + "~H" + Convert.ToHexString(SHA256.HashData(bytes));
    }

    /// <summary>True when Azure Table storage accepts the string as a key.</summary>
    public static bool IsValidKey(string key)
        => key.Length <= 1024 && !key.Any(c => c is '/' or '\\' or '#' or '?' || char.IsControl(c));

    private static bool IsSafe(byte b)
        => b is (>= (byte)'a' and <= (byte)'z') or (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'0' and <= (byte)'9') or (byte)'-' or (byte)'_' or (byte)'.';
}
