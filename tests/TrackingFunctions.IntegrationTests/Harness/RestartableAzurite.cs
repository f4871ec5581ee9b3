namespace TrackingFunctions.IntegrationTests.Harness;

/// <summary>
/// An Azurite of one test's own that persists to a temporary folder, so the test can stop it mid-run (an outage) and
/// start it again on the same ports with what it had acknowledged (the recovery). Disposing kills it and deletes the
/// folder.
/// </summary>
public sealed class RestartableAzurite : IAsyncDisposable
{
    private readonly string _location;
    private readonly bool _tablesOnly;

    private RestartableAzurite(string location, bool tablesOnly, Azurite current)
    {
        (_location, _tablesOnly, Current) = (location, tablesOnly, current);
    }

    /// <summary>The running instance (a new one after each restart, on the same ports).</summary>
    public Azurite Current { get; private set; }

    public string ConnectionString => Current.ConnectionString;

    public static async Task<RestartableAzurite> StartAsync(bool tablesOnly = false)
    {
        var location = Path.Combine(Path.GetTempPath(), "azurite-restartable-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(location);
        return new RestartableAzurite(location, tablesOnly, await Azurite.StartAsync(location: location, tablesOnly: tablesOnly));
    }

    /// <summary>Stops storage the way a service stops (see <see cref="Azurite.StopGracefullyAsync"/>).</summary>
    public Task StopAsync() => Current.StopGracefullyAsync();

    /// <summary>Starts storage again on the same ports, with the data it persisted.</summary>
    public async Task RestartAsync()
        => Current = await Azurite.StartAsync(Current.TablePort, Current.QueuePort, Current.BlobPort, _location, _tablesOnly);

    public async ValueTask DisposeAsync()
    {
        Current.Kill();
        await Task.Yield();
        try
        {
            Directory.Delete(_location, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp folder.
        }
    }
}
