namespace TrackingFunctions.BrowserTests;

/// <summary>
/// Debian's Chromium (<c>apt-get install chromium</c>; <c>.ci/run</c> installs it). The real binary, not the
/// <c>/usr/bin/chromium</c> wrapper script. <c>CHROMIUM_PATH</c> points elsewhere.
/// </summary>
internal static class Chromium
{
    public static string ExecutablePath { get; } = Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } path ? path : "/usr/lib/chromium/chromium";

    public static bool IsInstalled => File.Exists(ExecutablePath);

    /// <summary>In CI a missing browser is a broken machine, so the tests run (and fail) instead of skipping.</summary>
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static string MissingMessage =>
        $"Chromium is not installed at {ExecutablePath}: run 'sudo apt-get install -y chromium' (or set CHROMIUM_PATH). With CI=true these tests fail instead of skipping.";
}

/// <summary>A fact that needs Chromium: skipped with the reason on a developer machine without it, never in CI.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        if (!Chromium.IsInstalled && !Chromium.IsCi)
        {
            Skip = Chromium.MissingMessage;
        }
    }
}

/// <summary>A theory that needs Chromium, skipped and failed on the same terms as <see cref="BrowserFactAttribute"/>.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class BrowserTheoryAttribute : TheoryAttribute
{
    public BrowserTheoryAttribute()
    {
        if (!Chromium.IsInstalled && !Chromium.IsCi)
        {
            Skip = Chromium.MissingMessage;
        }
    }
}
