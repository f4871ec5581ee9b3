using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using TrackingFunctions.ShopperPage;
using TrackingFunctions.Storage;

namespace TrackingFunctions.Functions;

/// <summary>
/// Order lookup on the tracking page: the order number and the shopper's email or postcode, posted by a plain
/// form. One matching parcel redirects to its page, several are listed. An unknown order, a wrong email and a wrong
/// postcode get the same page with the same status, and every lookup costs one storage request.
/// </summary>
public sealed class ShopperOrderLookup(IOrderLookup orders, TrackingPageRenderer renderer, PageAssets assets)
{
    /// <summary>The two fields URL-encoded fit in well under this; anything longer is not the page's form.</summary>
    public const int MaxBodyBytes = 4096;

    [Function("TrackingOrderLookup")]
    public async Task<IActionResult> LookupAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "track/order")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var language = PageLanguage.FromAcceptLanguage(request.Headers.AcceptLanguage);
        var path = request.Path.Value ?? string.Empty;
        if (!orders.Enabled)
        {
            return PageResponse.Html(request, renderer.Unknown(language, path, null, null), StatusCodes.Status404NotFound, 0);
        }

        // A reload or a bookmark of the result: the form again.
        if (!HttpMethods.IsPost(request.Method))
        {
            return PageResponse.Personal(request, renderer.Search(language, path), StatusCodes.Status200OK);
        }

        if (request.ContentLength is null or > MaxBodyBytes || !request.HasFormContentType)
        {
            return PageResponse.Personal(request, renderer.OrderSearch(language, path, "Order_ErrorInvalid", null), StatusCodes.Status400BadRequest);
        }

        var form = await request.ReadFormAsync(cancellationToken);
        var order = form["order_number"].ToString().Trim();
        var contact = form["email_or_postcode"].ToString().Trim();
        if (order.Length == 0 || contact.Length == 0)
        {
            return PageResponse.Personal(request, renderer.OrderSearch(language, path, "Order_ErrorEmpty", Echo(order)), StatusCodes.Status400BadRequest);
        }

        if (order.Length > OrderHtml.MaxOrderLength || contact.Length > OrderHtml.MaxContactLength || order.Any(char.IsControl) || contact.Any(char.IsControl))
        {
            return PageResponse.Personal(request, renderer.OrderSearch(language, path, "Order_ErrorInvalid", Echo(order)), StatusCodes.Status400BadRequest);
        }

        try
        {
            var parcels = await orders.FindAsync(order, contact, cancellationToken);
            switch (parcels.Count)
            {
                case 0:
                    return PageResponse.Personal(request, renderer.OrderSearch(language, path, "Order_NotFound", order), StatusCodes.Status404NotFound);
                case 1:
                    request.HttpContext.Response.Headers.Location = PageUrls.For(path, assets).Tracking(parcels[0].Slug, parcels[0].TrackingNumber);
                    request.HttpContext.Response.Headers.CacheControl = "no-store";
                    return new StatusCodeResult(StatusCodes.Status303SeeOther);
                default:
                    return PageResponse.Personal(request, renderer.OrderParcels(language, path, parcels), StatusCodes.Status200OK);
            }
        }
        catch (StorageUnavailableException)
        {
            request.HttpContext.Response.Headers.RetryAfter = "30";
            return PageResponse.Personal(request, renderer.Unavailable(language, path), StatusCodes.Status503ServiceUnavailable);
        }
    }

    private static string Echo(string order) => order.Length <= OrderHtml.MaxOrderLength ? order : order[..OrderHtml.MaxOrderLength];
}
