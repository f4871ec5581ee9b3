using System.Text.Json;
using System.Text.Json.Serialization;

namespace TrackingFunctions.AfterShip;

/// <summary>AfterShip's JSON conventions: snake_case names, tolerant of unknown fields and numbers sent as strings.</summary>
internal static class AfterShipJson
{
    public static readonly JsonSerializerOptions Options = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            NumberHandling = JsonNumberHandling.AllowReadingFromString,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
