using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace TrackingFunctions.IntegrationTests.Harness;

/// <summary>
/// A real SMTP server for the tests: Rnwood.Smtp4dev, the repository's dotnet tool (.config/dotnet-tools.json,
/// installed by <c>dotnet tool restore</c>), on free loopback ports with an in-memory store, read through its HTTP
/// API. It refuses, with 550, any recipient whose address starts with <see cref="RejectedPrefix"/>.
/// </summary>
/// <remarks>
/// Killed when disposed and at process exit; its data folder's name carries <see cref="Marker"/> and the checkout's
/// path, which is how .ci/run finds (and reports) any instance of this checkout that outlived the test run.
/// </remarks>
public sealed class Smtp4dev : IAsyncDisposable
{
    public const string Marker = "tf-smtp4dev-";

    /// <summary>Recipients the server refuses permanently (550), as a mailbox that does not exist would be.</summary>
    public const string RejectedPrefix = "bounce";

    private static readonly ConcurrentQueue<string> Tail = new();

    private static readonly Lazy<Task<Smtp4dev>> Shared = new(() => StartAsync());

    private readonly HttpClient _http;
    private readonly string _dataPath;
    private Process _process;

    private Smtp4dev(Process process, int smtpPort, int webPort, string dataPath)
    {
        _process = process;
        SmtpPort = smtpPort;
        WebPort = webPort;
        _dataPath = dataPath;
        _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{webPort}/"), Timeout = TimeSpan.FromSeconds(30) };
    }

    public int SmtpPort { get; }

    public int WebPort { get; }

    /// <summary>The run's shared server: tests tell their messages apart by recipient address.</summary>
    public static Task<Smtp4dev> GetAsync() => Shared.Value;

    /// <summary>A private server, for tests that stop and restart it.</summary>
    public static async Task<Smtp4dev> StartAsync()
    {
        var (smtp, web) = (Azurite.FreePort(), Azurite.FreePort());
        // The checkout's path is in the name, so .ci/run finds this checkout's servers and never another's.
        var data = Path.Combine(Path.GetTempPath(), Marker + RepositoryRoot.Find().Replace('/', '_') + "-" + Guid.NewGuid().ToString("N")[..12]);
        var server = new Smtp4dev(Launch(smtp, web, data), smtp, web, data);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Kill();
        try
        {
            await server.WaitUntilListeningAsync();
        }
        catch
        {
            server.Kill();
            throw;
        }

        return server;
    }

    /// <summary>Stops the server at once, as an outage would; what it held in memory is gone.</summary>
    public void Stop() => Kill();

    /// <summary>Starts it again on the same ports.</summary>
    public async Task RestartAsync()
    {
        Kill();
        _process = Launch(SmtpPort, WebPort, _dataPath);
        await WaitUntilListeningAsync();
    }

    /// <summary>Every message the server holds, newest first as summaries (id, to, subject, receivedDate).</summary>
    public async Task<IReadOnlyList<JsonObject>> MessagesAsync()
    {
        var page = await _http.GetFromJsonAsync<JsonObject>("api/messages?pageSize=10000");
        return [.. page!["results"]!.AsArray().Select(m => m!.AsObject())];
    }

    /// <summary>The raw MIME source of one message.</summary>
    public Task<string> SourceAsync(string id) => _http.GetStringAsync($"api/messages/{id}/raw");

    /// <summary>One message as it arrived, parsed.</summary>
    public async Task<MimeKit.MimeMessage> MessageAsync(string id)
    {
        await using var raw = await _http.GetStreamAsync($"api/messages/{id}/raw");
        var buffer = new MemoryStream();
        await raw.CopyToAsync(buffer);
        buffer.Position = 0;
        return await MimeKit.MimeMessage.LoadAsync(buffer);
    }

    /// <summary>Waits until the server holds at least <paramref name="count"/> messages (a real wait on real I/O, bounded).</summary>
    public async Task<IReadOnlyList<JsonObject>> WaitForAsync(int count, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var messages = await MessagesAsync();
            if (messages.Count >= count || DateTime.UtcNow > deadline)
            {
                return messages;
            }

            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        _http.Dispose();
        await Task.Run(() =>
        {
            try
            {
                Directory.Delete(_dataPath, recursive: true);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        });
    }

    private void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                // The shell and the server under it: two processes, no deeper tree to walk.
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    private async Task WaitUntilListeningAsync()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"smtp4dev exited early (code {_process.ExitCode}): {string.Join(" | ", Tail)}");
            }

            try
            {
                using var response = await _http.GetAsync("api/messages");
                if (response.IsSuccessStatusCode)
                {
                    using var smtp = new System.Net.Sockets.TcpClient();
                    await smtp.ConnectAsync(System.Net.IPAddress.Loopback, SmtpPort);
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or System.Net.Sockets.SocketException or TaskCanceledException && DateTime.UtcNow < deadline)
            {
                // Still starting.
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("smtp4dev did not answer within 90 s: " + string.Join(" | ", Tail));
            }

            await Task.Delay(200);
        }
    }

    private static Process Launch(int smtp, int web, string data)
    {
        // A shell in between holds our pipe on its stdin: when the test process dies, however it dies, the kernel closes
        // the pipe, `read` returns and the shell kills the server (the watchdog Node gives Azurite, for a .NET tool).
        var start = new ProcessStartInfo("/bin/sh")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("dotnet \"$@\" & server=$!; trap 'kill $server 2>/dev/null' EXIT TERM INT; while read -r _; do :; done; kill $server 2>/dev/null; wait $server");
        start.ArgumentList.Add("smtp4dev");
        foreach (var argument in new[]
        {
            ToolDll(), $"--urls=http://127.0.0.1:{web}", $"--smtpport={smtp}", $"--imapport={Azurite.FreePort()}", $"--pop3port={Azurite.FreePort()}",
            "--db=", "--bindaddress=127.0.0.1", "--tlsmode=None", "--nousersettings", $"--baseappdatapath={data}", "--messagestokeep=10000",
        })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["ServerOptions__RecipientValidationExpression"] = $"!recipient.toLowerCase().startsWith(\"{RejectedPrefix}\")";
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start smtp4dev.");
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static void Keep(string? line)
    {
        if (line is { Length: > 0 })
        {
            Tail.Enqueue(line);
            while (Tail.Count > 20 && Tail.TryDequeue(out _))
            {
            }
        }
    }

    /// <summary>The tool's entry assembly in the NuGet cache, at the version the manifest pins.</summary>
    private static string ToolDll()
    {
        var root = RepositoryRoot.Find();
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(root, ".config", "dotnet-tools.json")));
        var version = manifest.RootElement.GetProperty("tools").GetProperty("rnwood.smtp4dev").GetProperty("version").GetString()!;
        var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } p ? p : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var found = Directory.Exists(packages)
            ? Directory.EnumerateDirectories(packages, "rnwood.smtp4dev*")
                .Select(d => Path.Combine(d, version, "tools"))
                .Where(Directory.Exists)
                .SelectMany(d => Directory.EnumerateFiles(d, "Rnwood.Smtp4dev.dll", SearchOption.AllDirectories))
                .FirstOrDefault()
            : null;
        return found ?? throw new InvalidOperationException($"smtp4dev {version} is not installed: run 'dotnet tool restore' in {root} (.ci/run does).");
    }
}
