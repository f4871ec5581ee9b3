using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using TrackingFunctions.Storage;
using TrackingFunctions.ShopperPage;

namespace TrackingFunctions.Functions;

/// <summary>
/// The shopper tracking page: anonymous, server-rendered HTML from the stored state (never an AfterShip call),
/// with its stylesheet. A page costs at most two storage reads: the lookup row and the state.
/// </summary>
public sealed class ShopperTrackingPage(ITrackingStore store, ITrackingNumberSearch search, TrackingPageRenderer renderer, PageAssets assets)
{
    /// <summary>Couriers offered when a number is stored under several; real collisions are two or three.</summary>
    public const int MaxCouriers = 10;

    [Function("TrackingSearchPage")]
    public async Task<IActionResult> SearchAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "track")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var language = PageLanguage.FromAcceptLanguage(request.Headers.AcceptLanguage);
        var path = request.Path.Value ?? string.Empty;
        if (!request.Query.ContainsKey("tracking_number"))
        {
            return PageResponse.Html(request, renderer.Search(language, path), StatusCodes.Status200OK, renderer.CacheSeconds);
        }

        var number = request.Query["tracking_number"].ToString().Trim();
        var slug = request.Query["slug"].ToString().Trim().ToLowerInvariant();
        if (number.Length == 0)
        {
            return PageResponse.Html(request, renderer.Search(language, path, "Search_ErrorEmpty", number, slug), StatusCodes.Status400BadRequest, 0);
        }

        if (!SearchInput.IsPlausibleNumber(number) || (slug.Length > 0 && !SearchInput.IsPlausibleSlug(slug)))
        {
            return PageResponse.Html(request, renderer.Search(language, path, "Search_ErrorInvalid", number[..Math.Min(number.Length, SearchInput.MaxNumberLength)], slug), StatusCodes.Status400BadRequest, 0);
        }

        var urls = PageUrls.For(path, assets);
        if (slug.Length > 0)
        {
            return SeeOther(request, urls.Tracking(slug, number));
        }

        return await WhenStorageAvailableAsync(request, language, async () =>
        {
            var slugs = await search.FindSlugsAsync(number, MaxCouriers, cancellationToken);
            return slugs.Count switch
            {
                0 => PageResponse.Html(request, renderer.Unknown(language, path, number, null), StatusCodes.Status404NotFound, 0),
                1 => SeeOther(request, urls.Tracking(slugs[0], number)),
                _ => PageResponse.Html(request, renderer.Chooser(language, path, number, slugs), StatusCodes.Status200OK, renderer.CacheSeconds),
            };
        });
    }

    [Function("TrackingPage")]
    public async Task<IActionResult> GetPageAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "track/{slug}/{trackingNumber}")] HttpRequest request,
        string slug,
        string trackingNumber,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);

        // Routing prefers the literal "assets" route, so this is only a safety net should a host not do so.
        if (slug == "assets")
        {
            return Asset(request, trackingNumber);
        }

        var language = PageLanguage.FromAcceptLanguage(request.Headers.AcceptLanguage);
        var path = request.Path.Value ?? string.Empty;
        if (string.IsNullOrWhiteSpace(slug) || string.IsNullOrWhiteSpace(trackingNumber) || !SearchInput.IsPlausibleSlug(slug) || !SearchInput.IsPlausibleNumber(trackingNumber))
        {
            return PageResponse.Html(request, renderer.Unknown(language, path, null, null), StatusCodes.Status404NotFound, 0);
        }

        return await WhenStorageAvailableAsync(request, language, async () =>
        {
            var state = await store.FindAsync(slug, trackingNumber, cancellationToken);
            return state?.TrackingJson is null
                ? PageResponse.Html(request, renderer.Unknown(language, path, trackingNumber, slug), StatusCodes.Status404NotFound, 0)
                : PageResponse.Html(request, renderer.Tracking(state, language, path), StatusCodes.Status200OK, renderer.CacheSeconds);
        });
    }

    [Function("TrackingPageAsset")]
    public IActionResult GetAsset(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "track/assets/{file}")] HttpRequest request,
        string file)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Asset(request, file);
    }

    private IActionResult Asset(HttpRequest request, string file)
    {
        if (assets.Find(file) is not { } asset)
        {
            return new NotFoundResult();
        }

        // The name carries the content hash, so a cached copy can never be stale.
        return PageResponse.NotModified(request, asset.ETag, "public, max-age=86400, immutable")
            ? new StatusCodeResult(StatusCodes.Status304NotModified)
            : new FileContentResult(asset.Content, asset.ContentType);
    }

    private static StatusCodeResult SeeOther(HttpRequest request, string location)
    {
        request.HttpContext.Response.Headers.Location = location;
        request.HttpContext.Response.Headers.CacheControl = "no-store";
        return new StatusCodeResult(StatusCodes.Status303SeeOther);
    }

    private async Task<IActionResult> WhenStorageAvailableAsync(HttpRequest request, PageLanguage language, Func<Task<IActionResult>> read)
    {
        try
        {
            return await read();
        }
        catch (StorageUnavailableException)
        {
            request.HttpContext.Response.Headers.RetryAfter = "30";
            return PageResponse.Html(request, renderer.Unavailable(language, request.Path.Value ?? string.Empty), StatusCodes.Status503ServiceUnavailable, 0);
        }
    }
}
