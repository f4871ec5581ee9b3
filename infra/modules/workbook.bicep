// An Azure Monitor workbook over the app's metrics (OpenTelemetry metrics in the customMetrics table of
// Application Insights; metrics are pre-aggregated, never sampled): webhooks by outcome, commands by
// outcome, AfterShip calls, 429s and retries by endpoint, refresh lag, dead letters, import progress and
// attention events by cause.

@description('Name prefix of the workbook display name.')
param namePrefix string

@description('Azure region.')
param location string

@description('Tags applied to every resource.')
param tags object

@description('Application Insights component the Function App reports to.')
param applicationInsightsName string

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

// One chart per metric: title, KQL over customMetrics, and the dimension it is split by ('' for none).
var charts = [
  {
    title: 'Webhooks by outcome'
    metric: 'trackingfunctions.webhooks'
    dimension: 'outcome'
    aggregate: 'sum(valueSum)'
  }
  {
    title: 'Commands by outcome'
    metric: 'trackingfunctions.commands'
    dimension: 'outcome'
    aggregate: 'sum(valueSum)'
  }
  {
    title: 'AfterShip calls by endpoint'
    metric: 'aftership.attempts'
    dimension: 'endpoint'
    aggregate: 'sum(valueSum)'
  }
  {
    title: 'AfterShip 429s by endpoint'
    metric: 'aftership.rate_limited'
    dimension: 'endpoint'
    aggregate: 'sum(valueSum)'
  }
  {
    title: 'AfterShip retries by endpoint'
    metric: 'aftership.retries'
    dimension: 'endpoint'
    aggregate: 'sum(valueSum)'
  }
  {
    title: 'Refresh lag (seconds the oldest due tracking waited)'
    metric: 'trackingfunctions.refresh.lag'
    dimension: ''
    aggregate: 'max(valueMax)'
  }
  {
    title: 'Dead-lettered commands'
    metric: 'trackingfunctions.dead_letters'
    dimension: ''
    aggregate: 'sum(valueSum)'
  }
  {
    title: 'Import progress (trackings imported)'
    metric: 'trackingfunctions.import.trackings'
    dimension: ''
    aggregate: 'sum(valueSum)'
  }
  {
    title: 'Shopper emails by outcome'
    metric: 'trackingfunctions.notifications'
    dimension: 'outcome'
    aggregate: 'sum(valueSum)'
  }
  {
    title: 'Parcels needing attention, by cause'
    metric: 'trackingfunctions.attention'
    dimension: 'cause'
    aggregate: 'sum(valueSum)'
  }
]

var items = [
  for (chart, i) in charts: {
    type: 3
    name: 'chart-${i}'
    content: {
      version: 'KqlItem/1.0'
      title: chart.title
      query: empty(chart.dimension)
        ? 'customMetrics | where name == "${chart.metric}" | summarize value = ${chart.aggregate} by bin(timestamp, 5m) | render timechart'
        : 'customMetrics | where name == "${chart.metric}" | extend ${chart.dimension} = tostring(customDimensions["${chart.dimension}"]) | summarize value = ${chart.aggregate} by ${chart.dimension}, bin(timestamp, 5m) | render timechart'
      size: 0
      timeContext: {
        durationMs: 86400000
      }
      queryType: 0
      resourceType: 'microsoft.insights/components'
      visualization: 'timechart'
    }
    customWidth: '50'
  }
]

resource workbook 'Microsoft.Insights/workbooks@2023-06-01' = {
  name: guid(resourceGroup().id, applicationInsights.id, 'trackingfunctions-operations')
  location: location
  tags: tags
  kind: 'shared'
  properties: {
    displayName: 'TrackingFunctions operations (${namePrefix})'
    category: 'workbook'
    sourceId: applicationInsights.id
    serializedData: string({
      version: 'Notebook/1.0'
      items: items
      isLocked: false
      fallbackResourceIds: [
        applicationInsights.id
      ]
    })
  }
}

output workbookName string = workbook.name
output workbookMetrics array = [for chart in charts: chart.metric]
