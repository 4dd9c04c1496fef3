// Azure Monitor workbook of the service (spec section 11): send:verify by country, delivery latency
// p50/p95/p99, provider outcomes and segments per SMS, plus provider call time, receipts and fraud-guard
// suspensions. Every query runs on the Log Analytics workspace (AppMetrics, AppRequests, AppDependencies),
// not on the Application Insights component, whose query context uses the classic table names.
//
// Histograms reach AppMetrics pre-aggregated (per minute: sum, count, min, max; no buckets), so they give
// exact averages and maxima but no percentiles. Percentiles come from the delivery span instead, which
// carries the same enqueue-to-acceptance time as an attribute (see docs/operations.md, "Telemetry the
// queries rely on"); spans may be sampled, so counts from spans are weighted by ItemCount.

@description('Azure region of the workbook.')
param location string

@description('Tags applied to the workbook.')
param tags object

@description('Workbook title in the portal.')
param displayName string

@description('Log Analytics workspace the queries run on.')
param workspaceName string

resource workspace 'Microsoft.OperationalInsights/workspaces@2025-07-01' existing = {
  name: workspaceName
}

var workspaceId = workspace.id

var workspaceType = 'microsoft.operationalinsights/workspaces'

// The queries, one per visual. Names of instruments, spans and attributes are the contract of spec
// section 11 and docs/operations.md.
var queries = {
  sendVerifyByCountry: '''
let sent = AppMetrics
| where Name == "smsotp.sends" and tostring(Properties["outcome"]) == "sent"
| summarize Sent = sum(Sum) by country = tostring(Properties["country"]);
let verified = union AppRequests, AppDependencies
| where Name == "smsotp.verify" and tostring(Properties["smsotp.status"]) == "verified"
| summarize Verified = sum(ItemCount) by country = tostring(Properties["smsotp.country"]);
sent
| join kind=fullouter verified on country
| project country = coalesce(country, country1), Sent = coalesce(Sent, 0.0), Verified = coalesce(Verified, 0)
| extend SentPerVerified = iff(Verified > 0, round(Sent / Verified, 2), real(null)),
         ConversionPercent = iff(Sent > 0, round(100.0 * Verified / Sent, 1), real(null))
| order by Sent desc
'''
  deliveryLatencyPercentiles: '''
union AppRequests, AppDependencies
| where Name == "smsotp.delivery"
| extend seconds = todouble(Properties["smsotp.delivery.duration_s"])
| where isnotnull(seconds)
| summarize p50 = percentilew(seconds, ItemCount, 50), p95 = percentilew(seconds, ItemCount, 95), p99 = percentilew(seconds, ItemCount, 99)
    by bin(TimeGenerated, {TimeRange:grain})
| order by TimeGenerated asc
'''
  deliveryLatencyByProvider: '''
let spans = union AppRequests, AppDependencies
| where Name == "smsotp.delivery"
| extend provider = tostring(Properties["smsotp.provider"]), seconds = todouble(Properties["smsotp.delivery.duration_s"])
| where isnotnull(seconds)
| summarize p50 = percentilew(seconds, ItemCount, 50), p95 = percentilew(seconds, ItemCount, 95), p99 = percentilew(seconds, ItemCount, 99)
    by provider;
AppMetrics
| where Name == "smsotp.delivery.duration"
| summarize Deliveries = sum(ItemCount), AvgSeconds = round(sum(Sum) / sum(ItemCount), 3), MaxSeconds = round(max(Max), 3)
    by provider = tostring(Properties["provider"])
| join kind=leftouter spans on provider
| project provider, Deliveries, p50 = round(p50, 3), p95 = round(p95, 3), p99 = round(p99, 3), AvgSeconds, MaxSeconds
| order by Deliveries desc
'''
  providerOutcomesOverTime: '''
AppMetrics
| where Name == "smsotp.deliveries"
| summarize Messages = sum(Sum) by bin(TimeGenerated, {TimeRange:grain}), outcome = tostring(Properties["outcome"])
| order by TimeGenerated asc
'''
  providerOutcomes: '''
AppMetrics
| where Name == "smsotp.deliveries"
| summarize Messages = sum(Sum)
    by provider = tostring(Properties["provider"]), outcome = tostring(Properties["outcome"]), error_code = tostring(Properties["error_code"])
| order by Messages desc
'''
  providerCallDuration: '''
AppMetrics
| where Name == "smsotp.provider.duration"
| summarize Calls = sum(ItemCount), AvgSeconds = round(sum(Sum) / sum(ItemCount), 3), MaxSeconds = round(max(Max), 3)
    by provider = tostring(Properties["provider"]), outcome = tostring(Properties["outcome"])
| order by Calls desc
'''
  segmentsPerSms: '''
let segments = AppMetrics
| where Name == "smsotp.sms.segments"
| summarize Segments = sum(Sum), Encodings = make_set(tostring(Properties["encoding"]))
    by tenant = tostring(Properties["tenant"]), country = tostring(Properties["country"]);
AppMetrics
| where Name == "smsotp.sends" and tostring(Properties["outcome"]) == "sent"
| summarize Sms = sum(Sum) by tenant = tostring(Properties["tenant"]), country = tostring(Properties["country"])
| join kind=inner segments on tenant, country
| project tenant, country, Sms, Segments, SegmentsPerSms = round(Segments / Sms, 2), Encodings
| order by Segments desc
'''
  receipts: '''
AppMetrics
| where Name == "smsotp.receipts"
| summarize Receipts = sum(Sum) by provider = tostring(Properties["provider"]), status = tostring(Properties["status"])
| order by Receipts desc
'''
  fraudGuardSuspensions: '''
AppMetrics
| where Name == "smsotp.fraudguard.suspensions"
| summarize Suspensions = sum(Sum) by bin(TimeGenerated, {TimeRange:grain}), country = tostring(Properties["country"])
| order by TimeGenerated asc
'''
}

