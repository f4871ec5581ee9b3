using System.Text;

namespace TrackingFunctions.IntegrationTests.Budget;

/// <summary>
/// "Another system" with the same API key: creates trackings at a steady rate, straight over HTTP, until stopped.
/// Its tracking numbers carry <see cref="BudgetFleet.OtherClientMark"/>.
/// </summary>
internal sealed class OtherClient : IAsyncDisposable
{
    private readonly HttpClient _http;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public OtherClient(Uri baseUrl, string apiKey, double perSecond)
    {
        _http = new HttpClient { BaseAddress = baseUrl };
        _http.DefaultRequestHeaders.Add("as-api-key", apiKey);
        _loop = RunAsync(TimeSpan.FromSeconds(1 / perSecond));
    }

    public int Sent { get; private set; }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _http.Dispose();
        _stop.Dispose();
    }

    private async Task RunAsync(TimeSpan interval)
    {
        using var timer = new PeriodicTimer(interval);
        var pending = new List<Task>();
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                var body = $$"""{"tracking_number":"{{BudgetFleet.OtherClientMark}}{{Guid.NewGuid().ToString("N")[..10].ToUpperInvariant()}}","slug":"ups"}""";
                pending.Add(_http.PostAsync("trackings", new StringContent(body, Encoding.UTF8, "application/json")));
                Sent++;
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }

        await Task.WhenAll(pending);
    }
}
