// TrackingFunctions: AfterShip webhooks (HTTP), tracking commands (Storage queue) and a refresh timer
// on Azure Functions Flex Consumption, with Table Storage, Key Vault and Application Insights.
// Resource-group scope: `azd up` asks for (or creates) the group; the plain path is
// `az deployment group create -g <rg> -f infra/main.bicep ...` (see infra/README.md).

targetScope = 'resourceGroup'

@description('Environment name (azd AZURE_ENV_NAME); part of every resource name and the azd-env-name tag.')
@minLength(1)
@maxLength(20)
param environmentName string

@description('Azure region of all resources. Must offer Flex Consumption.')
param location string = resourceGroup().location

@description('AfterShip API key, stored in Key Vault as AfterShipApiKey.')
@secure()
@minLength(1)
param afterShipApiKey string

@description('AfterShip webhook secret (Settings > Notifications > Webhooks), stored in Key Vault as AfterShipWebhookSecret.')
@secure()
@minLength(1)
param webhookSecret string

@description('Previous AfterShip webhook secret, accepted too while a rotation is in progress. Empty: none.')
@secure()
param webhookSecretPrevious string = ''

@description('AfterShip Tracking API base URL (AfterShip__BaseUrl).')
param afterShipBaseUrl string = 'https://api.aftership.com/tracking/2025-01/'

@description('Queue of tracking commands (CommandQueueName); the poison queue is <name>-poison.')
@minLength(3)
@maxLength(56)
param commandQueueName string = 'tracking-commands'

@description('NCRONTAB schedule (6 fields, UTC) of the refresh timer (RefreshSchedule).')
param refreshSchedule string = '0 */15 * * * *'

@description('Queue of tracking change events (ChangeEvents__QueueName).')
@minLength(3)
@maxLength(63)
param changeQueueName string = 'tracking-changes'

@description('NCRONTAB schedule (6 fields, UTC) of the change-event outbox sweep (ChangeSweepSchedule).')
param changeSweepSchedule string = '0 */1 * * * *'

@description('NCRONTAB schedule (6 fields, UTC) of the attention timer (AttentionSchedule).')
param attentionSchedule string = '0 5 * * * *'

@description('Raise attention events for parcels that need the shop\'s attention (Alerts__Enabled).')
param attentionAlertsEnabled bool = false

@description('Mailbox for the hourly digest of attention events (Alerts__Email); empty: no digest. Needs the shopper emails\' SMTP settings.')
param attentionDigestEmail string = ''

@description('Optional principal id (azd AZURE_PRINCIPAL_ID) that gets the storage data roles for local debugging. Empty: none.')
param principalId string = ''

@description('Principal type of principalId.')
@allowed([
  'User'
  'Group'
  'ServicePrincipal'
])
param principalType string = 'User'

@description('Email address notified by the alerts (dead letters, refresh lag, AfterShip 429s, function failures). Empty: alerts without notification.')
param alertEmail string = ''

@description('Flex Consumption instance memory in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Flex Consumption maximum instance count.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Enable Key Vault purge protection (irreversible).')
param keyVaultPurgeProtection bool = false

var resourceToken = toLower(uniqueString(subscription().id, resourceGroup().id, environmentName, location))
var tags = {
  'azd-env-name': environmentName
  application: 'tracking-functions'
}
var functionAppName = 'func-${environmentName}-${resourceToken}'
var storageAccountName = 'st${resourceToken}'
var keyVaultName = 'kv-${resourceToken}'
var applicationInsightsName = 'appi-${environmentName}-${resourceToken}'
var deploymentContainerName = 'app-package-${take(resourceToken, 7)}'
// Every table the app reads or writes.
var tableNames = [
  'Trackings'
  'TrackingLookup'
  'RefreshSchedule'
  'WebhookQuarantine'
  'CommandOutcomes'
  'DeadLetters'
  'Imports'
]

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: 'id-${environmentName}-${resourceToken}'
  location: location
  tags: tags
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    logAnalyticsName: 'log-${environmentName}-${resourceToken}'
    applicationInsightsName: applicationInsightsName
    location: location
    tags: tags
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    name: storageAccountName
    location: location
    tags: tags
    deploymentContainerName: deploymentContainerName
    commandQueueName: commandQueueName
    changeQueueName: changeQueueName
    tableNames: tableNames
  }
}

