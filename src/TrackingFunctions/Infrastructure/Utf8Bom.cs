namespace TrackingFunctions.Infrastructure;

/// <summary>
/// A UTF-8 byte-order mark is legal in front of JSON text and some producers write one (PowerShell, .NET writers
/// that emit the preamble), but System.Text.Json refuses it.
/// </summary>
internal static class Utf8Bom
{
    private static ReadOnlySpan<byte> Mark => [0xEF, 0xBB, 0xBF];

    public static ReadOnlySpan<byte> Strip(ReadOnlySpan<byte> text) => text.StartsWith(Mark) ? text[Mark.Length..] : text;

    public static ReadOnlyMemory<byte> Strip(ReadOnlyMemory<byte> text) => text.Span.StartsWith(Mark) ? text[Mark.Length..] : text;
}
