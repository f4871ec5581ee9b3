using System.Runtime.CompilerServices;

namespace TrackingFunctions.IntegrationTests.Harness;

internal static class RepositoryRoot
{
    /// <summary>
    /// The folder holding TrackingFunctions.sln: above the test binaries, or (when they are built elsewhere with
    /// --artifacts-path) above this source file.
    /// </summary>
    public static string Find() => FindAbove(AppContext.BaseDirectory) ?? FindAbove(SourceDirectory())
        ?? throw new InvalidOperationException("Cannot find the repository root (the folder holding TrackingFunctions.sln) above " + AppContext.BaseDirectory);

    private static string? FindAbove(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "TrackingFunctions.sln")))
            {
                return dir.FullName;
            }
        }

        return null;
    }

    private static string SourceDirectory([CallerFilePath] string path = "") => Path.GetDirectoryName(path) ?? ".";
}
