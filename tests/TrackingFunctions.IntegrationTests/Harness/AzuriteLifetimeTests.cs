using System.Diagnostics;
using System.Globalization;

namespace TrackingFunctions.IntegrationTests.Harness;

/// <summary>A test run must leave no Azurite process behind, however it ends.</summary>
public sealed class AzuriteLifetimeTests
{
    [Fact]
    public async Task DisposeAsync_leaves_no_Azurite_process_or_child_running()
    {
        var azurite = await Azurite.StartAsync();
        var pids = azurite.ProcessIds.SelectMany(Tree).ToList();
        Assert.Equal(3, azurite.ProcessIds.Count);
        Assert.All(pids, pid => Assert.True(IsRunning(pid), $"pid {pid} should run before disposal"));

        await azurite.DisposeAsync();

        Assert.All(pids, pid => Assert.False(IsRunning(pid), $"pid {pid} still runs after disposal"));
    }

    [Fact]
    public async Task Azurite_exits_by_itself_when_the_process_that_started_it_is_gone()
    {
        var azurite = await Azurite.StartAsync();
        try
        {
            // Closing our end of each stdin pipe is what the kernel does when the test host is killed outright.
            await azurite.OrphanAsync(TimeSpan.FromSeconds(30));

            Assert.All(azurite.ProcessIds, pid => Assert.False(IsRunning(pid), $"pid {pid} outlived its parent"));
        }
        finally
        {
            await azurite.DisposeAsync();
        }
    }

    /// <summary>The process and its descendants, from /proc (Linux).</summary>
    private static IEnumerable<int> Tree(int pid)
    {
        yield return pid;
        var tasks = $"/proc/{pid}/task";
        if (!Directory.Exists(tasks))
        {
            yield break;
        }

        foreach (var task in Directory.EnumerateDirectories(tasks))
        {
            var children = Path.Combine(task, "children");
            var text = File.Exists(children) ? File.ReadAllText(children) : string.Empty;
            foreach (var child in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                foreach (var descendant in Tree(int.Parse(child, CultureInfo.InvariantCulture)))
                {
                    yield return descendant;
                }
            }
        }
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited && !IsZombie(pid);
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static bool IsZombie(int pid)
    {
        try
        {
            // "pid (comm) S ...": the state letter follows the last ')'.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)] is 'Z' or 'X';
        }
        catch (IOException)
        {
            return true;
        }
    }
}
