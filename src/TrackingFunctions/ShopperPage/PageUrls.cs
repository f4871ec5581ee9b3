namespace TrackingFunctions.ShopperPage;

/// <summary>
/// Links between the tracking pages, built from the path the request came in on, so the pages work under the
/// Functions route prefix (<c>/api</c>) or any other without configuration.
/// </summary>
internal sealed record PageUrls(string SearchPath, string StylesheetHref, string IconHref)
{
    /// <summary>Where the order lookup form posts to.</summary>
    public string OrderPath => SearchPath + "/order";

    public string Tracking(string slug, string trackingNumber)
        => SearchPath + "/" + Uri.EscapeDataString(slug) + "/" + Uri.EscapeDataString(trackingNumber);

    /// <summary>The search path for a request path such as <c>/api/track/ups/1Z…</c> or <c>/api/track</c>.</summary>
    public static PageUrls For(string requestPath, PageAssets assets)
    {
        var path = requestPath ?? string.Empty;
        var at = path.IndexOf("/track/", StringComparison.OrdinalIgnoreCase);
        var search = at >= 0 ? path[..(at + "/track".Length)] : path.TrimEnd('/');
        if (search.Length == 0)
        {
            search = "/track";
        }

        return new PageUrls(search, search + "/assets/" + assets.Stylesheet.FileName, search + "/assets/" + assets.Icon.FileName);
    }
}
