using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;

namespace TrackingFunctions.IntegrationTests.Harness;

/// <summary>
/// Makes a Node.js child exit when the process that started it is gone, however that process ended (a test host
/// killed by SIGKILL runs no exit handler). The child's stdin is a pipe from us; the kernel closes our end when we
/// die, and a script preloaded into Node (<c>NODE_OPTIONS=--require</c>) exits on the end of that stream.
/// </summary>
internal static class ParentWatchdog
{
    private const string Script = """
        // Preloaded by the TrackingFunctions test harness: exit when the parent process (our stdin pipe) is gone.
        const exit = () => process.exit(0);
        process.stdin.on('end', exit);
        process.stdin.on('close', exit);
        process.stdin.on('error', exit);
        process.stdin.resume();
        // Watching must not keep Node alive: Azurite stops on SIGINT by closing its servers and letting the loop end.
        if (typeof process.stdin.unref === 'function') process.stdin.unref();
        """;

    private static readonly Lazy<string> ScriptPath = new(WriteScript);

    /// <summary>Sets up <paramref name="start"/> so the Node.js process it starts dies with us.</summary>
    public static void Apply(ProcessStartInfo start)
    {
        start.RedirectStandardInput = true;
        var existing = start.Environment.TryGetValue("NODE_OPTIONS", out var options) ? options + " " : string.Empty;
        start.Environment["NODE_OPTIONS"] = $"{existing}--require \"{ScriptPath.Value}\"";
    }

    private static string WriteScript()
    {
        // Content-addressed, so parallel test processes share one file and never see a half-written one.
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(Script)))[..16];
        var path = Path.Combine(Path.GetTempPath(), $"trackingfunctions-parent-watchdog-{hash}.cjs");
        if (!File.Exists(path))
        {
            var temp = path + "." + Environment.ProcessId + ".tmp";
            File.WriteAllText(temp, Script);
            File.Move(temp, path, overwrite: true);
        }

        return path;
    }
}
