// Key Vault holding the AfterShip secrets. The Function App reads them through Key Vault
// references resolved with its user-assigned identity (Key Vault Secrets User, rbac.bicep).
// Public network access stays on: Flex Consumption cannot resolve Key Vault references
// against a network-restricted vault. Access is governed by Azure RBAC only.

@description('Key Vault name (3-24 characters).')
@minLength(3)
@maxLength(24)
param name string

@description('Azure region.')
param location string

@description('Tags applied to every resource.')
param tags object

@description('AfterShip API key (as-api-key header).')
@secure()
param afterShipApiKey string

@description('Current AfterShip webhook signing secret.')
@secure()
param webhookSecret string

@description('Previous AfterShip webhook signing secret, kept during rotation. Empty when not rotating.')
@secure()
param webhookSecretPrevious string = ''

@description('SMTP password of the shopper emails (the Entra application\'s client secret). Empty: emails not deployed.')
@secure()
param smtpPassword string = ''

@description('Key that signs unsubscribe links. Empty: emails not deployed.')
@secure()
param unsubscribeKey string = ''

@description('Enable purge protection (irreversible; blocks purging the vault after azd down).')
param enablePurgeProtection bool = false

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 7
    // Purge protection cannot be switched off again once on, so it is omitted (null) rather than false.
    enablePurgeProtection: enablePurgeProtection ? true : null
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: 'Allow'
    }
  }

  resource apiKeySecret 'secrets' = {
    name: 'AfterShipApiKey'
    properties: {
      value: afterShipApiKey
      contentType: 'text/plain'
    }
  }

  resource webhookSecretCurrent 'secrets' = {
    name: 'AfterShipWebhookSecret'
    properties: {
      value: webhookSecret
      contentType: 'text/plain'
    }
  }

  resource smtpPasswordSecret 'secrets' = if (!empty(smtpPassword)) {
    name: 'NotificationsSmtpPassword'
    properties: {
      value: smtpPassword
      contentType: 'text/plain'
    }
  }

  resource unsubscribeKeySecret 'secrets' = if (!empty(unsubscribeKey)) {
    name: 'NotificationsUnsubscribeKey'
    properties: {
      value: unsubscribeKey
      contentType: 'text/plain'
    }
  }

  resource webhookSecretOld 'secrets' = if (!empty(webhookSecretPrevious)) {
    name: 'AfterShipWebhookSecretPrevious'
    properties: {
      value: webhookSecretPrevious
      contentType: 'text/plain'
    }
  }
}

output id string = vault.id
output name string = vault.name
output uri string = vault.properties.vaultUri
