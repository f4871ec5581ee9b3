using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using TrackingFunctions.Infrastructure;
using TrackingFunctions.Subscriptions;

namespace TrackingFunctions.Functions;

/// <summary>What the subscription APIs share: reading a bounded body, checking an id, the 404.</summary>
internal static partial class SubscriptionBodies
{
    public static bool IsId(string id) => IdPattern().IsMatch(id);

    public static ObjectResult NotFound(string id) => Problems.NotFound($"No subscription '{id}'.");

    /// <summary>The body, or null when it is larger than <see cref="SubscriptionRequest.MaxBodyBytes"/>.</summary>
    public static async Task<byte[]?> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > SubscriptionRequest.MaxBodyBytes)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[4096];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > SubscriptionRequest.MaxBodyBytes)
            {
                return null;
            }
        }

        return buffer.ToArray();
    }

    [GeneratedRegex("^sub_[0-9a-f]{24}$")]
    private static partial Regex IdPattern();
}
