namespace TrackingFunctions.Settings;

/// <summary>
/// The storage accounts the app talks to, each a connection string or an identity-based section:
/// <c>Tables</c> (required), <c>Queues</c> (optional, defaults to <c>Tables</c>) and <c>AzureWebJobsStorage</c>
/// (required, the host's own). Checked at start by <see cref="StorageConnectionsValidator"/>; the Azure SDK clients
/// read the sections themselves.
/// </summary>
public sealed class StorageConnections;
