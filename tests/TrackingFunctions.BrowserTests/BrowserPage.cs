using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Playwright;

namespace TrackingFunctions.BrowserTests;

/// <summary>A browser context and page at a given width and language that records every console error.</summary>
internal sealed class BrowserPage : IAsyncDisposable
{
    private readonly IBrowserContext _context;
    private readonly ConcurrentQueue<string> _errors = new();

    private BrowserPage(IBrowserContext context, IPage page)
    {
        _context = context;
        Page = page;
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                _errors.Enqueue(message.Text + " @ " + message.Location);
            }
        };
        page.PageError += (_, error) => _errors.Enqueue(error);
        page.Dialog += (_, dialog) => _errors.Enqueue("dialog: " + dialog.Message);
    }

    public IPage Page { get; }

    /// <summary>Console errors, page errors and dialogs: a CSP violation or a script that ran shows up here.</summary>
    public IReadOnlyList<string> Errors => [.. _errors];

    /// <summary>
    /// No console error, page error or dialog, except the browser's own "Failed to load resource" note for a page the
    /// test opened on purpose with a 4xx status.
    /// </summary>
    public void AssertNoErrors(params Uri[] expected4xxPages)
    {
        var unexpected = Errors.Where(e => !expected4xxPages.Any(u => e.StartsWith("Failed to load resource: the server responded with a status of 4", StringComparison.Ordinal)
                                                                     && e.Contains(" @ " + u.AbsoluteUri + ":", StringComparison.Ordinal))).ToList();
        Assert.True(unexpected.Count == 0, "Browser errors:\n" + string.Join("\n", unexpected));
    }

    public static async Task<BrowserPage> OpenAsync(BrowserFixture fixture, int width, string locale = "en-US", bool javaScript = true, bool withAxe = false)
    {
        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = 800 },
            Locale = locale,
            JavaScriptEnabled = javaScript,
        });
        if (withAxe)
        {
            // An init script is injected by the browser itself, so the page's CSP (no script at all) still applies
            // to everything the page loads and is not loosened for the audit.
            await context.AddInitScriptAsync(fixture.AxeSource);
        }

        return new BrowserPage(context, await context.NewPageAsync());
    }

    public async Task<IResponse> GoAsync(Uri url)
        => await Page.GotoAsync(url.ToString(), new PageGotoOptions { WaitUntil = WaitUntilState.Load })
           ?? throw new InvalidOperationException("No response for " + url);

    public Task<int> ScrollWidthAsync() => Page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");

    public async Task<IReadOnlyList<string>> SeriousAxeViolationsAsync()
    {
        var result = await Page.EvaluateAsync<JsonElement>(
            "async () => { const r = await axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] }); return { passes: r.passes.length, violations: r.violations }; }");

        // An audit that did not run finds nothing; make sure axe checked something.
        var passes = result.GetProperty("passes").GetInt32();
        Assert.True(passes > 10, $"axe-core passed only {passes} rules; did it run?");
        return [.. result.GetProperty("violations").EnumerateArray()
            .Where(v => v.GetProperty("impact").GetString() is "serious" or "critical")
            .Select(v => v.GetProperty("id").GetString() + ": " + string.Join("; ", v.GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("html").GetString())))];
    }

    public async Task ScreenshotAsync(string name)
        => await Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ArtifactsDirectory, name), FullPage = true });

    public async ValueTask DisposeAsync() => await _context.DisposeAsync();
}
