using System.ComponentModel.DataAnnotations;

namespace TrackingFunctions.Storage;

/// <summary>
/// Where the app keeps its tables (section <c>Storage</c>). The storage account itself is configured in the
/// <c>Tables</c> section: a connection string locally, <c>Tables__endpoint</c> plus a managed identity in Azure.
/// </summary>
public sealed class TrackingStorageOptions
{
    public const string SectionName = "Storage";

    /// <summary>
    /// Prepended to every table name, so several deployments (or test runs) can share one account. Letters and
    /// digits only, starting with a letter. Default: none.
    /// </summary>
    [RegularExpression("^([A-Za-z][A-Za-z0-9]{0,29})?$", ErrorMessage = "{0} must be letters and digits, starting with a letter, at most 30 characters.")]
    public string TablePrefix { get; set; } = string.Empty;

    /// <summary>Create missing tables on first use. Default true; turn off where the identity may not create tables.</summary>
    public bool CreateTablesIfMissing { get; set; } = true;
}
