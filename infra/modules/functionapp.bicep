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

@description('Queue of signed webhook delivery attempts (binding expression %WebhookDeliveryQueueName%).')
param webhookDeliveryQueueName string

@description('NCRONTAB (6 fields, UTC) schedule of the change-event outbox sweep.')
param changeSweepSchedule string

@description('Queue that carries an import forward (ImportQueueName).')
param importQueueName string

@description('CloudEvents source of every change event.')
param changeEventSource string

@description('Add personal data to change events.')
param changeEventsIncludePersonalData bool

@description('Tracking page: the shop name (TrackingPage__ShopName).')
param shopName string

@description('Tracking page: https URL of the logo (TrackingPage__LogoUrl).')
param logoUrl string

@description('Tracking page: #RRGGBB accent colour (TrackingPage__AccentColor).')
param accentColor string

@description('Tracking page: https or mailto help link (TrackingPage__SupportUrl).')
param supportUrl string

@description('Tracking page: Cache-Control max-age in seconds (TrackingPage__CacheSeconds).')
param trackingPageCacheSeconds int

@description('Any other app settings (name to value); a name the template also sets takes this value.')
param extraAppSettings object

@description('NCRONTAB (6 fields, UTC) schedule of the courier directory refresh.')
param courierRefreshSchedule string

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

@description('Public https base URL with the route prefix that emails link to (TrackingPage__PublicBaseUrl). Empty: the app\'s default host name.')
param publicBaseUrl string = ''

@description('Send shopper milestone emails through Azure Communication Services (email.bicep).')
param emailEnabled bool = false

@description('Sender address of the emails (the managed domain\'s DoNotReply address).')
param emailSender string = ''

@description('ACS SMTP user name.')
param smtpUserName string = ''

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

var effectivePublicBaseUrl = empty(publicBaseUrl) ? 'https://${name}.azurewebsites.net/api' : publicBaseUrl

// Shopper emails through the ACS SMTP relay; without them the app records and sends nothing (Notifications__Enabled false).
var emailAppSettings = emailEnabled
  ? [
      {
        name: 'Notifications__Enabled'
        value: 'true'
      }
      {
        name: 'Notifications__From'
        value: emailSender
      }
      {
        name: 'Notifications__Smtp__Host'
        value: 'smtp.azurecomm.net'
      }
      {
        name: 'Notifications__Smtp__Port'
        value: '587'
      }
      {
        name: 'Notifications__Smtp__Security'
        value: 'StartTls'
      }
      {
        name: 'Notifications__Smtp__UserName'
        value: smtpUserName
      }
      {
        name: 'Notifications__Smtp__Password'
        value: '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=NotificationsSmtpPassword)'
      }
      {
        name: 'Notifications__UnsubscribeKey'
        value: '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=NotificationsUnsubscribeKey)'
      }
      {
        // Azure Communication Services starts near 30 emails a minute per subscription.
        name: 'Notifications__RatePerMinute'
        value: '30'
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
  // Binding expression %WebhookDeliveryQueueName%. The webhook log's per-day tables are made and dropped by the
  // app (Storage Table Data Contributor); Subscriptions__AllowPrivateTargets stays at its default, false.
  {
    name: 'WebhookDeliveryQueueName'
    value: webhookDeliveryQueueName
  }
  // Binding expression %ImportQueueName%; the app creates the queue on the first import.
  {
    name: 'ImportQueueName'
    value: importQueueName
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
  {
    name: 'ChangeEvents__Source'
    value: changeEventSource
  }
  {
    name: 'ChangeEvents__IncludePersonalData'
    value: string(changeEventsIncludePersonalData)
  }
  // The shopper tracking page's branding; empty values mean unbranded.
  {
    name: 'TrackingPage__ShopName'
    value: shopName
  }
  {
    name: 'TrackingPage__LogoUrl'
    value: logoUrl
  }
  {
    name: 'TrackingPage__AccentColor'
    value: accentColor
  }
  {
    name: 'TrackingPage__SupportUrl'
    value: supportUrl
  }
  {
    name: 'TrackingPage__CacheSeconds'
    value: string(trackingPageCacheSeconds)
  }
  // Binding expression %CourierRefreshSchedule%: the courier directory's daily refresh.
  {
    name: 'CourierRefreshSchedule'
    value: courierRefreshSchedule
  }
  {
    name: 'NotificationQueueName'
    value: 'tracking-notifications'
  }
  {
    name: 'TrackingPage__PublicBaseUrl'
    value: effectivePublicBaseUrl
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

// App Service replaces the whole list on every deployment, so a setting added only in the portal is gone after the
// next provision. extraAppSettings is the way to keep one: it is merged in here, and wins over the template's value.
var extraAppSettingsList = map(items(extraAppSettings), setting => {
  name: setting.key
  value: string(setting.value)
})
var appSettings = concat(
  filter(
    concat(baseAppSettings, rotationAppSettings, emailAppSettings),
    setting => !contains(extraAppSettings, setting.name)
  ),
  extraAppSettingsList
)

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
      appSettings: appSettings
    }
  }
}

output id string = functionApp.id
output name string = functionApp.name
output defaultHostName string = functionApp.properties.defaultHostName
