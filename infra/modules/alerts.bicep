// Alerting on the service's OpenTelemetry (spec section 11): an optional e-mail action group and five
// log search alert rules (scheduledQueryRules) over the workspace-based Application Insights tables.
//
// Where the telemetry lands (Azure Monitor exporter, workspace-based Application Insights):
//   - each metric point is one AppMetrics row per export interval (60 s, delta temporality) and attribute
//     set: Name = instrument name, Sum = the counter's increase (a histogram's sum of values),
//     ItemCount = a histogram's count of values, Min/Max, and every attribute in Properties under its own
//     key (Properties["outcome"]). Metrics are never sampled, so the alerts read metrics only;
//   - HTTP server spans land in AppRequests (ResultCode = the HTTP status, ItemCount = the sampling weight).
// docs/operations.md explains each rule, how to confirm it and what to do.
//
// Log search alerts query with Entra ID whatever the workspace's local-auth setting, as the identity of
// the rule, or else as whoever last edited the rule. Each rule here runs as a dedicated user-assigned
// identity with Log Analytics Reader on the workspace (the role Azure documents for rules that query a
// workspace), created and granted before the rules so their first evaluation already has access.

@description('Azure region of the rules and their identity.')
param location string

@description('Tags applied to every resource.')
param tags object

@description('Prefix of the rule and action group names (the deployment\'s environmentName).')
param namePrefix string

@description('User-assigned identity the alert rules query as.')
param identityName string

@description('Log Analytics workspace behind Application Insights: the rules\' scope.')
param workspaceName string

@description('E-mail address that receives alert notifications; empty creates no action group, and the rules fire without actions (visible in Azure Monitor > Alerts).')
param alertEmail string

@description('Delivery failure ratio: alert when more than this percentage of one provider\'s calls fail (rejected or transient) within 15 minutes.')
@minValue(1)
@maxValue(100)
param deliveryFailurePercentThreshold int

@description('Delivery failure ratio: provider calls in the 15 minutes before the ratio is judged.')
@minValue(1)
param deliveryFailureMinAttempts int

@description('Poison messages: alert when more than this many delivery messages are poisoned within 15 minutes.')
@minValue(0)
param poisonMessageThreshold int

@description('Conversion: alert when verified codes per SMS sent fall below this percentage for a tenant within an hour.')
@minValue(1)
@maxValue(100)
param conversionPercentThreshold int

@description('Conversion: SMS sent by a tenant within the hour before the ratio is judged.')
@minValue(1)
param conversionMinSends int

@description('HTTP 5xx ratio: alert when more than this percentage of HTTP requests answer 5xx within 15 minutes.')
@minValue(1)
@maxValue(100)
param serverErrorPercentThreshold int

@description('HTTP 5xx ratio: HTTP requests in the 15 minutes before the ratio is judged.')
@minValue(1)
param serverErrorMinRequests int

@description('Fraud-guard suspensions: alert when more than this many destinations of one country are suspended within 15 minutes.')
@minValue(0)
param fraudGuardSuspensionThreshold int

// Built-in role: Log Analytics Reader (query the workspace; no keys, no writes).
var logAnalyticsReaderRoleId = '73c42c96-874c-492b-b04d-ab87d138a893'

var runbook = 'docs/operations.md'

