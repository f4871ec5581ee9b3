using System.Collections;
using System.Globalization;
using System.Resources;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using TrackingFunctions.ShopperPage;

namespace TrackingFunctions.Tests.ShopperPage;

/// <summary>Every language of the page has every string, with the same placeholders as English.</summary>
public sealed partial class PageStringsTests
{
    private static readonly ResourceManager Resources = new("TrackingFunctions.ShopperPage.PageStrings", typeof(PageLanguage).Assembly);

    public static TheoryData<string> Translations() => new(PageLanguage.Supported.Where(l => l != "en"));

    private static Dictionary<string, string> Strings(CultureInfo culture)
    {
        // tryParents: false, so a key missing from the translation is missing here rather than filled in from English.
        var set = Resources.GetResourceSet(culture, createIfNotExists: true, tryParents: false)
                  ?? throw new Xunit.Sdk.XunitException($"No resources for {culture.Name}.");
        return set.Cast<DictionaryEntry>().ToDictionary(e => (string)e.Key, e => (string)e.Value!, StringComparer.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Translations))]
    public void Translation_has_every_key_of_the_english_strings_and_no_other(string language)
    {
        var english = Strings(CultureInfo.InvariantCulture);
        var translated = Strings(CultureInfo.GetCultureInfo(language));

        Assert.Empty(english.Keys.Except(translated.Keys).Order(StringComparer.Ordinal));
        Assert.Empty(translated.Keys.Except(english.Keys).Order(StringComparer.Ordinal));
        Assert.All(translated, t => Assert.False(string.IsNullOrWhiteSpace(t.Value), t.Key + " is empty"));
    }

    [Theory]
    [MemberData(nameof(Translations))]
    public void Translation_keeps_the_placeholders_of_each_string(string language)
    {
        var english = Strings(CultureInfo.InvariantCulture);
        var translated = Strings(CultureInfo.GetCultureInfo(language));

        foreach (var (key, text) in english)
        {
            Assert.Equal(Placeholders(text), translated.TryGetValue(key, out var t) ? Placeholders(t) : [], StringComparer.Ordinal);
        }
    }

    [Fact]
    public void Every_supported_language_has_one_resource_file_in_the_source()
    {
        var folder = Path.Combine(RepositoryRootForTests(), "src", "TrackingFunctions", "ShopperPage");
        var english = XDocument.Load(Path.Combine(folder, "PageStrings.resx")).Descendants("data").Select(d => (string)d.Attribute("name")!).ToHashSet();
        foreach (var language in PageLanguage.Supported.Where(l => l != "en"))
        {
            var file = Path.Combine(folder, $"PageStrings.{language}.resx");
            Assert.True(File.Exists(file), file);
            Assert.Equal(english.Order(), XDocument.Load(file).Descendants("data").Select(d => (string)d.Attribute("name")!).Order());
        }
    }

    private static string[] Placeholders(string text) => [.. PlaceholderPattern().Matches(text).Select(m => m.Value).Order(StringComparer.Ordinal)];

    private static string RepositoryRootForTests()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "TrackingFunctions.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("TrackingFunctions.sln not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"\{\d+\}")]
    private static partial Regex PlaceholderPattern();
}
