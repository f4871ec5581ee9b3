using System.Diagnostics;
using System.Reflection;

namespace TrackingFunctions.Infra.Tests;

/// <summary>Finds the Bicep CLI restored from NuGet and runs it.</summary>
internal static class BicepCli
{
    private const string PackageId = "azure.bicep.commandline.linux-x64";

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>
    /// The CLI, looked up in order: BICEP_PATH, the $(BicepPath) recorded at build time, the NuGet
    /// global packages folder, and finally a restore of tools/bicep/bicep.csproj.
    /// </summary>
    public static string Locate()
    {
        var tried = new List<string>();

        foreach (var candidate in Candidates())
        {
            tried.Add(candidate);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        var restored = RestoreToolsProject(tried);
        if (restored is not null && File.Exists(restored))
        {
            return restored;
        }

        throw new InvalidOperationException(
            "Bicep CLI not found. Restore it with 'dotnet restore tools/bicep/bicep.csproj' " +
            "(package Azure.Bicep.CommandLine.linux-x64 from NuGet) or set BICEP_PATH. Looked in: " +
            string.Join(", ", tried));
    }

    public static (int ExitCode, string Output) Run(string bicep, params string[] arguments)
        => RunProcess(StartInfo(bicep, arguments), TimeSpan.FromMinutes(3));

    private static IEnumerable<string> Candidates()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("BICEP_PATH");
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            yield return fromEnvironment;
        }

        var fromBuild = Metadata("BicepPath");
        if (!string.IsNullOrWhiteSpace(fromBuild))
        {
            yield return Path.GetFullPath(fromBuild.Replace('\\', '/'));
        }

        var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES");
        if (string.IsNullOrWhiteSpace(packages))
        {
            packages = Path.Combine(
                Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        }

        var packageRoot = Path.Combine(packages, PackageId);
        if (Directory.Exists(packageRoot))
        {
            foreach (var version in Directory.GetDirectories(packageRoot).OrderDescending(StringComparer.Ordinal))
            {
                yield return Path.Combine(version, "tools", "bicep");
            }
        }
    }

    private static string? RestoreToolsProject(List<string> tried)
    {
        var project = Path.Combine(RepositoryRoot, "tools", "bicep", "bicep.csproj");
        tried.Add(project + " (dotnet restore)");
        if (!File.Exists(project))
        {
            return null;
        }

        var restore = DotNet("restore", project, "--nologo");
        if (restore.ExitCode != 0)
        {
            return null;
        }

        var property = DotNet("msbuild", project, "-nologo", "-getProperty:BicepPath");
        return property.ExitCode == 0 ? property.Output.Trim() : null;
    }

    private static (int ExitCode, string Output) DotNet(params string[] arguments)
        => RunProcess(StartInfo("dotnet", arguments), TimeSpan.FromMinutes(5));

    private static ProcessStartInfo StartInfo(string fileName, string[] arguments)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryRoot,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }

    private static (int ExitCode, string Output) RunProcess(ProcessStartInfo start, TimeSpan timeout)
    {
        using var process = Process.Start(start)
            ?? throw new InvalidOperationException($"Could not start '{start.FileName}'.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"'{start.FileName}' did not finish within {timeout}.");
        }

        process.WaitForExit();
        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    private static string? Metadata(string key) =>
        typeof(BicepCli).Assembly
            .GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == key)?.Value;

    private static string FindRepositoryRoot()
    {
        static bool IsRoot(string directory) =>
            File.Exists(Path.Combine(directory, "infra", "main.bicep"));

        var recorded = Metadata("RepositoryRoot");
        if (!string.IsNullOrWhiteSpace(recorded) && IsRoot(recorded))
        {
            return recorded;
        }

        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (IsRoot(directory.FullName))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException(
            $"Could not find infra/main.bicep above '{AppContext.BaseDirectory}'.");
    }
}
