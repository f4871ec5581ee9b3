using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace TrackingFunctions.IntegrationTests.Harness;

/// <summary>
/// One Azurite (Table, Queue and Blob, in memory, on free loopback ports) for the whole test run, started from the
/// repository's node_modules on first use and stopped when the test process exits. Tests isolate themselves with
/// their own table prefix and queue names rather than with their own Azurite.
/// </summary>
/// <remarks>
/// No Azurite outlives the run, however it ends: disposal and process exit kill each process tree, an unhandled
/// exception does too, and if the test host is killed outright (no handler runs) <see cref="ParentWatchdog"/> makes
/// each Azurite exit when its stdin pipe from us closes.
/// </remarks>
public sealed class Azurite : IAsyncDisposable
{
    public const string AccountName = "devstoreaccount1";
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static readonly Lazy<Task<Azurite>> Shared = new(() => StartAsync());

    private const int TailLines = 20;

    private readonly List<Process> _processes;

    /// <summary>The last lines each service wrote to stderr, by process id, so a service that died can say why.</summary>
    private static readonly ConcurrentDictionary<int, (string Tool, ConcurrentQueue<string> Tail)> Output = new();

    private Azurite(List<Process> processes, int tablePort, int queuePort, int blobPort)
    {
        _processes = processes;
        TablePort = tablePort;
        QueuePort = queuePort;
        BlobPort = blobPort;
    }

    public int TablePort { get; }

    public int QueuePort { get; }

