using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AfterShip.Simulator.Hosting;

/// <summary>Serialisation shared by responses and webhook bodies.</summary>
internal static class Json
{
    // Relaxed escaping writes "+00:00" and "®" as themselves, as AfterShip does, instead of \u002B-style escapes.
    private static readonly JsonSerializerOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static byte[] ToUtf8(JsonNode node) => JsonSerializer.SerializeToUtf8Bytes(node, Options);
}
