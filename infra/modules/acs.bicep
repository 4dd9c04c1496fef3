// Azure Communication Services wiring for the acs preset (spec section 14), on an ACS resource that
// exists (made by acs-resource.bicep, or the operator's own in this resource group):
// - the app identity's role on it, the least privilege that lets it send SMS (docs/providers.md);
// - an Event Grid system topic on it and a subscription filtered to SMSDeliveryReportReceived, whose
//   destination is the receipt queue, delivered with the topic's own identity, which may only send
//   messages to that one queue; undeliverable events dead-lettered to a blob container;
// - an alert on dead-lettered and dropped events.

@description('Name of the Communication Services resource, in this resource group.')
param acsName string

@description('Tags applied to every resource.')
param tags object

@description('Prefix of the names of the topic and the alerts.')
param namePrefix string

@description('Principal id of the app identity (it sends the SMS).')
param principalId string

@description('Resource id of the app identity (names its role assignment deterministically).')
param identityResourceId string

@description('Storage account of the receipt queue and the dead-letter container.')
param storageAccountName string

@description('The receipt queue (SmsOtp:Storage:ReceiptQueue); the storage module creates it.')
param receiptQueueName string

@description('Blob container for events Event Grid could not deliver.')
param deadLetterContainerName string

@description('Action group the alerts notify; empty notifies nobody (the alerts still fire).')
param actionGroupId string

// Communication and Email Service Owner: ACS authorises Entra ID callers of its SMS API by this built-in
// role (or Contributor/Owner) on the resource, and honours no custom role (docs/providers.md).
var communicationServiceOwner = '09976791-48a7-449e-bb21-39d1a415f350'
var storageQueueDataMessageSender = 'c6a89b2d-59bc-44d0-9896-0f6e12d7b80a'
var storageBlobDataContributor = 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
var deliveryReportEvent = 'Microsoft.Communication.SMSDeliveryReportReceived'

resource acs 'Microsoft.Communication/communicationServices@2025-05-01' existing = {
  name: acsName
}

resource storage 'Microsoft.Storage/storageAccounts@2025-06-01' existing = {
  name: storageAccountName

  resource queueService 'queueServices' existing = {
    name: 'default'

    resource receiptQueue 'queues' existing = {
      name: receiptQueueName
    }
  }

  resource blobService 'blobServices' existing = {
    name: 'default'
  }
}

resource deadLetters 'Microsoft.Storage/storageAccounts/blobServices/containers@2025-06-01' = {
  parent: storage::blobService
  name: deadLetterContainerName
  properties: {
    publicAccess: 'None'
  }
}

resource appSends 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(acs.id, identityResourceId, communicationServiceOwner)
  scope: acs
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', communicationServiceOwner)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

resource topic 'Microsoft.EventGrid/systemTopics@2025-02-15' = {
  name: '${namePrefix}-acs-events'
  location: 'global'
  tags: tags
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    source: acs.id
    topicType: 'Microsoft.Communication.CommunicationServices'
  }
}

// The topic's identity may put messages on the receipt queue and nothing else: not read them, not
// reach another queue.
resource topicSends 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage::queueService::receiptQueue.id, topic.id, storageQueueDataMessageSender)
  scope: storage::queueService::receiptQueue
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageQueueDataMessageSender)
    principalId: topic.identity.principalId
    principalType: 'ServicePrincipal'
  }
}

resource topicDeadLetters 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(deadLetters.id, topic.id, storageBlobDataContributor)
  scope: deadLetters
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageBlobDataContributor)
    principalId: topic.identity.principalId
    principalType: 'ServicePrincipal'
  }
}

resource deliveryReports 'Microsoft.EventGrid/systemTopics/eventSubscriptions@2025-02-15' = {
  parent: topic
  name: 'sms-delivery-reports'
  // Event Grid checks it may write when the subscription is made: the roles come first.
  dependsOn: [
    topicSends
    topicDeadLetters
  ]
  properties: {
    eventDeliverySchema: 'EventGridSchema'
    filter: {
      includedEventTypes: [
        deliveryReportEvent
      ]
    }
    deliveryWithResourceIdentity: {
      identity: {
        type: 'SystemAssigned'
      }
      destination: {
        endpointType: 'StorageQueue'
        properties: {
          resourceId: storage.id
          queueName: receiptQueueName
          // A report older than a code's lifetime changes nothing; a day is ample.
          queueMessageTimeToLiveInSeconds: 86400
        }
      }
    }
    deadLetterWithResourceIdentity: {
      identity: {
        type: 'SystemAssigned'
      }
      deadLetterDestination: {
        endpointType: 'StorageBlob'
        properties: {
          resourceId: storage.id
          blobContainerName: deadLetterContainerName
        }
      }
    }
    retryPolicy: {
      maxDeliveryAttempts: 30
      eventTimeToLiveInMinutes: 1440
    }
  }
}

// Reports that never reached the queue: dead-lettered (delivery kept failing) or dropped (not even
// that). Either means statuses stay "sent" and no reroute happens.
resource lostReports 'Microsoft.Insights/metricAlerts@2026-01-01' = [
  for metric in ['DeadLetteredCount', 'DroppedEventCount']: {
    name: '${namePrefix}-acs-reports-${toLower(metric)}'
    location: 'global'
    tags: tags
    properties: {
      description: 'ACS delivery reports ${metric == 'DeadLetteredCount' ? 'dead-lettered' : 'dropped'} by Event Grid: delivery statuses stop updating (docs/operations.md).'
      severity: 2
      enabled: true
      scopes: [
        topic.id
      ]
      evaluationFrequency: 'PT5M'
      windowSize: 'PT15M'
      criteria: {
        'odata.type': 'Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria'
        allOf: [
          {
            criterionType: 'StaticThresholdCriterion'
            name: metric
            metricNamespace: 'Microsoft.EventGrid/systemTopics'
            metricName: metric
            operator: 'GreaterThan'
            threshold: 0
            timeAggregation: 'Total'
          }
        ]
      }
      actions: empty(actionGroupId) ? [] : [
        {
          actionGroupId: actionGroupId
        }
      ]
    }
  }
]

output topicName string = topic.name
