using System.Text.Json;
using Microsoft.AspNetCore.Mvc;

namespace TrackingFunctions.Infrastructure;

/// <summary>The read API answers in snake_case, like the AfterShip objects it embeds.</summary>
internal static class ApiJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    public static JsonResult Ok(object value) => new(value, Options) { StatusCode = 200 };
}
