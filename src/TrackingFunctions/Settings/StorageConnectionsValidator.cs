using Azure.Data.Tables;
using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace TrackingFunctions.Settings;

/// <summary>
/// Refuses a storage setting that is missing, a connection string that does not parse, or an identity-based section
/// without its endpoint, at start-up and by name. Without this the Azure SDK client factory fails at first use with a
/// <c>TargetInvocationException</c> that names no setting. Connection strings are parsed by the SDK clients themselves
/// (nothing is sent) and never echoed: they carry the account key.
/// </summary>
internal sealed class StorageConnectionsValidator(IConfiguration configuration) : IValidateOptions<StorageConnections>
{
    public const string Tables = "Tables";
    public const string Queues = "Queues";
    public const string HostStorage = "AzureWebJobsStorage";

    public ValidateOptionsResult Validate(string? name, StorageConnections options)
    {
        var failures = new List<string>();
        Check(Tables, required: true, "endpoint", cs => _ = new TableServiceClient(cs),
            "Set Tables=UseDevelopmentStorage=true for Azurite, or Tables__endpoint, Tables__credential=managedidentity and Tables__clientId in Azure.", failures);
        Check(Queues, required: false, "serviceUri", cs => _ = new QueueServiceClient(cs),
            "Leave it unset to use the Tables account, set a connection string, or Queues__serviceUri, Queues__credential=managedidentity and Queues__clientId in Azure.", failures);
        Check(HostStorage, required: true, "queueServiceUri", cs => _ = new QueueServiceClient(cs),
            "Set AzureWebJobsStorage=UseDevelopmentStorage=true for Azurite, or AzureWebJobsStorage__queueServiceUri (with __blobServiceUri, __credential=managedidentity and __clientId) in Azure.", failures);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private void Check(string setting, bool required, string endpointKey, Action<string> parse, string hint, List<string> failures)
    {
        var section = configuration.GetSection(setting);
        if (!string.IsNullOrWhiteSpace(section.Value))
        {
            try
            {
                parse(section.Value);
            }
            catch (Exception ex) when (ex is FormatException or ArgumentException or InvalidOperationException)
            {
                failures.Add($"{setting} is not a storage connection string that parses (AccountName=…;AccountKey=…, or UseDevelopmentStorage=true). {hint}");
            }

            return;
        }

        if (!section.GetChildren().Any(c => !string.IsNullOrWhiteSpace(c.Value)))
        {
            if (required)
            {
                failures.Add($"{setting} is required. {hint}");
            }

            return;
        }

        var endpoint = section[endpointKey];
        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            failures.Add($"{setting}__{endpointKey} must be the absolute http(s) URL of the storage service when {setting} is set by identity. {hint}");
        }
    }
}
