using System.Text.Json;
using Microsoft.Playwright;
using TrackingFunctions.AfterShip.Models;
using TrackingFunctions.IntegrationTests.Harness;
using TrackingFunctions.Storage;

namespace TrackingFunctions.BrowserTests;

/// <summary>
/// One app (real DI over Azurite, sample trackings stored), one Kestrel server and one Chromium for the test class;
/// each test opens its own browser context. Starting Playwright and Chromium costs about 3 s, so it is done once.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private TestApp? _app;
    private PageServer? _server;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    internal PageServer Server => _server ?? throw new InvalidOperationException("The fixture did not start.");

    internal TestApp App => _app ?? throw new InvalidOperationException("The fixture did not start.");

    internal IBrowser Browser => _browser ?? throw new InvalidOperationException(Chromium.MissingMessage);

    /// <summary>axe-core from the repository's node_modules (package.json pins it).</summary>
    internal string AxeSource { get; private set; } = string.Empty;

    /// <summary>Screenshots land here, beside the test binaries; CI keeps them as artifacts.</summary>
    internal static string ArtifactsDirectory => Path.Combine(AppContext.BaseDirectory, "artifacts");

    public async Task InitializeAsync()
    {
        if (!Chromium.IsInstalled)
        {
            if (Chromium.IsCi)
            {
                throw new InvalidOperationException(Chromium.MissingMessage);
            }

            return;
        }

        var axe = Path.Combine(RepositoryRoot.Find(), "node_modules", "axe-core", "axe.min.js");
        AxeSource = File.Exists(axe)
            ? await File.ReadAllTextAsync(axe)
            : throw new InvalidOperationException($"axe-core is missing at {axe}: run 'npm ci' in the repository root.");

        _app = await TestApp.StartAsync(settings: new Dictionary<string, string?>
        {
            ["TrackingPage:ShopName"] = "Kaffee & Co",
            ["TrackingPage:SupportUrl"] = "https://shop.example.com/help",
            ["TrackingPage:AccentColor"] = "#7A3E12",
            ["OrderLookup:HashKey"] = "browser-tests-order-lookup-key-0123456789",
        });
        var store = _app.Get<ITrackingStore>();
        foreach (var tracking in SampleTrackings.All())
        {
            using var document = JsonDocument.Parse(tracking.ToJsonString());
            await store.ApplyAsync(Tracking.FromJson(document.RootElement), TrackingSource.Webhook, null, CancellationToken.None);
        }

        _server = await PageServer.StartAsync(_app);
        Directory.CreateDirectory(ArtifactsDirectory);
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium.ExecutablePath,
            Headless = true,

            // Root in a container needs --no-sandbox; the resolver rule stops Chromium's background lookups of
            // Google hosts, so the only traffic is to the loopback server.
            Args = ["--no-sandbox", "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1"],
        });
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}
