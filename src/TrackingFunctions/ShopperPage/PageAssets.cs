using System.Text;
using Microsoft.Extensions.Options;

namespace TrackingFunctions.ShopperPage;

/// <summary>
/// The page's files: its one stylesheet (served as a file so the CSP needs no <c>'unsafe-inline'</c>) and an icon
/// (without one, every browser asks for <c>/favicon.ico</c>, which no function serves). The accent colour is
/// written into both; each file name carries a hash of its content, so the files can be cached for a day and a
/// branding change still reaches shoppers at once.
/// </summary>
public sealed class PageAssets
{
    public PageAssets(IOptions<TrackingPageOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        using var stream = typeof(PageAssets).Assembly.GetManifestResourceStream("TrackingFunctions.ShopperPage.tracking-page.css")
            ?? throw new InvalidOperationException("The tracking page stylesheet is not embedded in the assembly.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var accent = HexColor.TryParse(options.Value.AccentColor, out var color) ? color : new HexColor(0x1F, 0x5F, 0xAD);
        Stylesheet = new PageAsset("page", ".css", "text/css; charset=utf-8", ":root{--accent:" + accent + "}\n" + reader.ReadToEnd());
        Icon = new PageAsset("icon", ".svg", "image/svg+xml", IconSvg(accent));
    }

    internal PageAsset Stylesheet { get; }

    internal PageAsset Icon { get; }

    internal PageAsset? Find(string fileName)
        => fileName == Stylesheet.FileName ? Stylesheet : fileName == Icon.FileName ? Icon : null;

    /// <summary>A parcel in the accent colour.</summary>
    private static string IconSvg(HexColor accent)
        => "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 32 32\"><rect x=\"3\" y=\"7\" width=\"26\" height=\"20\" rx=\"3\" fill=\""
           + accent + "\"/><path d=\"M3 13h26M16 7v6\" stroke=\"#fff\" stroke-width=\"2\"/></svg>\n";
}

/// <summary>One static file of the page, named after its content hash.</summary>
internal sealed class PageAsset
{
    public PageAsset(string name, string extension, string contentType, string content)
    {
        Content = Encoding.UTF8.GetBytes(content);
        ContentType = contentType;
        ETag = PageResponse.ETagOf(Content);
        FileName = name + "-" + ETag[1..13] + extension;
    }

    public byte[] Content { get; }

    public string ContentType { get; }

    public string FileName { get; }

    public string ETag { get; }
}