// One entry per rule. The queries read only what spec section 11 names: instrument names and their
// attributes, exactly as emitted. Minimum volumes sit in the query (rows below them are not judged);
// the threshold is the rule's own, so the portal shows it.
var alertRules = [
  {
    key: 'delivery-failure-ratio'
    displayName: 'SMS OTP: delivery failure ratio'
    description: 'More than ${deliveryFailurePercentThreshold}% of one SMS provider\'s calls failed (rejected or transient) in 15 minutes. Runbook: ${runbook}#delivery-failure-ratio'
    severity: 1
    windowSize: 'PT15M'
    evaluationFrequency: 'PT5M'
    query: format(
      '''
AppMetrics
| where Name == "smsotp.deliveries"
| extend provider = tostring(Properties["provider"]), outcome = tostring(Properties["outcome"])
| where outcome in ("accepted", "rejected", "transient")
| summarize Attempts = sum(Sum), Failures = sumif(Sum, outcome != "accepted") by provider
| where Attempts >= {0}
| extend FailurePercent = round(100.0 * Failures / Attempts, 1)
''',
      deliveryFailureMinAttempts
    )
    timeAggregation: 'Maximum'
    metricMeasureColumn: 'FailurePercent'
    operator: 'GreaterThan'
    threshold: deliveryFailurePercentThreshold
    dimensions: ['provider']
  }
  {
    key: 'poison-messages'
    displayName: 'SMS OTP: poison-queue messages'
    description: 'More than ${poisonMessageThreshold} delivery message(s) failed every attempt and went to the poison queue in 15 minutes: those users got no SMS. Runbook: ${runbook}#poison-messages'
    severity: 2
    windowSize: 'PT15M'
    evaluationFrequency: 'PT5M'
    query: '''
AppMetrics
| where Name == "smsotp.deliveries"
| where tostring(Properties["outcome"]) == "poison"
| summarize PoisonMessages = sum(Sum)
'''
    timeAggregation: 'Total'
    metricMeasureColumn: 'PoisonMessages'
    operator: 'GreaterThan'
    threshold: poisonMessageThreshold
    dimensions: []
  }
  {
    key: 'conversion-drop'
    displayName: 'SMS OTP: conversion ratio dropped'
    description: 'Fewer than ${conversionPercentThreshold}% of the SMS codes a tenant sent in the last hour were verified: SMS pumping, or codes that do not arrive. Runbook: ${runbook}#conversion-drop'
    severity: 2
    windowSize: 'PT1H'
    evaluationFrequency: 'PT15M'
    query: format(
      '''
AppMetrics
| where Name in ("smsotp.sends", "smsotp.verifications")
| extend tenant = tostring(Properties["tenant"])
| summarize
    Sent = sumif(Sum, Name == "smsotp.sends" and tostring(Properties["outcome"]) == "sent"),
    Verified = sumif(Sum, Name == "smsotp.verifications" and tostring(Properties["status"]) == "verified")
    by tenant
| where Sent >= {0}
| extend ConversionPercent = round(100.0 * Verified / Sent, 1)
''',
      conversionMinSends
    )
    timeAggregation: 'Minimum'
    metricMeasureColumn: 'ConversionPercent'
    operator: 'LessThan'
    threshold: conversionPercentThreshold
    dimensions: ['tenant']
  }
  {
    key: 'http-5xx-ratio'
    displayName: 'SMS OTP: HTTP 5xx ratio'
    description: 'More than ${serverErrorPercentThreshold}% of HTTP requests answered 5xx in 15 minutes. Runbook: ${runbook}#http-5xx-ratio'
    severity: 1
    windowSize: 'PT15M'
    evaluationFrequency: 'PT5M'
    query: format(
      '''
AppRequests
| extend Code = toint(ResultCode)
| where Code between (100 .. 599)
| summarize Requests = sum(ItemCount), ServerErrors = sumif(ItemCount, Code >= 500)
| where Requests >= {0}
| extend ServerErrorPercent = round(100.0 * ServerErrors / Requests, 2)
''',
      serverErrorMinRequests
    )
    timeAggregation: 'Maximum'
    metricMeasureColumn: 'ServerErrorPercent'
    operator: 'GreaterThan'
    threshold: serverErrorPercentThreshold
    dimensions: []
  }
  {
    key: 'fraudguard-suspensions'
    displayName: 'SMS OTP: fraud-guard suspensions'
    description: 'The fraud guard suspended more than ${fraudGuardSuspensionThreshold} destination(s) of one country in 15 minutes (low conversion: likely SMS pumping). Runbook: ${runbook}#fraudguard-suspensions'
    severity: 2
    windowSize: 'PT15M'
    evaluationFrequency: 'PT5M'
    query: '''
AppMetrics
| where Name == "smsotp.fraudguard.suspensions"
| summarize Suspensions = sum(Sum) by country = tostring(Properties["country"])
'''
    timeAggregation: 'Total'
    metricMeasureColumn: 'Suspensions'
    operator: 'GreaterThan'
    threshold: fraudGuardSuspensionThreshold
    dimensions: ['country']
  }
]

resource workspace 'Microsoft.OperationalInsights/workspaces@2025-07-01' existing = {
  name: workspaceName
}

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: identityName
  location: location
  tags: tags
}

// The narrowest scope that works: the workspace the rules query, nothing else.
resource workspaceReader 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(workspace.id, identity.id, logAnalyticsReaderRoleId)
  scope: workspace
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', logAnalyticsReaderRoleId)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
    description: 'SMS OTP alert rules: run their log queries on the workspace.'
  }
}

resource actionGroup 'Microsoft.Insights/actionGroups@2023-01-01' = if (!empty(alertEmail)) {
  name: 'ag-${namePrefix}'
  location: 'global'
  tags: tags
  properties: {
    groupShortName: take(namePrefix, 12)
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

resource rules 'Microsoft.Insights/scheduledQueryRules@2026-03-01' = [
  for rule in alertRules: {
    name: 'alert-${namePrefix}-${rule.key}'
    location: location
    tags: tags
    kind: 'LogAlert'
    identity: {
      type: 'UserAssigned'
      userAssignedIdentities: {
        '${identity.id}': {}
      }
    }
    properties: {
      displayName: rule.displayName
      description: rule.description
      severity: rule.severity
      enabled: true
      scopes: [
        workspace.id
      ]
      evaluationFrequency: rule.evaluationFrequency
      windowSize: rule.windowSize
      criteria: {
        allOf: [
          {
            query: rule.query
            timeAggregation: rule.timeAggregation
            metricMeasureColumn: rule.metricMeasureColumn
            operator: rule.operator
            threshold: rule.threshold
            dimensions: [
              for dimension in rule.dimensions: {
                name: dimension
                operator: 'Include'
                values: [
                  '*'
                ]
              }
            ]
            failingPeriods: {
              numberOfEvaluationPeriods: 1
              minFailingPeriodsToAlert: 1
            }
          }
        ]
      }
      autoMitigate: true
      // The App* tables appear in a new workspace only once Application Insights has been linked to it
      // (and, for some, once data arrives); validating the query at creation can then fail the first
      // deployment with "Failed to resolve table". Skip it, as Azure Monitor advises for such races; the
      // infra tests hold the queries to the spec's names, and a rule whose query fails at run time shows
      // in its Resource health.
      skipQueryValidation: true
      actions: {
        actionGroups: empty(alertEmail) ? [] : [actionGroup.id]
        customProperties: {
          runbook: '${runbook}#${rule.key}'
        }
      }
    }
    // The query runs as the identity: grant first, so the first evaluation is already authorised.
    dependsOn: [
      workspaceReader
    ]
  }
]

@description('The e-mail action group, for other alert rules to notify; empty when there is none.')
output actionGroupId string = empty(alertEmail) ? '' : actionGroup.id
