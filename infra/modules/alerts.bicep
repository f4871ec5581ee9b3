// Alerts on the two signals that need a human:
//  1. Poison-queue messages. Storage queue metrics (QueueMessageCount) are account-wide with no
//     queue-name dimension, so they cannot tell the poison queue from the busy command queue.
//     Instead a log search alert watches Application Insights for the warning the queue trigger
//     logs when it gives up on a message: "Message has reached MaxDequeueCount of N. Moving message
//     to queue '<name>-poison'." One such trace means one poisoned command.
//  2. Function failures: the standard Application Insights metric requests/failed, which counts
//     failed executions of every function (HTTP, queue and timer triggers alike).
// Both notify the optional action group (email); without an email the alerts still fire in the portal.

@description('Name prefix of the alert resources.')
param namePrefix string

@description('Azure region of the log search alert.')
param location string

@description('Tags applied to every resource.')
param tags object

@description('Application Insights component the Function App reports to.')
param applicationInsightsName string

@description('Name of the poison queue.')
param poisonQueueName string

@description('Email address notified by the alerts. Empty: no action group.')
param alertEmail string = ''

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource actionGroup 'Microsoft.Insights/actionGroups@2023-01-01' = if (!empty(alertEmail)) {
  name: 'ag-${namePrefix}'
  location: 'global'
  tags: tags
  properties: {
    groupShortName: take('trk${namePrefix}', 12)
    enabled: true
    emailReceivers: [
      {
        name: 'operator'
        emailAddress: alertEmail
        useCommonAlertSchema: true
      }
    ]
  }
}

var actionGroupIds = empty(alertEmail) ? [] : [actionGroup.id]

resource poisonQueueAlert 'Microsoft.Insights/scheduledQueryRules@2023-12-01' = {
  name: 'alert-${namePrefix}-poison-queue'
  location: location
  tags: tags
  kind: 'LogAlert'
  properties: {
    displayName: 'Tracking commands moved to ${poisonQueueName}'
    description: 'A tracking command failed maxDequeueCount times and was moved to the poison queue. Inspect and replay or discard it.'
    severity: 2
    enabled: true
    scopes: [
      applicationInsights.id
    ]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
    autoMitigate: false
    criteria: {
      allOf: [
        {
          query: 'traces | where message has "MaxDequeueCount" and message contains "\'${poisonQueueName}\'"'
          timeAggregation: 'Count'
          operator: 'GreaterThan'
          threshold: 0
          failingPeriods: {
            numberOfEvaluationPeriods: 1
            minFailingPeriodsToAlert: 1
          }
        }
      ]
    }
    actions: {
      actionGroups: actionGroupIds
    }
  }
}

resource functionFailuresAlert 'Microsoft.Insights/metricAlerts@2018-03-01' = {
  name: 'alert-${namePrefix}-function-failures'
  location: 'global'
  tags: tags
  properties: {
    description: 'One or more function executions failed (HTTP webhook, command queue or refresh timer).'
    severity: 2
    enabled: true
    scopes: [
      applicationInsights.id
    ]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
    autoMitigate: true
    criteria: {
      'odata.type': 'Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria'
      allOf: [
        {
          criterionType: 'StaticThresholdCriterion'
          name: 'FailedRequests'
          metricNamespace: 'microsoft.insights/components'
          metricName: 'requests/failed'
          operator: 'GreaterThan'
          threshold: 0
          timeAggregation: 'Count'
        }
      ]
    }
    actions: [
      for id in actionGroupIds: {
        actionGroupId: id
      }
    ]
  }
}

output poisonQueueAlertName string = poisonQueueAlert.name
output functionFailuresAlertName string = functionFailuresAlert.name
