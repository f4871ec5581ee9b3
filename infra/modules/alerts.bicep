// Alerts on the signals that need a human. None reads a trace: traces are sampled (host.json), so an
// alert on one can miss the event it watches. The app's own metrics are pre-aggregated in process and
// exported once a minute as OpenTelemetry metrics (never sampled), and each alerting metric has no
// dimensions, so the alerts work without "alerting on custom metric dimensions" on the component.
//  1. Dead letters: trackingfunctions.dead_letters, one per command moved from the poison queue to
//     the DeadLetters table. (Storage queue metrics are account-wide with no queue-name dimension and
//     cannot tell the poison queue from the busy command queue.)
//  2. Refresh lag: trackingfunctions.refresh.lag, the age of the oldest due tracking when a refresh
//     run starts. Above the threshold the refresh falls behind (rate budget, storage, failing runs).
//  3. AfterShip 429s: aftership.rate_limited over all endpoints. The client waits out and retries a
//     429, so a few are harmless; many mean scaled-out instances together exceed the limits.
//  4. Subscription disabled: trackingfunctions.subscriptions.disabled, a signed-webhook receiver that
//     answered 410 or failed every delivery for Subscriptions__DisableAfter (tag reason).
//  5. Function failures: the standard Application Insights metric requests/failed, which counts
//     failed executions of every function (HTTP, queue and timer triggers alike).
// All notify the optional action group (email); without an email the alerts still fire in the portal.

@description('Name prefix of the alert resources.')
param namePrefix string

@description('Tags applied to every resource.')
param tags object

@description('Application Insights component the Function App reports to.')
param applicationInsightsName string

@description('Name of the poison queue.')
param poisonQueueName string

@description('Refresh lag (seconds the oldest due tracking has waited at the start of a run) above which to alert.')
@minValue(900)
param refreshLagAlertSeconds int = 3600

@description('AfterShip 429 answers per 15 minutes, over all endpoints and instances, above which to alert.')
@minValue(1)
param rateLimitedAlertThreshold int = 50

@description('Azure region of the log alert (metric alerts are global).')
param location string = resourceGroup().location

@description('Share of shopper emails ending failed, per hour, above which to alert (0-1).')
param emailFailureRateThreshold string = '0.1'

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

// Custom metrics from the app (OpenTelemetry, namespace azure.applicationinsights). They exist only once the
// app has sent them, hence skipMetricValidation.
var customMetricAlerts = [
  {
    key: 'dead-letters'
    description: 'A tracking command failed maxDequeueCount times and was moved to ${poisonQueueName}, then into the DeadLetters table. Inspect it and replay or discard it.'
    metricName: 'trackingfunctions.dead_letters'
    timeAggregation: 'Total'
    threshold: 0
    severity: 2
    windowSize: 'PT15M'
    evaluationFrequency: 'PT5M'
  }
  {
    key: 'refresh-lag'
    description: 'The refresh is falling behind: the oldest due tracking had waited more than ${refreshLagAlertSeconds} s when a run started.'
    metricName: 'trackingfunctions.refresh.lag'
    timeAggregation: 'Maximum'
    threshold: refreshLagAlertSeconds
    severity: 3
    windowSize: 'PT1H'
    evaluationFrequency: 'PT15M'
  }
  {
    key: 'subscription-disabled'
    description: 'A signed-webhook subscription was disabled: its receiver answered 410 Gone, or every delivery failed for Subscriptions__DisableAfter. Fix the receiver, enable it (POST /api/ops/subscriptions/{id}/enable) and replay the missed window.'
    metricName: 'trackingfunctions.subscriptions.disabled'
    timeAggregation: 'Total'
    threshold: 0
    severity: 2
    windowSize: 'PT15M'
    evaluationFrequency: 'PT5M'
  }
  {
    key: 'aftership-429'
    description: 'AfterShip answered 429 more than ${rateLimitedAlertThreshold} times in 15 minutes: the instances together exceed the rate limits (see README, Rate limits across instances).'
    metricName: 'aftership.rate_limited'
    timeAggregation: 'Total'
    threshold: rateLimitedAlertThreshold
    severity: 3
    windowSize: 'PT15M'
    evaluationFrequency: 'PT5M'
  }
]

resource customMetricAlert 'Microsoft.Insights/metricAlerts@2018-03-01' = [
  for alert in customMetricAlerts: {
    name: 'alert-${namePrefix}-${alert.key}'
    location: 'global'
    tags: tags
    properties: {
      description: alert.description
      severity: alert.severity
      enabled: true
      scopes: [
        applicationInsights.id
      ]
      evaluationFrequency: alert.evaluationFrequency
      windowSize: alert.windowSize
      autoMitigate: true
      criteria: {
        'odata.type': 'Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria'
        allOf: [
          {
            criterionType: 'StaticThresholdCriterion'
            name: alert.key
            metricNamespace: 'azure.applicationinsights'
            metricName: alert.metricName
            operator: 'GreaterThan'
            threshold: alert.threshold
            timeAggregation: alert.timeAggregation
            skipMetricValidation: true
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
]

// 5. Shopper email failure rate: a ratio of two outcomes of trackingfunctions.notifications, which a metric alert
//    cannot express, so a log alert over the pre-aggregated customMetrics rows (never sampled). At least 10
//    finished emails in the hour, so one refusal in a quiet hour is no incident.
resource emailFailureRateAlert 'Microsoft.Insights/scheduledQueryRules@2023-03-15-preview' = {
  name: 'alert-${namePrefix}-email-failure-rate'
  location: location
  tags: tags
  properties: {
    description: 'More than ${emailFailureRateThreshold} of the shopper emails that finished in the last hour failed (SMTP refusals or attempts exhausted). Check the SMTP settings and GET /api/trackings/{id}/notifications.'
    severity: 2
    enabled: true
    scopes: [
      applicationInsights.id
    ]
    evaluationFrequency: 'PT15M'
    windowSize: 'PT1H'
    autoMitigate: true
    criteria: {
      allOf: [
        {
          query: 'customMetrics | where name == "trackingfunctions.notifications" | extend outcome = tostring(customDimensions["outcome"]) | where outcome != "retrying" | summarize failed = sumif(valueSum, outcome == "failed"), finished = sum(valueSum) | where finished >= 10 | extend rate = failed / finished | where rate > ${emailFailureRateThreshold}'
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

output deadLettersAlertName string = customMetricAlert[0].name
output functionFailuresAlertName string = functionFailuresAlert.name
