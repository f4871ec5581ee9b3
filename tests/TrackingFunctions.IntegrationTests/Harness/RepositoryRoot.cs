namespace TrackingFunctions.IntegrationTests.Harness;

internal static class RepositoryRoot
{
    public static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "TrackingFunctions.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Cannot find the repository root (the folder holding TrackingFunctions.sln) above " + AppContext.BaseDirectory);
    }
}
