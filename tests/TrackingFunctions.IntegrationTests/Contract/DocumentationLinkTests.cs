using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using TrackingFunctions.IntegrationTests.Harness;

namespace TrackingFunctions.IntegrationTests.Contract;

/// <summary>
/// Every relative link in README.md, docs/ and infra/README.md points at a file that exists, and every #anchor at a
/// heading of that file, slugged as GitHub does (lower case, punctuation dropped, spaces to hyphens, -1, -2, … for repeats).
/// </summary>
public sealed partial class DocumentationLinkTests
{
    public static TheoryData<string> Documents()
    {
        var root = RepositoryRoot.Find();
        var data = new TheoryData<string>();
        foreach (var file in new[] { "README.md", Path.Combine("infra", "README.md") }
            .Concat(Directory.GetFiles(Path.Combine(root, "docs"), "*.md", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(root, f)))
            .Order(StringComparer.Ordinal))
        {
            data.Add(file.Replace('\\', '/'));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public void Every_relative_link_and_anchor_resolves(string document)
    {
        var root = RepositoryRoot.Find();
        var path = Path.Combine(root, document);
        var broken = new List<string>();
        foreach (var link in Links(File.ReadAllText(path)))
        {
            var hash = link.IndexOf('#', StringComparison.Ordinal);
            var target = Uri.UnescapeDataString(hash < 0 ? link : link[..hash]);
            var anchor = hash < 0 ? null : link[(hash + 1)..];
            var targetPath = target.Length == 0 ? path : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, target));
            if (!File.Exists(targetPath) && !Directory.Exists(targetPath))
            {
                broken.Add($"{link}: {target} does not exist");
            }
            else if (anchor is { Length: > 0 } && File.Exists(targetPath) && targetPath.EndsWith(".md", StringComparison.OrdinalIgnoreCase)
                && !Anchors(File.ReadAllText(targetPath)).Contains(anchor))
            {
                broken.Add($"{link}: no heading of {Path.GetRelativePath(root, targetPath)} has the anchor #{anchor}");
            }
        }

        Assert.True(broken.Count == 0, $"{document}:\n" + string.Join("\n", broken));
    }

    [Theory]
    [InlineData("Rate limits across instances", "rate-limits-across-instances")]
    [InlineData("`Import__PageSize` and friends", "import__pagesize-and-friends")]
    [InlineData("What \"nothing lost\" means here, and how it is shown", "what-nothing-lost-means-here-and-how-it-is-shown")]
    [InlineData("Deploy with [azd](https://aka.ms/azd)", "deploy-with-azd")]
    [InlineData("Webhooks → read API", "webhooks--read-api")]
    public void Slugs_follow_GitHub(string heading, string slug) => Assert.Equal(slug, Slug(heading));

    [Fact]
    public void Repeated_headings_get_numbered_anchors()
        => Assert.Equal(["setup", "setup-1", "setup-2"], Anchors("# Setup\n## Setup\n### Setup\n").Order(StringComparer.Ordinal));

    /// <summary>Relative link targets outside code (fenced blocks and inline code are left alone).</summary>
    private static IEnumerable<string> Links(string markdown)
    {
        foreach (var line in Prose(markdown))
        {
            foreach (Match match in InlineLink().Matches(InlineCode().Replace(line, string.Empty)))
            {
                var target = match.Groups["target"].Value.Trim('<', '>');
                if (!Scheme().IsMatch(target))
                {
                    yield return target;
                }
            }
        }
    }

    private static HashSet<string> Anchors(string markdown)
    {
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var line in Prose(markdown))
        {
            foreach (Match html in HtmlAnchor().Matches(line))
            {
                anchors.Add(html.Groups["id"].Value);
            }

            var heading = Heading().Match(line);
            if (!heading.Success)
            {
                continue;
            }

            var slug = Slug(heading.Groups["text"].Value);
            var count = seen.GetValueOrDefault(slug);
            seen[slug] = count + 1;
            anchors.Add(count == 0 ? slug : $"{slug}-{count}");
        }

        return anchors;
    }

    /// <summary>GitHub's heading slug: the rendered text in lower case, without punctuation, spaces turned to hyphens.</summary>
    private static string Slug(string heading)
    {
        var text = InlineLink().Replace(heading, m => m.Groups["text"].Value).Replace("`", string.Empty, StringComparison.Ordinal);
        text = Emphasis().Replace(text, string.Empty).Trim().ToLowerInvariant();
        var slug = new StringBuilder();
        foreach (var c in text)
        {
            var category = char.GetUnicodeCategory(c);
            if (char.IsLetterOrDigit(c) || c == '_' || c == '-' || category is UnicodeCategory.NonSpacingMark or UnicodeCategory.ConnectorPunctuation)
            {
                slug.Append(c);
            }
            else if (c == ' ')
            {
                slug.Append('-');
            }
        }

        return slug.ToString();
    }

    /// <summary>The lines outside fenced code blocks.</summary>
    private static IEnumerable<string> Prose(string markdown)
    {
        var fenced = false;
        foreach (var line in markdown.Split('\n'))
        {
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal) || line.TrimStart().StartsWith("~~~", StringComparison.Ordinal))
            {
                fenced = !fenced;
                continue;
            }

            if (!fenced)
            {
                yield return line.TrimEnd('\r');
            }
        }
    }

    [GeneratedRegex(@"!?\[(?<text>[^\]]*)\]\((?<target>[^)\s]+)(\s+""[^""]*"")?\)")]
    private static partial Regex InlineLink();

    [GeneratedRegex(@"`[^`]*`")]
    private static partial Regex InlineCode();

    [GeneratedRegex(@"^[a-zA-Z][a-zA-Z0-9+.-]*:")]
    private static partial Regex Scheme();

    [GeneratedRegex(@"^\s{0,3}#{1,6}\s+(?<text>.+?)\s*#*\s*$")]
    private static partial Regex Heading();

    [GeneratedRegex(@"<a\s+(?:name|id)=""(?<id>[^""]+)""")]
    private static partial Regex HtmlAnchor();

    [GeneratedRegex(@"(\*\*|\*|(?<=\s|^)_+|_+(?=\s|$))")]
    private static partial Regex Emphasis();
}
