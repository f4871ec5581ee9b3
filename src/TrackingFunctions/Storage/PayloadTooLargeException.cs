namespace TrackingFunctions.Storage;

/// <summary>A payload that does not fit one table entity even compressed.</summary>
public sealed class PayloadTooLargeException : Exception
{
    public PayloadTooLargeException(int length, int compressedLength)
        : base($"A payload of {length} bytes compresses to {compressedLength} bytes, over the {PayloadColumns.MaxCompressedBytes} bytes one table entity can hold.")
    {
        Length = length;
        CompressedLength = compressedLength;
    }

    public PayloadTooLargeException()
    {
    }

    public PayloadTooLargeException(string message)
        : base(message)
    {
    }

    public PayloadTooLargeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public int Length { get; }

    public int CompressedLength { get; }
}