func queryItem(name string, title string, query string, visualization string, width string, workspace string) object => {
  type: 3
  name: name
  customWidth: width
  content: {
    version: 'KqlItem/1.0'
    title: title
    query: query
    size: 0
    queryType: 0
    resourceType: 'microsoft.operationalinsights/workspaces'
    crossComponentResources: [
      workspace
    ]
    timeContextFromParameter: 'TimeRange'
    timeContext: {
      durationMs: 86400000
    }
    visualization: visualization
  }
}

var content = {
  version: 'Notebook/1.0'
  items: [
    {
      type: 1
      name: 'header'
      content: {
        json: '## SMS OTP service\nOpenTelemetry of the service (meter and activity source `SmsOtp`). What each alert means and what to do: `docs/operations.md` in the repository.'
      }
    }
    {
      type: 9
      name: 'parameters'
      content: {
        version: 'KqlParameterItem/1.0'
        queryType: 0
        resourceType: workspaceType
        style: 'pills'
        parameters: [
          {
            id: '5d2b7c1e-3f0a-4c6e-9b8d-2a1f4e6c8b01'
            version: 'KqlParameterItem/1.0'
            name: 'TimeRange'
            label: 'Time range'
            type: 4
            isRequired: true
            value: {
              durationMs: 86400000
            }
            typeSettings: {
              allowCustom: true
              selectableValues: [
                { durationMs: 3600000 }
                { durationMs: 14400000 }
                { durationMs: 43200000 }
                { durationMs: 86400000 }
                { durationMs: 259200000 }
                { durationMs: 604800000 }
                { durationMs: 2592000000 }
              ]
            }
          }
        ]
      }
    }
    queryItem('send-verify-by-country', 'Send:verify by country (SMS sent per verified code)', queries.sendVerifyByCountry, 'table', '50', workspaceId)
    queryItem('segments-per-sms', 'Segments per SMS by tenant and country', queries.segmentsPerSms, 'table', '50', workspaceId)
    queryItem('delivery-latency', 'Delivery latency, enqueue to acceptance (s): p50 / p95 / p99', queries.deliveryLatencyPercentiles, 'timechart', '50', workspaceId)
    queryItem('delivery-latency-by-provider', 'Delivery latency by provider (s)', queries.deliveryLatencyByProvider, 'table', '50', workspaceId)
    queryItem('provider-outcomes-over-time', 'Provider outcomes over time', queries.providerOutcomesOverTime, 'timechart', '50', workspaceId)
    queryItem('provider-outcomes', 'Provider outcomes and error codes', queries.providerOutcomes, 'table', '50', workspaceId)
    queryItem('provider-call-duration', 'Provider call duration (s)', queries.providerCallDuration, 'table', '50', workspaceId)
    queryItem('receipts', 'Delivery receipts', queries.receipts, 'table', '50', workspaceId)
    queryItem('fraudguard-suspensions', 'Fraud-guard suspensions by country', queries.fraudGuardSuspensions, 'barchart', '100', workspaceId)
  ]
  fallbackResourceIds: [
    workspaceId
  ]
  '$schema': 'https://github.com/Microsoft/Application-Insights-Workbooks/blob/master/schema/workbook.json'
}

resource workbook 'Microsoft.Insights/workbooks@2023-06-01' = {
  // A workbook's name must be a GUID; this one is stable per workspace and title.
  name: guid(workspaceId, displayName)
  location: location
  tags: tags
  kind: 'shared'
  properties: {
    displayName: displayName
    category: 'workbook'
    sourceId: workspaceId
    serializedData: string(content)
  }
}
