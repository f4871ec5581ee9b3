using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;
using TrackingFunctions.Notifications;
using TrackingFunctions.ShopperPage;

namespace TrackingFunctions.Functions;

/// <summary>
/// One-click unsubscribe (RFC 8058): anonymous, signed by the token in the link. A POST (what mail clients send,
/// with <c>List-Unsubscribe=One-Click</c>) unsubscribes at once; a GET (a person clicking the footer link) shows a
/// page whose button POSTs, so a link scanner that follows every link unsubscribes nobody.
/// </summary>
public sealed class Unsubscribe(UnsubscribeTokens tokens, SuppressionList suppressions, IOptions<TrackingPageOptions> page, PageAssets assets)
{
    [Function("UnsubscribePage")]
    public IActionResult Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "unsubscribe")] HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (branding, text, urls) = Frame(request);
        string? token = request.Query["t"];
        return tokens.Read(token) is null
            ? PageResponse.Html(request, UnsubscribeHtml.Invalid(branding, text, urls), StatusCodes.Status400BadRequest, 0)
            : PageResponse.Html(request, UnsubscribeHtml.Confirm(branding, text, urls, (request.Path.Value ?? "/unsubscribe") + "?t=" + Uri.EscapeDataString(token!)), StatusCodes.Status200OK, 0);
    }

    [Function("UnsubscribeOneClick")]
    public async Task<IActionResult> PostAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "unsubscribe")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (branding, text, urls) = Frame(request);
        if (tokens.Read(request.Query["t"]) is not { } hash)
        {
            return PageResponse.Html(request, UnsubscribeHtml.Invalid(branding, text, urls), StatusCodes.Status400BadRequest, 0);
        }

        await suppressions.AddAsync(hash, cancellationToken);
        return PageResponse.Html(request, UnsubscribeHtml.Done(branding, text, urls), StatusCodes.Status200OK, 0);
    }

    private (PageBranding Branding, PageText Text, PageUrls Urls) Frame(HttpRequest request)
    {
        var language = PageLanguage.FromAcceptLanguage(request.Headers.AcceptLanguage);
        var path = request.Path.Value ?? string.Empty;
        var at = path.LastIndexOf("/unsubscribe", StringComparison.OrdinalIgnoreCase);
        var trackPath = (at >= 0 ? path[..at] : string.Empty) + "/track";
        return (PageBranding.From(page.Value), new PageText(language.Strings), PageUrls.For(trackPath, assets));
    }
}
