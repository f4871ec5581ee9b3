namespace TrackingFunctions.Settings;

/// <summary>
/// Names settings the way users write them: as app settings and environment variables, where a nested key is
/// joined with <c>__</c> (<c>Import__PageSize</c>), not as the configuration path <c>Import:PageSize</c>.
/// </summary>
public static class AppSettingNames
{
    /// <summary>The app-setting form of a configuration path: <c>AfterShip:RateLimits:CreateTracking</c> → <c>AfterShip__RateLimits__CreateTracking</c>.</summary>
    public static string FromPath(string configurationPath)
    {
        ArgumentNullException.ThrowIfNull(configurationPath);
        return configurationPath.Replace(":", "__", StringComparison.Ordinal);
    }

    /// <summary>The app-setting name of <paramref name="key"/> under <paramref name="section"/> (empty for a top-level setting).</summary>
    public static string Combine(string section, string key)
        => string.IsNullOrEmpty(section) ? FromPath(key) : FromPath(section) + "__" + FromPath(key);
}
