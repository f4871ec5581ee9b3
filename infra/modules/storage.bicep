// Storage account used both as the Functions host storage (AzureWebJobsStorage: timer locks,
// host keys, the Flex Consumption deployment package container) and as the app's data store
// (tables and the command queue). Shared-key access is off: every caller, including the host,
// authenticates with Microsoft Entra ID (the user-assigned identity).

@description('Storage account name (3-24 lowercase letters and digits).')
@minLength(3)
@maxLength(24)
param name string

@description('Azure region.')
param location string

@description('Tags applied to every resource.')
param tags object

@description('Blob container that holds the Flex Consumption deployment package.')
param deploymentContainerName string

@description('Queue the command-processing function is triggered by.')
@minLength(3)
@maxLength(56)
param commandQueueName string

@description('Queue of signed webhook delivery attempts (WebhookDeliveryQueueName).')
@minLength(3)
@maxLength(56)
param webhookDeliveryQueueName string

@description('Queue the app publishes tracking change events to (ChangeEvents__QueueName).')
@minLength(3)
@maxLength(63)
param changeQueueName string

@description('Tables the app reads and writes.')
param tableNames string[]

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    accessTier: 'Hot'
    allowBlobPublicAccess: false
    allowCrossTenantReplication: false
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    publicNetworkAccess: 'Enabled'
    supportsHttpsTrafficOnly: true
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: 'Allow'
    }
  }

  resource blobService 'blobServices' = {
    name: 'default'

    resource deploymentContainer 'containers' = {
      name: deploymentContainerName
      properties: {
        publicAccess: 'None'
      }
    }
  }

  resource queueService 'queueServices' = {
    name: 'default'

    resource commandQueue 'queues' = {
      name: commandQueueName
    }

    // The queue trigger moves a message here after host.json maxDequeueCount failed attempts.
    resource poisonQueue 'queues' = {
      name: '${commandQueueName}-poison'
    }

    // Tracking change events (CloudEvents) for other apps to consume; the app only sends to it.
    resource changeQueue 'queues' = {
      name: changeQueueName
    }

    // Signed webhook attempts (retries wait on it hidden) and where the host moves one that kept failing.
    resource webhookDeliveryQueue 'queues' = {
      name: webhookDeliveryQueueName
    }

    resource webhookDeliveryPoisonQueue 'queues' = {
      name: '${webhookDeliveryQueueName}-poison'
    }
  }

  resource tableService 'tableServices' = {
    name: 'default'

    resource tables 'tables' = [
      for tableName in tableNames: {
        name: tableName
      }
    ]
  }
}

output id string = storage.id
output name string = storage.name
output blobEndpoint string = storage.properties.primaryEndpoints.blob
output queueEndpoint string = storage.properties.primaryEndpoints.queue
output tableEndpoint string = storage.properties.primaryEndpoints.table
output poisonQueueName string = storage::queueService::poisonQueue.name
output changeQueueName string = storage::queueService::changeQueue.name
output webhookDeliveryQueueName string = storage::queueService::webhookDeliveryQueue.name
