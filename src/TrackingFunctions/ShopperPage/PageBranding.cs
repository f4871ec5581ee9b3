namespace TrackingFunctions.ShopperPage;

/// <summary>The validated branding the renderers use (see <see cref="TrackingPageOptions"/>).</summary>
internal sealed record PageBranding(string ShopName, Uri? LogoUrl, Uri? SupportUrl)
{
    public static PageBranding From(TrackingPageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new PageBranding(options.ShopName.Trim(), options.LogoUrl, options.SupportUrl);
    }
}
