// Flex Consumption (FC1) plan and the Function App: dotnet-isolated 10.0, user-assigned managed
// identity, identity-based connections only. No storage keys or connection strings appear in
// app settings; secrets come from Key Vault references resolved with the same identity.
// Flex rejects FUNCTIONS_WORKER_RUNTIME, FUNCTIONS_EXTENSION_VERSION, WEBSITE_RUN_FROM_PACKAGE and
// WEBSITE_CONTENT*: the runtime and the package location live in functionAppConfig instead.

@description('Function App name (also the default host name prefix).')
param name string

@description('Flex Consumption plan name.')
param planName string

@description('Azure region.')
param location string

@description('Tags applied to the plan.')
param tags object

@description('Tag that lets azd find the app to deploy to (azd-service-name).')
param serviceName string

@description('Resource id of the user-assigned managed identity.')
param identityId string

@description('Client id of the user-assigned managed identity.')
param identityClientId string

@description('Storage account blob endpoint (https://<account>.blob.core.windows.net/).')
param blobEndpoint string

@description('Storage account queue endpoint.')
param queueEndpoint string

@description('Storage account table endpoint.')
param tableEndpoint string

@description('Blob container holding the deployment package.')
param deploymentContainerName string

@description('Application Insights connection string (not a secret: ingestion requires Entra ID auth).')
param applicationInsightsConnectionString string

@description('Key Vault holding AfterShipApiKey, AfterShipWebhookSecret and optionally AfterShipWebhookSecretPrevious.')
param keyVaultName string

@description('Reference the AfterShipWebhookSecretPrevious secret as Webhook__Secrets__1 (secret rotation).')
param usePreviousWebhookSecret bool = false

@description('AfterShip Tracking API base URL.')
param afterShipBaseUrl string

@description('Command queue name (the poison queue is <name>-poison).')
param commandQueueName string

@description('NCRONTAB (6 fields, UTC) schedule of the refresh timer.')
param refreshSchedule string

@description('Queue the app publishes tracking change events to.')
param changeQueueName string

@description('NCRONTAB (6 fields, UTC) schedule of the change-event outbox sweep.')
param changeSweepSchedule string

@description('NCRONTAB (6 fields, UTC) schedule of the attention timer.')
param attentionSchedule string

@description('Whether attention events are raised (Alerts__Enabled).')
param attentionAlertsEnabled bool

@description('Mailbox for the hourly attention digest (Alerts__Email); empty: none.')
param attentionDigestEmail string

@description('Instance memory size in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Maximum number of instances the app scales out to.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 40

// Only present while a rotation is in progress: a reference to a missing secret would otherwise
// reach the app as the literal '@Microsoft.KeyVault(...)' text.
var rotationAppSettings = usePreviousWebhookSecret
  ? [
      {
        name: 'Webhook__Secrets__1'
        value: '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=AfterShipWebhookSecretPrevious)'
      }
    ]
  : []

// Every setting the app and the host read, except the optional rotation secret above.
var baseAppSettings = [
  // Host storage (timer locks, host keys, default connection of the queue trigger).
  {
    name: 'AzureWebJobsStorage__credential'
    value: 'managedidentity'
  }
  {
    name: 'AzureWebJobsStorage__clientId'
    value: identityClientId
  }
  {
    name: 'AzureWebJobsStorage__blobServiceUri'
    value: blobEndpoint
  }
  {
    name: 'AzureWebJobsStorage__queueServiceUri'
    value: queueEndpoint
  }
  {
    name: 'AzureWebJobsStorage__tableServiceUri'
    value: tableEndpoint
  }
  // DefaultAzureCredential in app code picks the user-assigned identity.
  {
    name: 'AZURE_CLIENT_ID'
    value: identityClientId
  }
  {
    name: 'APPLICATIONINSIGHTS_CONNECTION_STRING'
    value: applicationInsightsConnectionString
  }
  {
    name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING'
    value: 'ClientId=${identityClientId};Authorization=AAD'
  }
  // The app's own TableServiceClient (Microsoft.Extensions.Azure: constructor parameter names).
  {
    name: 'Tables__endpoint'
    value: tableEndpoint
  }
  {
    name: 'Tables__credential'
    value: 'managedidentity'
  }
  {
    name: 'Tables__clientId'
    value: identityClientId
  }
  {
    name: 'AfterShip__ApiKey'
    value: '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=AfterShipApiKey)'
  }
  {
    name: 'AfterShip__BaseUrl'
    value: afterShipBaseUrl
  }
  {
    name: 'Webhook__Secrets__0'
    value: '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=AfterShipWebhookSecret)'
  }
  // Binding expressions: %CommandQueueName%, %CommandQueueName%-poison, %RefreshSchedule%.
  {
    name: 'CommandQueueName'
    value: commandQueueName
  }
  {
    name: 'RefreshSchedule'
    value: refreshSchedule
  }
  // The plan scales out (maximumInstanceCount): every instance must spend one shared AfterShip rate budget.
  {
    name: 'RateBudget__Enabled'
    value: 'true'
  }
  // Binding expression %ImportQueueName%; the app creates the queue on the first import.
  {
    name: 'ImportQueueName'
    value: 'tracking-import'
  }
  // Change events: the app's own QueueServiceClient (Microsoft.Extensions.Azure: constructor parameter names),
  // the queue, and the outbox sweep timer (%ChangeSweepSchedule%).
  {
    name: 'Queues__serviceUri'
    value: queueEndpoint
  }
  {
    name: 'Queues__credential'
    value: 'managedidentity'
  }
  {
    name: 'Queues__clientId'
    value: identityClientId
  }
  {
    name: 'ChangeEvents__QueueName'
    value: changeQueueName
  }
  {
    name: 'ChangeSweepSchedule'
    value: changeSweepSchedule
  }
  // Attention alerts: the timer (%AttentionSchedule%, required even with alerts off) and the switch; thresholds
  // keep the app's defaults unless set here.
  {
    name: 'AttentionSchedule'
    value: attentionSchedule
  }
  {
    name: 'Alerts__Enabled'
    value: string(attentionAlertsEnabled)
  }
  {
    name: 'Alerts__Email'
    value: attentionDigestEmail
  }
]

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    tier: 'FlexConsumption'
    name: 'FC1'
  }
  properties: {
    reserved: true
  }
}

resource functionApp 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': serviceName })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    clientCertEnabled: false
    publicNetworkAccess: 'Enabled'
    // Key Vault references resolve with the user-assigned identity, not a system identity.
    keyVaultReferenceIdentity: identityId
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${blobEndpoint}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        instanceMemoryMB: instanceMemoryMB
        maximumInstanceCount: maximumInstanceCount
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
    siteConfig: {
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      appSettings: concat(baseAppSettings, rotationAppSettings)
    }
  }
}

output id string = functionApp.id
output name string = functionApp.name
output defaultHostName string = functionApp.properties.defaultHostName
