using System.IO.Compression;
using Azure.Data.Tables;

namespace TrackingFunctions.Storage;

/// <summary>
/// Stores a byte payload (a webhook body, a tracking's JSON) exactly, across binary properties of one entity.
/// </summary>
/// <remarks>
/// A string property holds at most 64 KiB and an entity at most 1 MiB, and Azurite enforces neither reliably.
/// Tracking JSON with hundreds of checkpoints passes 64 KiB easily but compresses about tenfold, so the payload
/// is gzipped and split into 64,000-byte binary chunks, at most <see cref="MaxChunks"/> of them.
/// </remarks>
public static class PayloadColumns
{
    public const int ChunkBytes = 64_000;
    public const int MaxChunks = 14;
    public const int MaxCompressedBytes = ChunkBytes * MaxChunks;

    private const string ChunkPrefix = "Payload";
    private const string CountProperty = "PayloadChunks";
    private const string LengthProperty = "PayloadLength";

    /// <summary>Writes <paramref name="payload"/> into <paramref name="entity"/>; throws when it cannot fit.</summary>
    public static void Write(TableEntity entity, ReadOnlySpan<byte> payload)
    {
        ArgumentNullException.ThrowIfNull(entity);
        var compressed = Compress(payload);
        if (compressed.Length > MaxCompressedBytes)
        {
            throw new PayloadTooLargeException(payload.Length, compressed.Length);
        }

        var chunks = (compressed.Length + ChunkBytes - 1) / ChunkBytes;
        for (var i = 0; i < chunks; i++)
        {
            var start = i * ChunkBytes;
            entity[ChunkPrefix + i] = compressed.AsSpan(start, Math.Min(ChunkBytes, compressed.Length - start)).ToArray();
        }

        entity[CountProperty] = chunks;
        entity[LengthProperty] = payload.Length;
    }

    /// <summary>Reads the payload back; null when the entity carries none.</summary>
    public static byte[]? Read(TableEntity entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        if (entity.GetInt32(CountProperty) is not { } chunks)
        {
            return null;
        }

        using var compressed = new MemoryStream();
        for (var i = 0; i < chunks; i++)
        {
            var chunk = entity.GetBinary(ChunkPrefix + i)
                ?? throw new InvalidDataException($"Payload chunk {i} of {chunks} is missing from {entity.PartitionKey}/{entity.RowKey}.");
            compressed.Write(chunk);
        }

        compressed.Position = 0;
        using var gzip = new GZipStream(compressed, CompressionMode.Decompress);
        using var result = new MemoryStream(entity.GetInt32(LengthProperty) ?? 0);
        gzip.CopyTo(result);
        return result.ToArray();
    }

    private static byte[] Compress(ReadOnlySpan<byte> payload)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(payload);
        }

        return output.ToArray();
    }
}
