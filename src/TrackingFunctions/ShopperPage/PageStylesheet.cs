using System.Text;
using Microsoft.Extensions.Options;

namespace TrackingFunctions.ShopperPage;

/// <summary>
/// The page's one stylesheet, served as a file so the CSP needs no <c>'unsafe-inline'</c>. The accent colour is
/// prepended as a custom property; the file name carries a hash of the content, so it can be cached for a day and a
/// branding change still reaches shoppers at once.
/// </summary>
public sealed class PageStylesheet
{
    public PageStylesheet(IOptions<TrackingPageOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        using var stream = typeof(PageStylesheet).Assembly.GetManifestResourceStream("TrackingFunctions.ShopperPage.tracking-page.css")
            ?? throw new InvalidOperationException("The tracking page stylesheet is not embedded in the assembly.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var accent = HexColor.TryParse(options.Value.AccentColor, out var color) ? color : new HexColor(0x1F, 0x5F, 0xAD);
        Content = Encoding.UTF8.GetBytes(":root{--accent:" + accent + "}\n" + reader.ReadToEnd());
        ETag = PageResponse.ETagOf(Content);
        FileName = "page-" + ETag[1..13] + ".css";
    }

    internal byte[] Content { get; }

    internal string FileName { get; }

    internal string ETag { get; }
}
