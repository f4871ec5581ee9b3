// Azure Communication Services Email for the shopper emails: an email service with an Azure-managed domain (no DNS
// work), linked to a communication service, and an SMTP user name tied to an Entra application. The app sends through
// the SMTP relay (smtp.azurecomm.net:587, STARTTLS) with that user name and the application's client secret, which
// the caller stores in Key Vault.

@description('Name prefix of the communication and email services.')
param namePrefix string

@description('Tags applied to every resource.')
param tags object

@description('Where ACS keeps its data at rest (for example Europe, United States).')
param dataLocation string

@description('Client (application) id of the Entra application the SMTP user name authenticates as.')
param entraApplicationId string

@description('Object id of that application\'s service principal; it gets the role that lets it send.')
param entraServicePrincipalId string

@description('SMTP user name (what the app logs in with).')
param smtpUserName string

resource emailService 'Microsoft.Communication/emailServices@2025-09-01' = {
  name: 'ecs-${namePrefix}'
  location: 'global'
  tags: tags
  properties: {
    dataLocation: dataLocation
  }

  resource managedDomain 'domains' = {
    name: 'AzureManagedDomain'
    location: 'global'
    tags: tags
    properties: {
      domainManagement: 'AzureManaged'
      // Shopper emails are transactional: no open or click tracking.
      userEngagementTracking: 'Disabled'
    }
  }
}

resource communication 'Microsoft.Communication/communicationServices@2025-09-01' = {
  name: 'acs-${namePrefix}'
  location: 'global'
  tags: tags
  properties: {
    dataLocation: dataLocation
    linkedDomains: [
      emailService::managedDomain.id
    ]
  }
}

resource smtpUser 'Microsoft.Communication/communicationServices/smtpUsernames@2025-09-01' = {
  parent: communication
  name: 'tracking-functions'
  properties: {
    entraApplicationId: entraApplicationId
    tenantId: tenant().tenantId
    username: smtpUserName
  }
}

// What ACS's SMTP authentication asks of the application (learn.microsoft.com, "smtp-authentication"): read and
// write on the communication service, write on email services. A role of exactly that, rather than Contributor.
resource sendRoleDefinition 'Microsoft.Authorization/roleDefinitions@2022-04-01' = {
  name: guid(resourceGroup().id, 'tracking-functions-acs-smtp-sender')
  properties: {
    roleName: 'ACS SMTP sender (${namePrefix})'
    description: 'Lets the TrackingFunctions SMTP user name send email through Azure Communication Services.'
    type: 'CustomRole'
    assignableScopes: [
      resourceGroup().id
    ]
    permissions: [
      {
        actions: [
          'Microsoft.Communication/CommunicationServices/Read'
          'Microsoft.Communication/CommunicationServices/Write'
          'Microsoft.Communication/EmailServices/write'
        ]
        notActions: []
      }
    ]
  }
}

resource sendRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: communication
  name: guid(communication.id, entraServicePrincipalId, sendRoleDefinition.id)
  properties: {
    principalId: entraServicePrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: sendRoleDefinition.id
  }
}

output communicationServiceName string = communication.name
output smtpUserName string = smtpUser.properties.username
output senderAddress string = 'DoNotReply@${emailService::managedDomain.properties.mailFromSenderDomain}'
