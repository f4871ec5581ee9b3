using System.Text.Json.Nodes;

namespace TrackingFunctions.IntegrationTests.Couriers;

/// <summary>A create command's JSON with the given tracking fields, as a shop would put it on the queue.</summary>
internal static class CreateCommand
{
    public static string Json(string requestId, params (string Name, string Value)[] fields)
    {
        var tracking = new JsonObject();
        foreach (var (name, value) in fields)
        {
            tracking[name] = value;
        }

        return new JsonObject { ["action"] = "create", ["request_id"] = requestId, ["tracking"] = tracking }.ToJsonString();
    }

    public static string Number(string prefix = "TN") => prefix + Guid.NewGuid().ToString("N")[..12].ToUpperInvariant();
}
