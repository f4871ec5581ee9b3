using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace TrackingFunctions.ShopperPage;

/// <summary>
/// Appends markup and encoded text. Markup only ever comes from string literals in the renderers; every value,
/// from AfterShip, a carrier, the settings or the request, goes through <see cref="Text"/> or <see cref="Attribute"/>.
/// </summary>
internal sealed class HtmlBuilder(int capacity)
{
    // All of Unicode passes unescaped (umlauts stay one character), while < > & " ' and controls are still encoded.
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    private readonly StringBuilder _builder = new(capacity);

    /// <summary>Trusted markup: literals of the renderer, never data.</summary>
    public HtmlBuilder Markup(string markup)
    {
        _builder.Append(markup);
        return this;
    }

    public HtmlBuilder Text(string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            // Encode returns the same instance when nothing needs escaping, so plain text costs no copy.
            _builder.Append(Encoder.Encode(value));
        }

        return this;
    }

    /// <summary>An attribute value, to be placed between double quotes.</summary>
    public HtmlBuilder Attribute(string? value) => Text(value);

    public override string ToString() => _builder.ToString();
}
