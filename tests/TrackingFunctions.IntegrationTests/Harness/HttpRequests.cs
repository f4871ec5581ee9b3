using Microsoft.AspNetCore.Http;

namespace TrackingFunctions.IntegrationTests.Harness;

/// <summary>Builds the ASP.NET Core requests the worker hands to HTTP functions.</summary>
public static class HttpRequests
{
    public static HttpRequest Post(byte[] body, IDictionary<string, string>? headers = null, long? contentLength = -1)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.Body = new MemoryStream(body);
        context.Request.ContentLength = contentLength == -1 ? body.Length : contentLength;
        context.Request.ContentType = "application/json";
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            context.Request.Headers[name] = value;
        }

        return context.Request;
    }

    public static HttpRequest Get(string query = "")
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "GET";
        context.Request.QueryString = new QueryString(query);
        return context.Request;
    }
}
