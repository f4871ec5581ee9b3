using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace TrackingFunctions.ShopperPage;

/// <summary>
/// The headers every tracking page answer carries, and the conditional GET: the ETag is a hash of the exact bytes
/// (no nonce, so equal pages hash equal) and a matching <c>If-None-Match</c> gets a 304 with the same headers.
/// </summary>
internal static class PageResponse
{
    /// <summary>No script at all; styles and images only from this app (images also from https, for the logo).</summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; style-src 'self'; img-src 'self' https:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    public const string HtmlContentType = "text/html; charset=utf-8";

    public static IActionResult Html(HttpRequest request, string html, int status, int cacheSeconds)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(html);
        var headers = request.HttpContext.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers["Referrer-Policy"] = "no-referrer";
        headers.Vary = HeaderNames.AcceptLanguage;
        if (status != StatusCodes.Status200OK)
        {
            // A "not found yet" page becomes a tracking within hours, and a refused search is personal: cache neither.
            headers.CacheControl = "no-store";
            headers.XContentTypeOptions = "nosniff";
            return new ContentResult { Content = html, ContentType = HtmlContentType, StatusCode = status };
        }

        var etag = ETagOf(Encoding.UTF8.GetBytes(html));
        return NotModified(request, etag, "public, max-age=" + cacheSeconds.ToString(CultureInfo.InvariantCulture))
            ? new StatusCodeResult(StatusCodes.Status304NotModified)
            : new ContentResult { Content = html, ContentType = HtmlContentType, StatusCode = status };
    }

    /// <summary>
    /// An answer about one shopper's order: never stored by a browser or a shared cache, whatever its status, and
    /// without an ETag (there is nothing to revalidate).
    /// </summary>
    public static IActionResult Personal(HttpRequest request, string html, int status)
    {
        ArgumentNullException.ThrowIfNull(request);
        var headers = request.HttpContext.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers["Referrer-Policy"] = "no-referrer";
        headers.Vary = HeaderNames.AcceptLanguage;
        headers.CacheControl = "no-store";
        headers.XContentTypeOptions = "nosniff";
        return new ContentResult { Content = html, ContentType = HtmlContentType, StatusCode = status };
    }

    /// <summary>Sets the validator headers (a 304 must repeat them) and says whether the client's copy is current.</summary>
    public static bool NotModified(HttpRequest request, string etag, string cacheControl)
    {
        ArgumentNullException.ThrowIfNull(request);
        var headers = request.HttpContext.Response.Headers;
        headers.ETag = etag;
        headers.CacheControl = cacheControl;
        headers.XContentTypeOptions = "nosniff";
        return Matches(request.Headers.IfNoneMatch, etag);
    }

    public static string ETagOf(ReadOnlySpan<byte> content) => "\"" + Convert.ToHexStringLower(SHA256.HashData(content))[..32] + "\"";

    /// <summary>Weak comparison (RFC 9110 13.1.2): <c>W/"x"</c> matches <c>"x"</c>, and <c>*</c> matches any.</summary>
    public static bool Matches(StringValues ifNoneMatch, string etag)
    {
        foreach (var header in ifNoneMatch)
        {
            foreach (var candidate in (header ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                var tag = candidate.StartsWith("W/", StringComparison.Ordinal) ? candidate[2..] : candidate;
                if (tag == "*" || tag == etag)
                {
                    return true;
                }
            }
        }

        return false;
    }
}