    public int BlobPort { get; }

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};" +
        $"TableEndpoint=http://127.0.0.1:{TablePort}/{AccountName};" +
        $"QueueEndpoint=http://127.0.0.1:{QueuePort}/{AccountName};" +
        $"BlobEndpoint=http://127.0.0.1:{BlobPort}/{AccountName};";

    /// <summary>The run's shared instance.</summary>
    public static Task<Azurite> GetAsync() => Shared.Value;

    /// <summary>
    /// A private instance, for tests that stop and restart storage under the app. With <paramref name="location"/>
    /// it persists there (so a restart on the same ports and folder keeps the data), otherwise it is in memory.
    /// </summary>
    public static async Task<Azurite> StartAsync(int? tablePort = null, int? queuePort = null, int? blobPort = null, string? location = null, bool tablesOnly = false)
    {
        var root = RepositoryRoot.Find();
        var bin = Path.Combine(root, "node_modules", ".bin");
        if (!File.Exists(Path.Combine(bin, "azurite-table")))
        {
            throw new InvalidOperationException(
                $"Azurite is not installed: {bin}/azurite-table is missing. Run 'npm ci' in {root} (the README's test command does).");
        }

        var ports = (Table: tablePort ?? FreePort(), Queue: queuePort ?? FreePort(), Blob: blobPort ?? FreePort());
        var persistence = location is null ? "--inMemoryPersistence" : $"--location \"{location}\"";
        var processes = new List<Process> { Launch(bin, "azurite-table", $"--tableHost 127.0.0.1 --tablePort {ports.Table} {persistence}") };
        if (!tablesOnly)
        {
            processes.Add(Launch(bin, "azurite-queue", $"--queueHost 127.0.0.1 --queuePort {ports.Queue} {persistence}"));
            processes.Add(Launch(bin, "azurite-blob", $"--blobHost 127.0.0.1 --blobPort {ports.Blob} {persistence}"));
        }

        var azurite = new Azurite(processes, ports.Table, ports.Queue, ports.Blob);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => azurite.Kill();
        AppDomain.CurrentDomain.UnhandledException += (_, _) => azurite.Kill();
        try
        {
            await WaitForPortsAsync(processes, tablesOnly ? [ports.Table] : [ports.Table, ports.Queue, ports.Blob]);
        }
        catch
        {
            azurite.Kill();
            throw;
        }

        return azurite;
    }

    /// <summary>
    /// One line per service: running (with its resident memory) or exited (with its exit code and the last lines it
    /// wrote to stderr), for a caller whose requests started failing to report what happened to storage.
    /// </summary>
    public string Describe()
        => string.Join("; ", _processes.Select(p =>
        {
            var (tool, tail) = Output.TryGetValue(p.Id, out var o) ? o : ("azurite", new ConcurrentQueue<string>());
            if (!p.HasExited)
            {
                p.Refresh();
                return $"{tool} running, {p.WorkingSet64 / (1024 * 1024)} MiB resident, {p.TotalProcessorTime.TotalSeconds:F0} s CPU";
            }

            return $"{tool} exited with code {p.ExitCode}" + (tail.IsEmpty ? string.Empty : ": " + string.Join(" | ", tail));
        }));

    /// <summary>CPU time the table service has used so far: Node runs it on one thread, so this over wall time is how busy it was.</summary>
    public TimeSpan TableCpu
    {
        get
        {
            var table = _processes[0];
            table.Refresh();
            return table.HasExited ? TimeSpan.Zero : table.TotalProcessorTime;
        }
    }

    /// <summary>The ids of the Azurite processes (for tests of the harness itself).</summary>
    internal IReadOnlyList<int> ProcessIds => [.. _processes.Select(p => p.Id)];

    /// <summary>
    /// What the kernel does to the pipes when this process dies without cleaning up: Azurite's stdin reaches its end.
    /// Returns once every Azurite process has exited, or throws if one is still running after <paramref name="timeout"/>.
    /// </summary>
    internal async Task OrphanAsync(TimeSpan timeout)
    {
        foreach (var process in _processes)
        {
            process.StandardInput.Close();
        }

        using var cancel = new CancellationTokenSource(timeout);
        foreach (var process in _processes)
        {
            await process.WaitForExitAsync(cancel.Token);
        }
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// Stops storage the way a service stops: SIGINT (what Azurite's table service listens for),
    /// so it closes its database (a persisted instance keeps
    /// what it acknowledged), then waits for the processes to exit.
    /// </summary>
    public async Task StopGracefullyAsync()
    {
        foreach (var process in _processes.Where(p => !p.HasExited))
        {
            using var kill = Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await kill!.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        try
        {
            foreach (var process in _processes)
            {
                await process.WaitForExitAsync(timeout.Token);
            }
        }
        catch (OperationCanceledException)
        {
            Kill();
            throw new InvalidOperationException("Azurite did not stop within 20 s of SIGINT; killed it.");
        }
    }

    /// <summary>
    /// Freezes storage (SIGSTOP): connections are still accepted but nothing is answered until
    /// <see cref="ResumeAsync"/>, as a storage account that has stopped responding. <see cref="Kill"/> still ends it.
    /// </summary>
    public Task PauseAsync() => SignalAsync("-STOP");

    /// <summary>Lets frozen storage answer again (SIGCONT).</summary>
    public Task ResumeAsync() => SignalAsync("-CONT");

    private async Task SignalAsync(string signal)
    {
        foreach (var process in _processes.Where(p => !p.HasExited))
        {
            using var kill = Process.Start("kill", [signal, process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await kill!.WaitForExitAsync();
        }
    }

    /// <summary>Stops the processes at once (SIGKILL); in-memory data is lost with them.</summary>
    /// <remarks>
    /// Every process is signalled before any is waited for: this also runs on ProcessExit, where the runtime allows
    /// little time, and waiting for the first process used to leave the others running after the test run.
    /// </remarks>
    public void Kill()
    {
        foreach (var process in _processes)
        {
            try
            {
                if (!process.HasExited)
                {
                    // A plain SIGKILL: each Azurite service is one node process with no children. The tree kill
                    // first SIGSTOPs every process to walk the tree, and when it was cut short (as at process exit)
                    // it left an azurite-blob stopped and orphaned, where no signal but SIGKILL and no watchdog reach it.
                    process.Kill();
                }
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }
        }

        foreach (var process in _processes)
        {
            try
            {
                process.WaitForExit(2000);
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }
        }
    }

    private static Process Launch(string bin, string tool, string arguments)
    {
        var start = new ProcessStartInfo(Path.Combine(bin, tool), arguments + " --silent --skipApiVersionCheck --loose --disableTelemetry")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        ParentWatchdog.Apply(start);
        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {tool}.");

        // Drain the pipes so a chatty Azurite can never block on a full buffer; keep stderr's tail for Describe.
        var tail = new ConcurrentQueue<string>();
        Output[process.Id] = (tool, tail);
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { Length: > 0 } line)
            {
                tail.Enqueue(line);
                while (tail.Count > TailLines && tail.TryDequeue(out string? _))
                {
                }
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task WaitForPortsAsync(List<Process> processes, params int[] ports)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        foreach (var port in ports)
        {
            while (true)
            {
                if (processes.FirstOrDefault(p => p.HasExited) is { } dead)
                {
                    throw new InvalidOperationException($"Azurite exited early (code {dead.ExitCode}) before listening on {port}.");
                }

                try
                {
                    using var client = new TcpClient();
                    await client.ConnectAsync(IPAddress.Loopback, port);
                    break;
                }
                catch (SocketException) when (DateTime.UtcNow < deadline)
                {
                    // Polling a port that is not listening yet; a refused connection returns at once.
                    await Task.Yield();
                    await Task.Delay(25);
                }
            }
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
