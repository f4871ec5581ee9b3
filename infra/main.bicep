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

@description('Queue that carries an import forward, one message per slice (ImportQueueName); the app creates it on the first import.')
@minLength(3)
@maxLength(63)
param importQueueName string = 'tracking-import'

@description('CloudEvents source of every change event (ChangeEvents__Source); give each deployment its own. Empty: urn:trackingfunctions:<function app name>.')
param changeEventSource string = ''

@description('Add customers, destination and signed_by to change events (ChangeEvents__IncludePersonalData). Off: events carry no personal data.')
param changeEventsIncludePersonalData bool = false

@description('The shop name in the tracking page header, title and support link (TrackingPage__ShopName). Empty: a neutral "Parcel tracking".')
@maxLength(80)
param shopName string = ''

@description('Absolute https URL of the logo in the tracking page header (TrackingPage__LogoUrl). Empty: no logo.')
param logoUrl string = ''

@description('#RRGGBB accent colour of the tracking page, at least 4.5:1 against white (TrackingPage__AccentColor).')
param accentColor string = '#1F5FAD'

@description('An https or mailto link for help, shown on every tracking page (TrackingPage__SupportUrl). Empty: none.')
param supportUrl string = ''

@description('Cache-Control max-age in seconds of a tracking page (TrackingPage__CacheSeconds).')
@minValue(0)
@maxValue(3600)
param trackingPageCacheSeconds int = 60

@description('Any other app setting, as an object of name to value (for example {"Refresh__BaseInterval": "01:00:00"}). Merged into the app settings on every provision; a name the template also sets takes this value.')
param extraAppSettings object = {}

@description('Queue of signed webhook delivery attempts (WebhookDeliveryQueueName); the poison queue is <name>-poison.')
@minLength(3)
@maxLength(56)
param webhookDeliveryQueueName string = 'webhook-deliveries'

@description('NCRONTAB schedule (6 fields, UTC) of the courier directory refresh (CourierRefreshSchedule).')
param courierRefreshSchedule string = '0 0 3 * * *'

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

@description('Deploy Azure Communication Services Email (Azure-managed domain, SMTP user name) and turn shopper milestone emails on.')
param deployEmail bool = false

@description('Where Azure Communication Services keeps email data at rest (deployEmail).')
param emailDataLocation string = 'Europe'

@description('Client id of the Entra application the SMTP user name authenticates as (deployEmail).')
param emailEntraApplicationId string = ''

@description('Object id of that application\'s service principal; it gets the role to send (deployEmail).')
param emailEntraServicePrincipalId string = ''

@description('A client secret of that application: the SMTP password, stored in Key Vault as NotificationsSmtpPassword (deployEmail).')
@secure()
param emailEntraClientSecret string = ''

@description('Secret of at least 32 characters that signs unsubscribe links, stored in Key Vault as NotificationsUnsubscribeKey (deployEmail). Keep it across deployments: a new one breaks the links already sent.')
@secure()
param notificationsUnsubscribeKey string = ''

@description('Public https base URL of the app with its route prefix, which emails link to (TrackingPage__PublicBaseUrl). Empty: https://<function app>.azurewebsites.net/api.')
param publicBaseUrl string = ''

var resourceToken = toLower(uniqueString(subscription().id, resourceGroup().id, environmentName, location))
var tags = {
  'azd-env-name': environmentName
  application: 'tracking-functions'
}
var functionAppName = 'func-${environmentName}-${resourceToken}'
var storageAccountName = 'st${resourceToken}'
var effectiveChangeEventSource = empty(changeEventSource)
  ? 'urn:trackingfunctions:${functionAppName}'
  : changeEventSource
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
  'Subscriptions'
  'Couriers'
  'TrackingNumbers'
  'OrderIndex'
  'Notifications'
  'Suppressions'
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
    webhookDeliveryQueueName: webhookDeliveryQueueName
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
    smtpPassword: deployEmail ? emailEntraClientSecret : ''
    unsubscribeKey: deployEmail ? notificationsUnsubscribeKey : ''
  }
}

module email 'modules/email.bicep' = if (deployEmail) {
  name: 'email'
  params: {
    namePrefix: '${environmentName}-${resourceToken}'
    tags: tags
    dataLocation: emailDataLocation
    entraApplicationId: emailEntraApplicationId
    entraServicePrincipalId: emailEntraServicePrincipalId
    smtpUserName: 'tracking-${resourceToken}'
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
    importQueueName: importQueueName
    changeEventSource: effectiveChangeEventSource
    changeEventsIncludePersonalData: changeEventsIncludePersonalData
    shopName: shopName
    logoUrl: logoUrl
    accentColor: accentColor
    supportUrl: supportUrl
    trackingPageCacheSeconds: trackingPageCacheSeconds
    extraAppSettings: extraAppSettings
    webhookDeliveryQueueName: storage.outputs.webhookDeliveryQueueName
    courierRefreshSchedule: courierRefreshSchedule
    attentionSchedule: attentionSchedule
    attentionAlertsEnabled: attentionAlertsEnabled
    attentionDigestEmail: attentionDigestEmail
    instanceMemoryMB: instanceMemoryMB
    maximumInstanceCount: maximumInstanceCount
    publicBaseUrl: publicBaseUrl
    emailEnabled: deployEmail
    emailSender: deployEmail ? email!.outputs.senderAddress : ''
    smtpUserName: deployEmail ? email!.outputs.smtpUserName : ''
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
    location: location
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
output WEBHOOK_DELIVERY_QUEUE_NAME string = storage.outputs.webhookDeliveryQueueName
output EMAIL_SENDER string = deployEmail ? email!.outputs.senderAddress : ''
