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

    /// <summary>A browser's form post (<c>application/x-www-form-urlencoded</c>) of the fields, in order.</summary>
    public static HttpRequest PostForm(string path, params (string Name, string Value)[] fields)
    {
        var body = System.Text.Encoding.UTF8.GetBytes(string.Join("&", fields.Select(f => Uri.EscapeDataString(f.Name) + "=" + Uri.EscapeDataString(f.Value))));
        var request = Post(body);
        request.Path = path;
        request.ContentType = "application/x-www-form-urlencoded";
        return request;
    }

    public static HttpRequest Get(string query = "")
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "GET";
        context.Request.QueryString = new QueryString(query);
        return context.Request;
    }
}
