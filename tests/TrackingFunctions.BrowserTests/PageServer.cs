using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TrackingFunctions.Functions;
using TrackingFunctions.IntegrationTests.Harness;

namespace TrackingFunctions.BrowserTests;

/// <summary>
/// A real HTTP server (Kestrel on a free loopback port) that routes the page's routes, under the Functions
/// route prefix, to the function methods built by the app's own container, and executes their results the way the
/// worker's ASP.NET Core integration does.
/// </summary>
internal sealed class PageServer : IAsyncDisposable
{
    private readonly WebApplication _web;

    private PageServer(WebApplication web, Uri address)
    {
        _web = web;
        Address = address;
    }

    public Uri Address { get; }

    public static async Task<PageServer> StartAsync(TestApp app)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddMvcCore();
        var web = builder.Build();

        web.MapGet("/api/track", context => RunAsync(app, context, Search));
        web.MapMethods("/api/track/order", ["GET", "POST"], context => RunAsync<ShopperOrderLookup>(app, context, OrderLookup));
        web.MapGet("/api/track/assets/{file}", context => RunAsync(app, context, Stylesheet));
        web.MapGet("/api/track/{slug}/{trackingNumber}", context => RunAsync(app, context, Page));

        await web.StartAsync();
        var address = web.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new PageServer(web, new Uri(address));
    }

    public Uri Url(string pathAndQuery) => new(Address, pathAndQuery);

    public async ValueTask DisposeAsync()
    {
        await _web.StopAsync();
        await _web.DisposeAsync();
    }

    private static Task<IActionResult> OrderLookup(ShopperOrderLookup lookup, HttpContext context) => lookup.LookupAsync(context.Request, context.RequestAborted);

    private static Task<IActionResult> Search(ShopperTrackingPage page, HttpContext context) => page.SearchAsync(context.Request, context.RequestAborted);

    private static Task<IActionResult> Stylesheet(ShopperTrackingPage page, HttpContext context) => Task.FromResult(page.GetAsset(context.Request, Route(context, "file")));

    private static Task<IActionResult> Page(ShopperTrackingPage page, HttpContext context)
        => page.GetPageAsync(context.Request, Route(context, "slug"), Route(context, "trackingNumber"), context.RequestAborted);

    private static string Route(HttpContext context, string name) => context.GetRouteValue(name) as string ?? string.Empty;

    /// <summary>Like the worker: a function instance from the container per invocation, then its result executed.</summary>
    private static Task RunAsync(TestApp app, HttpContext context, Func<ShopperTrackingPage, HttpContext, Task<IActionResult>> function)
        => RunAsync<ShopperTrackingPage>(app, context, function);

    private static async Task RunAsync<TFunction>(TestApp app, HttpContext context, Func<TFunction, HttpContext, Task<IActionResult>> function)
    {
        var result = await function(app.Create<TFunction>(), context);
        await result.ExecuteResultAsync(new ActionContext(context, context.GetRouteData(), new ActionDescriptor()));
    }
}
