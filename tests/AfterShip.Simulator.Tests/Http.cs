using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace AfterShip.Simulator.Tests;

/// <summary>Plain HttpClient plumbing, so the tests exercise the simulator exactly as a real client would.</summary>
internal static class Http
{
    public static HttpClient Client(AfterShipSimulator simulator, string? apiKey = null)
    {
        var client = new HttpClient { BaseAddress = simulator.BaseUrl };
        client.DefaultRequestHeaders.Add("as-api-key", apiKey ?? simulator.ApiKey);
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return client;
    }

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    public static async Task<JsonObject> EnvelopeAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonNode.Parse(text)?.AsObject() ?? throw new InvalidOperationException("Empty response body.");
    }

    public static int MetaCode(JsonObject envelope) => envelope["meta"]!["code"]!.GetValue<int>();

    public static string? MetaType(JsonObject envelope) => envelope["meta"]!["type"]?.GetValue<string>();

    public static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : throw new InvalidOperationException($"Missing header {name}.");
}