module keyVault 'modules/keyvault.bicep' = {
  name: 'keyvault'
  params: {
    name: keyVaultName
    location: location
    tags: tags
    afterShipApiKey: afterShipApiKey
    webhookSecret: webhookSecret
    webhookSecretPrevious: webhookSecretPrevious
    enablePurgeProtection: keyVaultPurgeProtection
  }
}

module rbac 'modules/rbac.bicep' = {
  name: 'rbac'
  params: {
    // Names known before deployment (not module outputs) keep What-If predictions precise.
    storageAccountName: storageAccountName
    applicationInsightsName: applicationInsightsName
    keyVaultName: keyVaultName
    identityId: identity.id
    identityPrincipalId: identity.properties.principalId
    developerPrincipalId: principalId
    developerPrincipalType: principalType
  }
  dependsOn: [
    storage
    monitoring
    keyVault
  ]
}

module functionApp 'modules/functionapp.bicep' = {
  name: 'functionapp'
  params: {
    name: functionAppName
    planName: 'plan-${environmentName}-${resourceToken}'
    location: location
    tags: tags
    serviceName: 'tracking'
    identityId: identity.id
    identityClientId: identity.properties.clientId
    blobEndpoint: storage.outputs.blobEndpoint
    queueEndpoint: storage.outputs.queueEndpoint
    tableEndpoint: storage.outputs.tableEndpoint
    deploymentContainerName: deploymentContainerName
    applicationInsightsConnectionString: monitoring.outputs.applicationInsightsConnectionString
    keyVaultName: keyVault.outputs.name
    usePreviousWebhookSecret: !empty(webhookSecretPrevious)
    afterShipBaseUrl: afterShipBaseUrl
    commandQueueName: commandQueueName
    refreshSchedule: refreshSchedule
    changeQueueName: storage.outputs.changeQueueName
    changeSweepSchedule: changeSweepSchedule
    attentionSchedule: attentionSchedule
    attentionAlertsEnabled: attentionAlertsEnabled
    attentionDigestEmail: attentionDigestEmail
    instanceMemoryMB: instanceMemoryMB
    maximumInstanceCount: maximumInstanceCount
  }
  // The identity must hold its roles before the host starts (storage, Key Vault references, telemetry).
  dependsOn: [
    rbac
  ]
}

module alerts 'modules/alerts.bicep' = {
  name: 'alerts'
  params: {
    namePrefix: '${environmentName}-${resourceToken}'
    tags: tags
    applicationInsightsName: applicationInsightsName
    poisonQueueName: storage.outputs.poisonQueueName
    alertEmail: alertEmail
  }
  dependsOn: [
    monitoring
  ]
}

module workbook 'modules/workbook.bicep' = {
  name: 'workbook'
  params: {
    namePrefix: '${environmentName}-${resourceToken}'
    location: location
    tags: tags
    applicationInsightsName: applicationInsightsName
  }
  dependsOn: [
    monitoring
  ]
}

output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = resourceGroup().name
output AZURE_FUNCTION_APP_NAME string = functionApp.outputs.name
output FUNCTION_APP_HOST_NAME string = functionApp.outputs.defaultHostName
output WEBHOOK_URL string = 'https://${functionApp.outputs.defaultHostName}/api/webhooks/aftership'
output STORAGE_ACCOUNT_NAME string = storage.outputs.name
output STORAGE_TABLE_ENDPOINT string = storage.outputs.tableEndpoint
output STORAGE_QUEUE_ENDPOINT string = storage.outputs.queueEndpoint
output COMMAND_QUEUE_NAME string = commandQueueName
output POISON_QUEUE_NAME string = storage.outputs.poisonQueueName
output CHANGE_QUEUE_NAME string = storage.outputs.changeQueueName
output KEY_VAULT_NAME string = keyVault.outputs.name
output KEY_VAULT_URI string = keyVault.outputs.uri
output APPLICATION_INSIGHTS_NAME string = monitoring.outputs.applicationInsightsName
output MANAGED_IDENTITY_CLIENT_ID string = identity.properties.clientId
output MANAGED_IDENTITY_NAME string = identity.name
